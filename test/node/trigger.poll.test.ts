/**
 * The Huawei CEC Trigger through n8n-core's own poll path (PollContext + PollTriggerExecutor, one
 * context per activation, each emit run by WorkflowExecute) against the HTTPS simulator, signed in
 * as n8n's integration agent. The simulator's queues and agents change between polls; the tests
 * count what the executions received.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { pollWorkflow, triggerWorkflow, type PolledWorkflow } from '../harness/poller';
import { startSimulator, type Simulator } from '../simulator';
import { GATEWAY, SimClient } from '../simulator/client';

const INTEGRATION = '900';
const TRIGGER = 'Huawei CEC Trigger';

let sim: Simulator;

function credentials(): Record<string, ICredentialDataDecryptedObject> {
	return {
		huaweiCecIntegrationAgentApi: {
			baseUrl: sim.url,
			caPem: sim.caPem,
			ignoreSslIssues: false,
			agentId: INTEGRATION,
			password: '',
			phoneNumber: '9900',
			authMode: 'static',
		},
	};
}

/** A person's agent, signed in by the test (as their desktop would), in the given skill queues. */
async function humanAgent(workNo: string, skills: number[]): Promise<void> {
	sim.createAgent(workNo, `pw-${workNo}`);
	sim.setAgentProfile(workNo, { skills, name: `Agent ${workNo}` });
	await sim.signIn(workNo, `pw-${workNo}`);
}

const acdStats = () => sim.requests().filter((r) => r.path.endsWith('/queryacdstat'));
const events = (items: IDataObject[][]) =>
	items.map((batch) => batch.map((i) => `${i.skillId ?? i.workNo}:${i.event}`));

beforeEach(async () => {
	sim = await startSimulator({ authMode: 'static', idleSignOutMs: 0, pollHoldMs: 0 });
	sim.createAgent(INTEGRATION, '');
	sim.setAgentProfile(INTEGRATION, { inspector: true, skills: [] });
	for (const id of [1, 2, 3]) sim.setQueue(id, { waiting: 0, longestWaitSeconds: 0 });
});

afterEach(async () => {
	await sim.close();
});

function queueTrigger(extra: IDataObject = {}): PolledWorkflow {
	return pollWorkflow(
		triggerWorkflow({
			event: 'queueThreshold',
			skillIds: [1, 2, 3],
			conditions: { waitingCallsAtLeast: 10, longestWaitAtLeastSeconds: 120 },
			notifyRecovery: true,
			...extra,
		}),
		TRIGGER,
		credentials(),
	);
}

