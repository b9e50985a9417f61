/**
 * Authentication: Integration Agent through n8n-core's engine against the simulator: one sign-in
 * serves many runs; a lapsed session is signed in again once; a Guid that rotates arrives by the
 * integration agent's own polls; a session taken over elsewhere is renewed once and the refused
 * request sent again; a wrong password is tried exactly once, whatever the batch; the supervisor
 * operations and queries; the Guid, cookie and password appear in no run data.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { sessionCounters } from '../../nodes/HuaweiCec/helpers/integration';
import { facts, runWorkflow } from '../harness/engine';
import { allText } from '../harness/fixtures';
import { CEC, operationWorkflow } from '../harness/workflows';
import { startSimulator, type Simulator } from '../simulator';
import { ManualScheduler } from '../simulator/scheduler';

const time = new ManualScheduler(Date.now());
let sim: Simulator;
let nowSpy: jest.SpyInstance<number, []>;

beforeAll(async () => {
	sim = await startSimulator({
		authMode: 'dynamic',
		pollHoldMs: 0,
		scheduler: time,
	});
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	// The node's session clock follows the simulator's, so no test waits for the gateway's timers.
	nowSpy = jest.spyOn(Date, 'now').mockImplementation(() => time.now());
	sim.clearRequests();
});
afterEach(() => nowSpy.mockRestore());

let nextAgent = 30001;
/** A fresh integration agent (inspector) and a credential for it. */
function integrationAgent(password = 'Integr#1', overrides: IDataObject = {}) {
	const agentId = String(nextAgent++);
	sim.createAgent(agentId, password);
	sim.setAgentProfile(agentId, { inspector: true, skills: [] });
	return {
		agentId,
		password,
		credentials: (more: IDataObject = {}) => ({
			huaweiCecIntegrationAgentApi: {
				baseUrl: sim.url,
				caPem: sim.caPem,
				ignoreSslIssues: false,
				agentId,
				password,
				phoneNumber: '7001',
				authMode: 'dynamic',
				ifSignedInElsewhere: 'takeOver',
				...overrides,
				...more,
			},
		}),
	};
}

/** Signs a plain agent in (a person at a desktop) and returns its ID. */
async function deskAgent(agentId: string, skills: number[]) {
	sim.createAgent(agentId, 'pw');
	await sim.signIn(agentId, 'pw');
	sim.setAgentProfile(agentId, { skills });
	return agentId;
}

const INTEGRATION: Partial<INode> = {
	credentials: { huaweiCecIntegrationAgentApi: { id: '2', name: 'Integration agent' } },
};

function integrationWorkflow(
	resource: string,
	operation: string,
	parameters: Record<string, unknown>,
	items: IDataObject[] = [{}],
	extra: Partial<INode> = {},
) {
	return operationWorkflow(
		resource,
		operation,
		{ authentication: 'integrationAgent', ...parameters },
		items,
		{ ...INTEGRATION, ...extra },
	);
}

const signIns = (agentId: string) =>
	sim
		.requests()
		.filter(
			(r) =>
				r.method === 'PUT' &&
				/^\/agentgateway\/resource\/onlineagent\/\d+(\/forcelogin)?$/.test(r.path),
		)
		.filter((r) => r.path.includes(`/${agentId}`));

/** Waits (on I/O, not on gateway timers) until the integration agent's background poll was answered. */
async function pollAnswered(agentId: string, count = 1) {
	for (let i = 0; i < 200; i++) {
		const answered = sim
			.requests()
			.filter((r) => r.path.endsWith(`/agentevent/${agentId}`) && r.answeredAt !== undefined);
		if (answered.length >= count) {
			await new Promise((r) => setImmediate(r));
			return;
		}
		await new Promise((r) => setTimeout(r, 5));
	}
	throw new Error('the background poll never arrived');
}

