/**
 * What a tester trying to break the node found, each through n8n's engine against the simulator:
 * a call guard that resolves to nothing, a model that retries after a timeout, Wait for Outcome
 * reporting what it never saw, a connection test passing with a wrong path prefix, and the skill
 * queue ID following two rules.
 */
import { connectionTest } from '../harness/connectionTest';
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, operationWorkflow, perItemWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
});

const continueOnFail = { onError: 'continueRegularOutput' as const };
const guarded = { onlyIfCallId: '={{ $json.callId }}' };
const toQueue = (options: Record<string, unknown> = {}, address = '3') => ({
	deviceType: 1,
	address,
	mode: 0,
	options,
});

async function agentInCall() {
	const agent = await gw.sim.readyAgent();
	const callId = gw.sim.placeCall(agent.agentId);
	gw.sim.clearRequests();
	return { agentId: agent.agentId, guid: agent.guid, callId };
}

const log = () => gw.sim.requests().map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`);

describe('a call guard that is set and resolves to nothing refuses the item, nothing sent', () => {
	test.each([
		['an empty call ID', { callId: '' }, '""'],
		['white space', { callId: '   ' }, '"   "'],
		['null', { callId: null }, 'nothing'],
		['no call ID field at all', {}, 'nothing'],
	])('%s', async (_label, item, shown) => {
		const agent = await agentInCall();
		const result = await runWorkflow(
			perItemWorkflow(
				'voiceCall',
				'transfer',
				toQueue(guarded),
				[{ agentId: agent.agentId, guid: agent.guid, ...item }],
				continueOnFail,
			),
			gw.credentials(),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out).toEqual(
			expect.objectContaining({ errorKind: 'validation', field: 'onlyIfCallId', fate: 'notSent' }),
		);
		expect(out.error).toContain(`Only If Call ID Is is set but empty for this item (got ${shown})`);
		expect(log()).toEqual([]);
		expect(gw.sim.agentState(agent.agentId).call?.callid).toBe(agent.callId);
	});

	test.each([['hangUp'], ['hold']])('%s refuses an empty guard too', async (operation) => {
		const agent = await agentInCall();
		const result = await runWorkflow(
			perItemWorkflow(
				'voiceCall',
				operation,
				{ options: guarded },
				[{ agentId: agent.agentId, guid: agent.guid, callId: '' }],
				continueOnFail,
			),
			gw.credentials(),
		);
		expect(facts(result.output(CEC)[0]).field).toBe('onlyIfCallId');
		expect(log()).toEqual([]);
	});

	test('a guard left out stays off: the action is sent without a read', async () => {
		const agent = await agentInCall();
		const result = await runWorkflow(
			perItemWorkflow('voiceCall', 'transfer', toQueue(), [agent]),
			gw.credentials(),
		);
		expect(result.error).toBeUndefined();
		expect(log()).toEqual(['POST transfer']);
	});
});

describe('a model that retries after a timeout causes no second transfer', () => {
	test('the guard set from the call ID it read refuses the retry: one transfer at the gateway', async () => {
		const agent = await agentInCall();
		// The gateway carries the transfer out and answers after the node's timeout.
		gw.sim.injectFault({ kind: 'late', delayMs: 3000, pathIncludes: '/transfer' });
		const once = () =>
			runWorkflow(
				perItemWorkflow(
					'voiceCall',
					'transfer',
					toQueue({ ...guarded, timeout: 200 }),
					[agent],
					continueOnFail,
				),
				gw.credentials(),
			);
		const first = facts((await once()).output(CEC)[0]);
		expect(first.error).toContain(
			"the transfer may have happened; read the agent's call before trying again",
		);
		const retry = facts((await once()).output(CEC)[0]);
		expect(retry).toEqual(expect.objectContaining({ errorKind: 'callGuard', fate: 'notSent' }));
		expect(log()).toEqual(['GET callinfo', 'POST transfer', 'GET callinfo']);
	});
});

describe('Wait for Outcome reports only what it saw after the gateway answered', () => {
	test('a transfer answered after the wait limit: the call is still looked at once', async () => {
		const agent = await agentInCall();
		gw.sim.nextTransferOutcome(agent.agentId, { outcome: 'noAnswer', afterMs: 60_000 });
		gw.sim.injectFault({ kind: 'late', delayMs: 1500, pathIncludes: '/transfer' });
		const result = await runWorkflow(
			perItemWorkflow(
				'voiceCall',
				'transfer',
				{ deviceType: 1, address: '3', mode: 2, options: { waitForOutcome: true, waitLimit: 1 } },
				[agent],
			),
			gw.credentials(),
		);
		const outcome = result.output(CEC)[0].json.outcome as { polls: number; observed: string };
		expect(outcome.polls).toBeGreaterThanOrEqual(1);
		expect(outcome.observed).toBe('stillWithAgent');
		const requests = gw.sim.requests();
		const transfer = requests.find((r) => r.path.endsWith('/transfer'))!;
		const looks = requests.filter(
			(r) => r.path.endsWith('/callinfo') && r.at >= transfer.answeredAt!,
		);
		expect(looks.length).toBeGreaterThanOrEqual(1);
	});

	test('the read before the transfer finds no call: the transfer is refused, nothing sent', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.createAgent('47001', 'pw');
		const idle = { agentId: '47001', guid: await gw.sim.signIn('47001', 'pw') };
		gw.sim.clearRequests();
		const result = await runWorkflow(
			perItemWorkflow(
				'voiceCall',
				'transfer',
				{ ...toQueue({ waitForOutcome: true, waitLimit: 1 }) },
				[idle],
				continueOnFail,
			),
			gw.credentials(),
		);
		expect(facts(result.output(CEC)[0])).toEqual(
			expect.objectContaining({
				error: 'Agent 47001 is on no call: the transfer was not sent',
				errorKind: 'callGuard',
				fate: 'notSent',
			}),
		);
		expect(log()).toEqual(['GET callinfo']);
		expect(agent.agentId).not.toBe('47001');
	});
});

describe('the connection test', () => {
	test('a Base URL with a path prefix the gateway does not know fails, naming the Base URL and its prefix', async () => {
		const result = await connectionTest({
			baseUrl: `${gw.sim.url}/cec`,
			caPem: gw.sim.caPem,
			guid: '',
			testAgentId: '',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('000-002');
		expect(result.message).toContain('Check the Base URL and its path prefix');
	});
});

describe('one rule for a skill queue ID: 1 to 2147483647, digits, leading zeros dropped', () => {
	const zeros = `${'0'.repeat(24)}12`;
	test.each([
		['0012', '12'],
		[zeros, '12'],
	])('Transfer To › Skill Queue %s is sent as queue %s', async (address, sent) => {
		const agent = await agentInCall();
		const result = await runWorkflow(
			perItemWorkflow('voiceCall', 'transfer', toQueue({}, address), [agent]),
			gw.credentials(),
		);
		expect(result.error).toBeUndefined();
		expect(JSON.parse(gw.transferPosts()[0].body).address).toBe(sent);
	});

	test.each([['0012'], [zeros]])('Get Waiting Count reads %s as queue 12', async (skillId) => {
		const agent = await gw.sim.readyAgent();
		gw.sim.clearRequests();
		const result = await runWorkflow(
			operationWorkflow('queue', 'getWaitingCount', {
				agentId: agent.agentId,
				skillId,
				options: { guid: agent.guid },
			}),
			gw.credentials(),
		);
		expect(result.error).toBeUndefined();
		expect(gw.sim.requests()[0].path).toMatch(/\/skillwaitnum\/12$/);
	});

	test.each([
		['transfer', '0'],
		['getWaitingCount', '0'],
		['transfer', '2147483648'],
		['getWaitingCount', '2147483648'],
	])('%s refuses skill queue %s with the same message', async (operation, id) => {
		const agent = await agentInCall();
		const result = await runWorkflow(
			operation === 'transfer'
				? perItemWorkflow('voiceCall', 'transfer', toQueue({}, id), [agent], continueOnFail)
				: perItemWorkflow('queue', 'getWaitingCount', { skillId: id }, [agent], continueOnFail),
			gw.credentials(),
		);
		expect(String(facts(result.output(CEC)[0]).error)).toMatch(
			new RegExp(`must be between 1 and 2147483647; got "${id}"$`),
		);
		expect(gw.sim.requests()).toHaveLength(0);
	});
});