describe('Queue Threshold Crossed', () => {
	it('baseline silent; one item per crossing and recovery, none while a queue stays; one request per poll', async () => {
		sim.setQueue(2, { waiting: 30 }); // already over the threshold at activation
		const wf = queueTrigger();
		await wf.activate();
		expect(wf.emitted).toEqual([]);

		sim.setQueue(1, { waiting: 12 });
		await wf.tick();
		await wf.tick(); // queue 1 stays over it
		sim.setQueue(3, { longestWaitSeconds: 150 });
		sim.setQueue(1, { waiting: 15 });
		await wf.tick();
		sim.setQueue(1, { waiting: 2 });
		sim.setQueue(2, { waiting: 0 });
		await wf.tick();
		await wf.tick();

		expect(events(wf.emitted)).toEqual([
			['1:crossed'],
			['3:crossed'],
			['1:recovered', '2:recovered'],
		]);
		expect(wf.emitted[0][0]).toMatchObject({
			skillId: 1,
			skillName: 'General',
			waitingCalls: 12,
			conditionsMet: ['waitingCalls'],
			thresholds: {
				waitingCallsAtLeast: 10,
				longestWaitAtLeastSeconds: 120,
				availableAgentsAtMost: null,
			},
		});
		expect(wf.emitted[1][0]).toMatchObject({
			longestWaitSeconds: 150,
			conditionsMet: ['longestWait'],
		});
		// Each emit became one execution whose trigger output is those items.
		expect(wf.runs).toHaveLength(3);
		expect(
			wf.runs.map((run) => run.data.resultData.runData[TRIGGER][0].data?.main[0]?.length),
		).toEqual([1, 1, 2]);
		// Six polls (the activation's and five ticks), one statistics request each for three queues.
		expect(acdStats()).toHaveLength(6);
		expect(JSON.parse(acdStats()[0].body)).toEqual({ skills: [1, 2, 3] });
		expect(wf.errors).toEqual([]);
	});

	it('available agents ≤ M: an agent going busy empties the queue', async () => {
		await humanAgent('1001', [1]);
		const wf = queueTrigger({ conditions: { availableAgentsAtMost: 0 }, notifyRecovery: false });
		await wf.activate();
		sim.setAgentState('1001', 'busy');
		await wf.tick();
		sim.setAgentState('1001', 'idle');
		await wf.tick();
		expect(events(wf.emitted)).toEqual([['1:crossed']]);
		expect(wf.emitted[0][0]).toMatchObject({ agentsSignedIn: 1, agentsAvailable: 0 });
	});

	it('a failed poll emits nothing, keeps the baseline, and hands n8n its error; the next poll compares with the kept state', async () => {
		const wf = queueTrigger();
		await wf.activate();
		const kept = JSON.stringify(wf.staticData());

		sim.injectFault({ kind: 'http500', pathIncludes: 'queryacdstat' });
		sim.setQueue(1, { waiting: 40 });
		await wf.tick();
		expect(wf.emitted).toEqual([]);
		expect(wf.errors).toHaveLength(1);
		expect(wf.errors[0].message).toContain('HTTP 500');
		expect(wf.errors[0].description).toContain('read-only');
		expect(JSON.stringify(wf.staticData())).toBe(kept);

		await wf.tick();
		expect(events(wf.emitted)).toEqual([['1:crossed']]);
	});

	it('Fetch Test Event returns the current state as one sample item and leaves the kept state alone', async () => {
		sim.setQueue(1, { waiting: 7 });
		const wf = queueTrigger();
		const sample = await wf.fetchTestEvent();
		expect(sample?.[0]).toHaveLength(1);
		expect(sample?.[0][0].json).toMatchObject({ event: 'sample', skillId: 1, waitingCalls: 7 });
		expect(wf.staticData()).toEqual({});
		await wf.activate();
		expect(wf.emitted).toEqual([]);
	});

	it('each activation takes a new baseline: a crossing while inactive is not reported late', async () => {
		const wf = queueTrigger();
		await wf.activate();
		sim.setQueue(1, { waiting: 50 });
		await wf.activate(); // deactivated and activated again
		await wf.tick();
		expect(wf.emitted).toEqual([]);
		sim.setQueue(1, { waiting: 0 });
		await wf.tick();
		expect(events(wf.emitted)).toEqual([['1:recovered']]);
	});

	it("n8n's durable scheduler (a new context per tick, static data as a stored cursor): the same items; a failed poll stores nothing", async () => {
		const wf = pollWorkflow(
			triggerWorkflow({
				event: 'queueThreshold',
				skillIds: [1, 2],
				conditions: { waitingCallsAtLeast: 10 },
				notifyRecovery: true,
			}),
			TRIGGER,
			credentials(),
			'durable',
		);
		await wf.activate();
		// n8n stores no cursor for the activation's own poll (it runs as a test): the first tick
		// finds none and takes the baseline.
		expect(wf.staticData()).toEqual({});
		sim.setQueue(1, { waiting: 10 });
		await wf.tick();
		expect(wf.emitted).toEqual([]);
		sim.setQueue(2, { waiting: 10 });
		await wf.tick();
		await wf.tick();
		const kept = JSON.stringify(wf.staticData());
		sim.injectFault({ kind: 'reset', pathIncludes: 'queryacdstat' });
		sim.setQueue(1, { waiting: 0 });
		await wf.tick();
		expect(JSON.stringify(wf.staticData())).toBe(kept);
		await wf.tick();
		await wf.tick();
		expect(events(wf.emitted)).toEqual([['2:crossed'], ['1:recovered']]);
		expect(wf.errors).toHaveLength(1);
	});

	it('a queue taken off the list is dropped from the kept state', async () => {
		const wf = queueTrigger();
		await wf.activate();
		expect(Object.keys(wf.staticData().queues as IDataObject)).toEqual(['1', '2', '3']);
		const fewer = pollWorkflow(
			triggerWorkflow({
				event: 'queueThreshold',
				skillIds: [2],
				conditions: { waitingCallsAtLeast: 10 },
			}),
			TRIGGER,
			credentials(),
		);
		await fewer.activate();
		expect(Object.keys(fewer.staticData().queues as IDataObject)).toEqual(['2']);
	});

	it('refuses bad settings before sending anything', async () => {
		const wf = queueTrigger({ conditions: {} });
		await expect(wf.activate()).rejects.toThrow('Conditions is empty');
		const tooMany = queueTrigger({ skillIds: Array.from({ length: 101 }, (_, i) => i + 1) });
		await expect(tooMany.activate()).rejects.toThrow('at most 100');
		expect(sim.requests()).toEqual([]);
	});
});