describe('the session', () => {
	test('Queue › Get Statistics on a schedule: one sign-in serves two runs; one item per queue; the cookie goes back; no secret in run data', async () => {
		const ia = integrationAgent();
		await deskAgent('30501', [11]);
		sim.setQueue(11, { waiting: 5, longestWaitSeconds: 140, name: 'Claims' });
		sim.setQueue(12, { waiting: 0, longestWaitSeconds: 0, name: 'Sales' });
		const wf = integrationWorkflow('queue', 'getStatistics', { skillIds: '11, 12' });
		const first = await runWorkflow(wf, ia.credentials());
		expect(first.error).toBeUndefined();
		expect(
			first
				.output(CEC)
				.map((o) => [
					o.json.skillId,
					o.json.waitingCalls,
					o.json.longestWaitSeconds,
					o.json.agentsSignedIn,
					o.json.agentsAvailable,
					o.pairedItem,
				]),
		).toEqual([
			[11, 5, 140, 1, 1, { item: 0 }],
			[12, 0, 0, 0, 0, { item: 0 }],
		]);
		await pollAnswered(ia.agentId);
		time.advance(30_000);
		const second = await runWorkflow(wf, ia.credentials());
		expect(second.error).toBeUndefined();
		expect(signIns(ia.agentId)).toHaveLength(1);
		const stats = sim
			.requests()
			.filter((r) => r.path.endsWith(`/queuedevice/${ia.agentId}/queryacdstat`));
		expect(stats.map((r) => [r.retcode, r.headers.cookie])).toEqual([
			['0', 'SERVERID=gw0'],
			['0', 'SERVERID=gw0'],
		]);
		const guid = sim.currentGuid(ia.agentId) ?? 'no guid';
		for (const run of [first, second]) {
			const text = allText(run.run);
			expect(text).not.toContain(guid);
			expect(text).not.toContain(ia.password);
			expect(text).not.toContain('SERVERID');
		}
	});

	test('runs 5 minutes apart: the session lapses between them and each run signs in once (not once per item)', async () => {
		const ia = integrationAgent();
		await deskAgent('30502', [13]);
		const items = Array.from({ length: 5 }, () => ({ workNo: '30502' }));
		const wf = integrationWorkflow(
			'agent',
			'getStatusByWorkNo',
			{ workNo: '={{ $json.workNo }}' },
			items,
		);
		for (let run = 0; run < 3; run++) {
			const result = await runWorkflow(wf, ia.credentials());
			expect(result.error).toBeUndefined();
			expect(result.output(CEC)).toHaveLength(5);
			// The desk agent does not poll in this test, so the gateway signs it out after 2 minutes.
			expect(result.output(CEC)[0].json).toEqual(
				expect.objectContaining({ workNo: 30502, stateName: run === 0 ? 'idle' : 'signed out' }),
			);
			await pollAnswered(ia.agentId, run + 1);
			time.advance(300_000);
		}
		expect(signIns(ia.agentId).map((r) => r.retcode)).toEqual(['0', '0', '0']);
	});

	test('dynamic authentication: the rotated Guid arrives in the answer of the agent’s own poll and the session lives on without a new sign-in', async () => {
		const ia = integrationAgent();
		await deskAgent('30503', [14]);
		const wf = integrationWorkflow('agent', 'getStatusByWorkNo', { workNo: '30503' });
		const before = sessionCounters();
		expect((await runWorkflow(wf, ia.credentials())).error).toBeUndefined();
		await pollAnswered(ia.agentId, 1);
		const firstGuid = sim.currentGuid(ia.agentId);
		time.advance(65_000); // the Guid rotates after 60 s
		expect((await runWorkflow(wf, ia.credentials())).error).toBeUndefined();
		await pollAnswered(ia.agentId, 2);
		expect(sim.currentGuid(ia.agentId)).not.toBe(firstGuid);
		time.advance(65_000); // 130 s after sign-in: the first Guid is gone in 50 s, the session is not
		const third = await runWorkflow(wf, ia.credentials());
		expect(third.error).toBeUndefined();
		const after = sessionCounters();
		expect(signIns(ia.agentId)).toHaveLength(1);
		expect(after.guidRotations - before.guidRotations).toBeGreaterThanOrEqual(1);
		expect(
			sim
				.requests()
				.filter((r) => r.path.includes(`/agentbyworkno/`) && r.path.includes(`/${ia.agentId}/`))
				.map((r) => r.retcode),
		).toEqual(['0', '0', '0']);
	});

	test('signed out elsewhere: the refusal (000-003) is checked, the session renewed once, the request sent again once', async () => {
		const ia = integrationAgent();
		await deskAgent('30504', [15]);
		const wf = integrationWorkflow('supervisor', 'forceIdle', { workNo: '30504' });
		sim.setAgentState('30504', 'rest');
		expect((await runWorkflow(wf, ia.credentials())).error).toBeUndefined();
		await pollAnswered(ia.agentId, 1);
		// Another process takes the agent over (force sign-in with the right password).
		await sim.readyAgent({ agentId: ia.agentId });
		sim.setAgentState('30504', 'rest');
		const before = sessionCounters();
		const result = await runWorkflow(wf, ia.credentials());
		expect(result.error).toBeUndefined();
		expect(result.output(CEC)[0].json).toEqual({
			workNo: 30504,
			action: 'forceIdle',
			accepted: true,
		});
		expect(sessionCounters().renewals - before.renewals).toBe(1);
		const idles = sim.requests().filter((r) => r.path.endsWith('/forceidle/30504'));
		expect(idles.map((r) => r.retcode)).toEqual(['0', '000-003', '0']);
		expect(
			sim
				.supervisorActions()
				.filter((a) => a.workNo === '30504')
				.map((a) => a.action),
		).toEqual(['forceIdle', 'forceIdle']);
	});

	test('a 100-006 about the agent acted on is not a lost session: checked once, no renewal, the error says what it is', async () => {
		const ia = integrationAgent();
		sim.createAgent('30505', 'pw'); // never signed in
		const wf = integrationWorkflow('supervisor', 'forceSignOut', { workNo: '30505' }, [{}], {
			onError: 'continueErrorOutput',
		});
		const before = sessionCounters();
		const result = await runWorkflow(wf, ia.credentials());
		const [failed] = result.errorOutput(CEC);
		expect(facts(failed)).toEqual(
			expect.objectContaining({
				error: '100-006: the agent is not signed in',
				retcode: '100-006',
				errorKind: 'gateway',
				workNo: 30505,
			}),
		);
		expect(String(facts(failed).description)).toContain('A repeat is refused with 100-006');
		expect(sessionCounters().renewals - before.renewals).toBe(0);
		expect(sim.requests().filter((r) => r.path.endsWith('/forcelogout/30505'))).toHaveLength(1);
		expect(signIns(ia.agentId)).toHaveLength(1);
	});

	test('two executions at once share one sign-in', async () => {
		const ia = integrationAgent();
		await deskAgent('30506', [16]);
		const wf = integrationWorkflow('agent', 'getStatusByWorkNo', { workNo: '30506' });
		const runs = await Promise.all([
			runWorkflow(wf, ia.credentials()),
			runWorkflow(wf, ia.credentials()),
		]);
		expect(runs.map((r) => r.error)).toEqual([undefined, undefined]);
		expect(signIns(ia.agentId)).toHaveLength(1);
	});
});

