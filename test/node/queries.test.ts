/**
 * Agent › Get Status and Voice Call › Get Call Info through n8n-core's engine: the happy path, no
 * call (an answer, not an error), a bad Guid, Continue On Fail on both outputs, and that a read-only
 * query changes nothing at the gateway.
 */
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, operationWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
});

type Item = { agentId: string; guid: string };
const getStatus = (items: Item[], extra = {}) =>
	operationWorkflow(
		'agent',
		'getStatus',
		{ agentId: '={{ $json.agentId }}', options: { guid: '={{ $json.guid }}' } },
		items.map(({ agentId, guid }) => ({ agentId, guid })),
		extra,
	);
const getCallInfo = (items: Item[], options: Record<string, unknown> = {}, extra = {}) =>
	operationWorkflow(
		'voiceCall',
		'getCallInfo',
		{ agentId: '={{ $json.agentId }}', options: { guid: '={{ $json.guid }}', ...options } },
		items.map(({ agentId, guid }) => ({ agentId, guid })),
		extra,
	);

describe('Agent › Get Status', () => {
	test('an agent in a call, an idle one and one at rest: state code, name, working', async () => {
		const talking = await gw.sim.readyAgent();
		gw.sim.createAgent('1910', 'pw');
		const idle = { agentId: '1910', guid: await gw.sim.signIn('1910', 'pw') };
		gw.sim.createAgent('1911', 'pw');
		const resting = { agentId: '1911', guid: await gw.sim.signIn('1911', 'pw') };
		gw.sim.setAgentState('1911', 'rest');
		gw.sim.clearRequests();
		const result = await runWorkflow(getStatus([talking, idle, resting]), gw.credentials());
		expect(result.error).toBeUndefined();
		const out = result.output(CEC);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(
			out.map((o) => [o.json.agentId, o.json.agentState, o.json.stateName, o.json.inCall]),
		).toEqual([
			[Number(talking.agentId), 7, 'talking', true],
			[1910, 4, 'idle', false],
			[1911, 8, 'rest', false],
		]);
		expect(typeof facts(out[0]).isWorking).toBe('boolean');
		expect(gw.sim.requests().map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
	});

	test('a wrong Guid: 000-003 explained, and the error says a query is safe to repeat only for transport failures', async () => {
		const agent = await gw.sim.readyAgent();
		const result = await runWorkflow(
			getStatus([{ agentId: agent.agentId, guid: 'stale.AgentGateway0' }], {
				onError: 'continueErrorOutput',
			}),
			gw.credentials(),
		);
		expect(result.output(CEC)).toHaveLength(0);
		const [failed] = result.errorOutput(CEC);
		expect(failed.json.error).toBe(
			"000-003: the agent's Guid is not accepted — it may have expired or rotated",
		);
		expect(failed.json.details).toEqual(
			expect.objectContaining({ errorKind: 'gateway', retcode: '000-003' }),
		);
	});
});

describe('Voice Call › Get Call Info', () => {
	test("the agent's call: ID, numbers, media and begin time (ms and ISO); caller as callerNumber (n8n's sandbox refuses $json.caller); unknown fields passed through", async () => {
		const agent = await gw.sim.readyAgent({
			call: { direction: 'inbound', caller: '13812345678', called: '4001' },
		});
		const callid = gw.sim.agentState(agent.agentId).call?.callid;
		gw.sim.clearRequests();
		const result = await runWorkflow(getCallInfo([agent]), gw.credentials());
		const [item] = result.output(CEC);
		expect(facts(item)).toEqual(
			expect.objectContaining({
				agentId: Number(agent.agentId),
				hasCall: true,
				callId: callid,
				callerNumber: '13812345678',
				calledNumber: '4001',
			}),
		);
		expect(typeof facts(item).beginTimeMs).toBe('number');
		expect(facts(item).beginTime).toBe(new Date(facts(item).beginTimeMs as number).toISOString());
		expect(gw.sim.requests()[0]).toEqual(
			expect.objectContaining({
				method: 'GET',
				path: `/agentgateway/resource/calldata/${agent.agentId}/callinfo`,
			}),
		);
	});

	test('no call is an answer, not an error: hasCall false', async () => {
		gw.sim.createAgent('1912', 'pw');
		const idle = { agentId: '1912', guid: await gw.sim.signIn('1912', 'pw') };
		const result = await runWorkflow(getCallInfo([idle]), gw.credentials());
		expect(result.error).toBeUndefined();
		expect(facts(result.output(CEC)[0])).toEqual({ agentId: 1912, hasCall: false });
	});

	test('a read-only query changes nothing: the call is where it was, no event was taken', async () => {
		const agent = await gw.sim.readyAgent();
		const before = gw.sim.agentState(agent.agentId);
		await runWorkflow(getCallInfo([agent, agent]), gw.credentials());
		expect(gw.sim.agentState(agent.agentId)).toEqual(before);
	});

	test('a connection lost mid-answer: the error says the query is safe to run again', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.injectFault({ kind: 'reset', pathIncludes: '/callinfo' });
		const result = await runWorkflow(
			getCallInfo([agent], {}, { onError: 'continueRegularOutput' }),
			gw.credentials(),
		);
		const [item] = result.output(CEC);
		expect(facts(item)).toEqual(
			expect.objectContaining({
				error: expect.any(String),
				errorKind: 'transport',
				cause: 'connectionLost',
			}),
		);
		expect(String(facts(item).description)).toContain('read-only query');
		expect(String(facts(item).description)).not.toContain('transfer');
	});

	test('an invalid Agent ID in the batch: nothing is sent for any item', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.clearRequests();
		const result = await runWorkflow(
			getCallInfo([agent, { agentId: 'x1', guid: agent.guid }]),
			gw.credentials(),
		);
		expect(result.error?.message).toContain('Item 2: Agent ID must be a whole number');
		expect(gw.sim.requests()).toHaveLength(0);
	});
});