describe('Agent State Changed', () => {
	it('listed agents: one item per observed change, none on the baseline; a change undone between polls is not seen', async () => {
		await humanAgent('1001', [1]);
		await humanAgent('1002', [1]);
		const wf = pollWorkflow(
			triggerWorkflow({
				event: 'agentStateChanged',
				watch: 'workNumbers',
				workNumbers: '1001, 1002',
			}),
			TRIGGER,
			credentials(),
		);
		await wf.activate();
		expect(wf.emitted).toEqual([]);

		sim.setAgentState('1001', 'busy');
		await wf.tick();
		sim.setAgentState('1002', 'rest');
		sim.setAgentState('1002', 'idle'); // back before the next poll
		await wf.tick();
		sim.setAgentState('1001', 'rest');
		await wf.tick();

		expect(wf.emitted.map((batch) => batch.map((i) => `${i.workNo}:${i.from}>${i.to}`))).toEqual([
			['1001:idle>busy'],
			['1001:busy>rest'],
		]);
		expect(wf.emitted[1][0].previousState).toMatchObject({ atLeastSeconds: expect.any(Number) });
		// n8n's integration agent polled only its own events, never a person's.
		const eventPolls = sim.requests().filter((r) => r.path.includes('/agentevent/'));
		expect(eventPolls.every((r) => r.path.endsWith(`/agentevent/${INTEGRATION}`))).toBe(true);
		// One request per listed agent and poll.
		expect(sim.requests().filter((r) => r.path.includes('/agentbyworkno/'))).toHaveLength(8);
	});

	it('listed agents, States Signed Out: a sign-out and the next sign-in are logged, nothing else', async () => {
		await humanAgent('1001', [1]);
		const wf = pollWorkflow(
			triggerWorkflow({
				event: 'agentStateChanged',
				watch: 'workNumbers',
				workNumbers: '1001',
				options: { states: ['signedOut'] },
			}),
			TRIGGER,
			credentials(),
		);
		await wf.activate();
		sim.setAgentState('1001', 'busy');
		await wf.tick();
		// The person signs out from the desktop, with that session's own Guid.
		const client = new SimClient(sim);
		const guid = sim.currentGuid('1001') as string;
		expect(
			(await client.call('DELETE', `${GATEWAY}/onlineagent/1001/logout`, { guid })).json,
		).toMatchObject({
			retcode: '0',
		});
		await wf.tick();
		await sim.signIn('1001', 'pw-1001');
		await wf.tick();
		await client.dispatcher.close();
		expect(wf.emitted.map((batch) => batch.map((i) => `${i.workNo}:${i.from}>${i.to}`))).toEqual([
			['1001:busy>signedOut'],
			['1001:signedOut>idle'],
		]);
	});

	it('agents of skill queues: leaving and joining a queue are changes from and to notInQueues', async () => {
		await humanAgent('1001', [1]);
		await humanAgent('1002', [2]);
		const wf = pollWorkflow(
			triggerWorkflow({ event: 'agentStateChanged', watch: 'skillQueues', agentSkillIds: [1, 2] }),
			TRIGGER,
			credentials(),
		);
		await wf.activate();
		sim.setAgentProfile('1002', { skills: [3] });
		await wf.tick();
		await humanAgent('1003', [1]);
		await wf.tick();
		expect(wf.emitted.map((batch) => batch.map((i) => `${i.workNo}:${i.from}>${i.to}`))).toEqual([
			['1002:idle>notInQueues'],
			['1003:notInQueues>idle'],
		]);
		expect(sim.requests().filter((r) => r.path.includes('/agentbyskill/'))).toHaveLength(6);
	});

	it('minimum time in state: fires once while the stay goes on', async () => {
		await humanAgent('1001', [1]);
		const wf = pollWorkflow(
			triggerWorkflow({
				event: 'agentStateChanged',
				watch: 'workNumbers',
				workNumbers: '1001',
				options: { minSeconds: 120, states: ['rest'] },
			}),
			TRIGGER,
			credentials(),
		);
		const start = Date.now();
		jest.useFakeTimers({
			doNotFake: [
				'nextTick',
				'setImmediate',
				'setTimeout',
				'setInterval',
				'clearTimeout',
				'clearInterval',
				'queueMicrotask',
				'hrtime',
				'performance',
			],
		});
		try {
			const at = (minutes: number) => jest.setSystemTime(start + minutes * 60_000);
			at(0);
			await wf.activate();
			sim.setAgentState('1001', 'rest');
			at(1);
			await wf.tick();
			at(2);
			await wf.tick();
			at(3);
			await wf.tick();
			at(4);
			await wf.tick();
		} finally {
			jest.useRealTimers();
		}
		expect(
			wf.emitted.map((batch) => batch.map((i) => `${i.workNo}:${i.event}:${i.state}`)),
		).toEqual([['1001:stateLasted:rest']]);
		expect(wf.emitted[0][0].currentState).toMatchObject({
			atLeastSeconds: 120,
			atMostSeconds: 180,
		});
	});

	it('Fetch Test Event: the first agent as a sample item', async () => {
		await humanAgent('1001', [1]);
		const wf = pollWorkflow(
			triggerWorkflow({ event: 'agentStateChanged', watch: 'workNumbers', workNumbers: '1001' }),
			TRIGGER,
			credentials(),
		);
		const sample = await wf.fetchTestEvent();
		expect(sample?.[0].map((i) => i.json)).toEqual([
			expect.objectContaining({ event: 'sample', workNo: '1001', to: 'idle', toCode: 4 }),
		]);
	});

	it('refuses a bad work number before sending anything', async () => {
		const wf = pollWorkflow(
			triggerWorkflow({
				event: 'agentStateChanged',
				watch: 'workNumbers',
				workNumbers: '1001, abc',
			}),
			TRIGGER,
			credentials(),
		);
		await expect(wf.activate()).rejects.toThrow('Work Numbers must hold whole numbers');
		expect(sim.requests()).toEqual([]);
	});
});