describe('a wrong password is tried once', () => {
	test('a batch of 100 items: exactly one sign-in attempt; every item fails saying so; the next run tries none; the edited credential signs in', async () => {
		const ia = integrationAgent('Right#pw');
		await deskAgent('30601', [17]);
		const items = Array.from({ length: 100 }, () => ({ workNo: '30601' }));
		const wf = integrationWorkflow(
			'agent',
			'getStatusByWorkNo',
			{ workNo: '={{ $json.workNo }}' },
			items,
			{
				onError: 'continueErrorOutput',
			},
		);
		const wrong = { password: 'Wrong#pw' };
		const first = await runWorkflow(wf, ia.credentials(wrong));
		expect(signIns(ia.agentId).map((r) => r.retcode)).toEqual(['100-004']);
		const failed = first.errorOutput(CEC);
		expect(failed).toHaveLength(100);
		expect(failed.map((f) => f.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(facts(failed[0])).toEqual(
			expect.objectContaining({
				retcode: '100-004',
				session: 'wrongPassword',
				errorKind: 'credential',
				fate: 'notSent',
			}),
		);
		expect(facts(failed[1])).toEqual(
			expect.objectContaining({ retcode: '100-004', session: 'blocked' }),
		);
		expect(String(facts(failed[99]).description)).toContain(
			'until the credential is edited or n8n restarts',
		);

		const again = await runWorkflow(wf, ia.credentials(wrong));
		expect(again.errorOutput(CEC)).toHaveLength(100);
		expect(signIns(ia.agentId)).toHaveLength(1);
		expect(sim.requests().filter((r) => r.path.includes('agentbyworkno'))).toHaveLength(0);
		expect(allText([first.run, again.run])).not.toContain('Wrong#pw');

		const edited = await runWorkflow(wf, ia.credentials());
		expect(edited.output(CEC)).toHaveLength(100);
		expect(signIns(ia.agentId).map((r) => r.retcode)).toEqual(['100-004', '0']);
	});

	test('an empty password is sent as one (a common deployment default)', async () => {
		const ia = integrationAgent('');
		await deskAgent('30602', [18]);
		const result = await runWorkflow(
			integrationWorkflow('agent', 'getStatusByWorkNo', { workNo: '30602' }),
			ia.credentials(),
		);
		expect(result.error).toBeUndefined();
		expect(JSON.parse(signIns(ia.agentId)[0].body)).toEqual(
			expect.objectContaining({ password: '', phonenum: '7001' }),
		);
	});
});

describe('supervisor operations and queries', () => {
	test('Force Busy, Force Rest, Set Skills and Queue › Get Agents', async () => {
		const ia = integrationAgent();
		await deskAgent('30701', [21]);
		await deskAgent('30702', [21, 22]);
		const run = (resource: string, operation: string, params: Record<string, unknown>) =>
			runWorkflow(integrationWorkflow(resource, operation, params), ia.credentials());
		expect((await run('supervisor', 'forceBusy', { workNo: '30701' })).error).toBeUndefined();
		expect(sim.agentState('30701').status).toBe(3);
		const rest = await run('supervisor', 'forceRest', {
			workNo: '30702',
			duration: 900,
			reason: 3,
		});
		expect(rest.output(CEC)[0].json).toEqual({
			workNo: 30702,
			action: 'forceRest',
			duration: 900,
			reason: 3,
			accepted: true,
		});
		expect(sim.agentState('30702').status).toBe(8);
		const skills = await run('supervisor', 'setSkills', { workNo: '30701', skillIds: [22, 21] });
		expect(skills.error).toBeUndefined();
		expect(sim.setAgentProfile('30701', {}).skills).toEqual([22, 21]);
		const agents = await run('queue', 'getAgents', { skillId: 22 });
		expect(agents.output(CEC).map((o) => [o.json.workNo, o.json.stateName])).toEqual([
			[30701, 'busy'],
			[30702, 'rest'],
		]);
		expect(signIns(ia.agentId)).toHaveLength(1);
	});

	test('without inspector rights: 900-001 explained, nothing renewed', async () => {
		const ia = integrationAgent();
		sim.setAgentProfile(ia.agentId, { inspector: false });
		await deskAgent('30703', [23]);
		const result = await runWorkflow(
			integrationWorkflow('supervisor', 'forceIdle', { workNo: '30703' }),
			ia.credentials(),
		);
		expect(result.error?.message).toBe('900-001: the gateway refused the inspection');
		expect(result.error?.description).toContain('inspector (quality control) rights');
	});

	test('invalid input anywhere in the batch: nothing is sent, not even a sign-in', async () => {
		const ia = integrationAgent();
		const result = await runWorkflow(
			integrationWorkflow(
				'supervisor',
				'forceRest',
				{ workNo: '={{ $json.workNo }}', duration: '={{ $json.d }}', reason: 1 },
				[
					{ workNo: '30801', d: 60 },
					{ workNo: '30802', d: 0 },
				],
			),
			ia.credentials(),
		);
		expect(result.error?.message).toBe(
			'Item 2: Duration (Seconds) must be between 1 and 86399; got 0',
		);
		expect(signIns(ia.agentId)).toHaveLength(0);
	});

	test('a supervisor operation under the Agent’s Guid authentication is refused before anything is sent', async () => {
		const result = await runWorkflow(
			operationWorkflow('supervisor', 'forceIdle', { workNo: '30803' }),
			{ huaweiCecApi: { baseUrl: sim.url, caPem: sim.caPem, guid: 'x', ignoreSslIssues: false } },
		);
		expect(result.error?.message).toBe('This operation needs Authentication: Integration Agent');
		expect(sim.requests()).toHaveLength(0);
	});

	test('a bad integration credential names its field; nothing is sent', async () => {
		const ia = integrationAgent();
		const result = await runWorkflow(
			integrationWorkflow('agent', 'getStatusByWorkNo', { workNo: '30804' }),
			ia.credentials({ phoneNumber: '' }),
		);
		expect(result.error?.message).toContain('Softphone Number must be 1 to 24 digits');
		expect(result.error?.context).toEqual(
			expect.objectContaining({ field: 'phoneNumber', errorKind: 'credential' }),
		);
		expect(sim.requests()).toHaveLength(0);
	});
});