describe('Faults and the editor', () => {
	it('a refused sign-in fails the poll with the session error and sends no query', async () => {
		sim.createAgent('901', 'Right-Pw-901');
		const creds = credentials();
		creds.huaweiCecIntegrationAgentApi = {
			...creds.huaweiCecIntegrationAgentApi,
			agentId: '901',
			password: 'Typo-Pw-901',
		};
		const wf = pollWorkflow(
			triggerWorkflow({
				event: 'queueThreshold',
				skillIds: [1],
				conditions: { waitingCallsAtLeast: 1 },
			}),
			TRIGGER,
			creds,
		);
		const error = await wf.activate().then(
			() => undefined,
			(e: Error & { context?: IDataObject; description?: string }) => e,
		);
		expect(error?.context).toMatchObject({
			errorKind: 'credential',
			session: 'wrongPassword',
			retcode: '100-004',
			fate: 'notSent',
		});
		expect(error?.description).toContain('read-only');
		expect(error?.description).toContain('the state of the last good poll stays');
		expect(JSON.stringify(error)).not.toContain('Typo-Pw-901');
		expect(acdStats()).toEqual([]);
	});

	it("a refused query fails the poll with the gateway's retcode", async () => {
		const wf = pollWorkflow(
			triggerWorkflow({ event: 'agentStateChanged', watch: 'workNumbers', workNumbers: '4242' }),
			TRIGGER,
			credentials(),
		);
		const error = await wf.activate().then(
			() => undefined,
			(e: Error & { context?: IDataObject }) => e,
		);
		expect(error?.context).toMatchObject({ errorKind: 'gateway', workNo: '4242' });
		expect(error?.message).toMatch(/^000-002/);
	});

	it('the Skill Queue dropdown lists the VDN queues through the integration agent', async () => {
		sim.setQueue(3, { name: 'Sales' });
		const wf = queueTrigger();
		const options = await wf.loadOptions('getSkillQueues');
		expect(options).toEqual(
			expect.arrayContaining([
				{ name: 'General (1)', value: 1 },
				{ name: 'Sales (3)', value: 3 },
			]),
		);
	});

	it('the dropdown names an unreachable gateway', async () => {
		const wf = queueTrigger();
		sim.injectFault({ kind: 'reset', pathIncludes: 'agentvdnskill' });
		await expect(wf.loadOptions('getSkillQueues')).rejects.toMatchObject({
			context: expect.objectContaining({ errorKind: 'transport' }),
		});
	});
});

describe('Settings, checked before anything is sent', () => {
	const queue = (more: IDataObject) => ({
		event: 'queueThreshold',
		skillIds: [1],
		conditions: { waitingCallsAtLeast: 10 },
		...more,
	});
	const agents = (more: IDataObject) => ({
		event: 'agentStateChanged',
		watch: 'workNumbers',
		workNumbers: '1001',
		...more,
	});
	const refused: Array<[string, IDataObject, string]> = [
		['no skill queue', queue({ skillIds: [] }), 'Skill Queue Names or IDs is required'],
		['a skill queue of null', queue({ skillIds: null }), 'is required'],
		[
			'a skill queue that is not a number',
			queue({ skillIds: 'abc' }),
			'must hold whole numbers (1-',
		],
		['an object for skill queues', queue({ skillIds: { id: 1 } }), 'must hold whole numbers (1-'],
		['skill queue 0', queue({ skillIds: '0, 2' }), 'between 1 and 2147483647; got 0'],
		[
			'a threshold that is not a number',
			queue({ conditions: { waitingCallsAtLeast: 'x' } }),
			'Waiting Calls At Least must be a whole number',
		],
		[
			'a threshold of 0 waiting',
			queue({ conditions: { waitingCallsAtLeast: 0 } }),
			'must be at least 1',
		],
		['an unknown state', agents({ options: { states: ['sleeping'] } }), 'States must be among'],
		['a negative minimum time', agents({ options: { minSeconds: -1 } }), 'must be at least 0'],
		['work number 50', agents({ workNumbers: '1001, 50' }), 'between 101 and 999999; got 50'],
		[
			'21 skill queues of agents',
			agents({ watch: 'skillQueues', agentSkillIds: Array.from({ length: 21 }, (_, i) => i + 1) }),
			'at most 20',
		],
	];
	it.each(refused)('%s', async (_name, parameters, message) => {
		const wf = pollWorkflow(triggerWorkflow(parameters), TRIGGER, credentials());
		const error = await wf.activate().then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expect(error?.message).toContain(message);
		expect(error?.description).toContain('Nothing was sent');
		expect(sim.requests()).toEqual([]);
	});

	it('takes IDs from an expression as a list, a number or text, and thresholds as digits', async () => {
		for (const parameters of [
			queue({ skillIds: '1; 2,3' }),
			queue({
				skillIds: 2,
				conditions: { availableAgentsAtMost: '0', longestWaitAtLeastSeconds: '60' },
			}),
			agents({ workNumbers: 1001, options: { minSeconds: '30', states: ['rest'] } }),
		]) {
			const wf = pollWorkflow(triggerWorkflow(parameters), TRIGGER, credentials());
			sim.createAgent('1001', 'pw-1001');
			await wf.activate();
			expect(wf.errors).toEqual([]);
		}
		expect(acdStats().map((r) => JSON.parse(r.body))).toEqual([
			{ skills: [1, 2, 3] },
			{ skills: [2] },
		]);
	});

	it("a credential's bad Base URL fails the poll naming the field", async () => {
		const creds = credentials();
		creds.huaweiCecIntegrationAgentApi = {
			...creds.huaweiCecIntegrationAgentApi,
			baseUrl: 'http://127.0.0.1:1',
		};
		const wf = pollWorkflow(triggerWorkflow(queue({})), TRIGGER, creds);
		await expect(wf.activate()).rejects.toMatchObject({
			context: expect.objectContaining({
				errorKind: 'credential',
				session: 'credential',
				field: 'baseUrl',
				fate: 'notSent',
			}),
		});
		expect(sim.requests()).toEqual([]);
	});
});
