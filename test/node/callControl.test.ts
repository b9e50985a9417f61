/**
 * Voice Call › Call Out, Hang Up, Hold and Unhold through n8n-core's engine: each one's request,
 * what it does to the call at the simulator, its refusals explained in its own words, the whole
 * batch checked before anything is sent, and every request sent once.
 */
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, perItemWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
});

let nextFree = 1930;
async function freeAgent() {
	const agentId = String(nextFree++);
	gw.sim.createAgent(agentId, 'pw');
	return { agentId, guid: await gw.sim.signIn(agentId, 'pw') };
}

type Item = { agentId: string; guid: string; [field: string]: string };
const pick = ({ agentId, guid }: { agentId: string; guid: string }): Item => ({ agentId, guid });
const run = (operation: string, params: Record<string, unknown>, items: Item[], extra = {}) =>
	runWorkflow(perItemWorkflow('voiceCall', operation, params, items, extra), gw.credentials());

describe('Call Out', () => {
	test('a free agent calls the number: one PUT, the new call ID in the output, the agent now in that call', async () => {
		const agent = await freeAgent();
		gw.sim.clearRequests();
		const result = await run(
			'callOut',
			{
				calledNumber: '={{ $json.phone }}',
				options: { callerNumber: '40040', callAppData: 'case=7' },
			},
			[{ ...agent, phone: '13800000009' }],
		);
		expect(result.error).toBeUndefined();
		const out = facts(result.output(CEC)[0]);
		expect(out).toEqual(
			expect.objectContaining({
				success: true,
				agentId: Number(agent.agentId),
				calledNumber: '13800000009',
			}),
		);
		expect(out.callId).toBe(gw.sim.agentState(agent.agentId).call?.callid);
		const [put] = gw.sim.requests();
		expect(put).toEqual(
			expect.objectContaining({
				method: 'PUT',
				path: `/agentgateway/resource/voicecall/${agent.agentId}/callout`,
			}),
		);
		expect(JSON.parse(put.body)).toEqual({
			called: '13800000009',
			caller: '40040',
			callappdata: 'case=7',
		});
	});

	test('an agent already in a call: 100-007 explained, and the call is not placed twice', async () => {
		const busy = await gw.sim.readyAgent();
		gw.sim.clearRequests();
		const result = await run('callOut', { calledNumber: '13800000009' }, [pick(busy)], {
			onError: 'continueErrorOutput',
		});
		const [failed] = result.errorOutput(CEC);
		expect(String(failed.json.error)).toMatch(
			/^100-007: the gateway did not place the call: the agent is not free/,
		);
		expect(gw.sim.requests().filter((r) => r.method === 'PUT')).toHaveLength(1);
	});

	test.each([
		['letters', '1380abc', 'Number to Call may hold only digits, * and #'],
		['nothing', '', 'Number to Call is required'],
		['25 digits', '1'.repeat(25), 'Number to Call may hold at most 24 characters; got 25'],
	])(
		'a number with %s is refused for the whole batch before anything is sent',
		async (_label, phone, words) => {
			const a = await freeAgent();
			const b = await freeAgent();
			gw.sim.clearRequests();
			const result = await run('callOut', { calledNumber: '={{ $json.phone }}' }, [
				{ ...a, phone: '13800000001' },
				{ ...b, phone },
			]);
			expect(result.error?.message).toContain(`Item 2: ${words}`);
			expect(gw.sim.requests()).toHaveLength(0);
		},
	);

	test('a connection lost after sending: may or may not have been placed, and never re-sent', async () => {
		const agent = await freeAgent();
		gw.sim.injectFault({ kind: 'reset', pathIncludes: '/callout' });
		gw.sim.clearRequests();
		const result = await run('callOut', { calledNumber: '13800000009' }, [agent], {
			onError: 'continueRegularOutput',
		});
		const out = facts(result.output(CEC)[0]);
		expect(out).toEqual(
			expect.objectContaining({
				error: expect.any(String),
				errorKind: 'transport',
				fate: 'unknown',
			}),
		);
		expect(String(out.description)).toContain('The call out may or may not have happened');
		expect(gw.sim.requests()).toHaveLength(1);
	});
});

describe('Hang Up', () => {
	test("ends the agent's call", async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.clearRequests();
		const result = await run('hangUp', {}, [pick(agent)]);
		expect(facts(result.output(CEC)[0])).toEqual(
			expect.objectContaining({ success: true, agentId: Number(agent.agentId) }),
		);
		expect(gw.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`DELETE /agentgateway/resource/voicecall/${agent.agentId}/release`,
		]);
		expect(gw.sim.agentState(agent.agentId).call).toBeNull();
	});

	test('no call: explained, and said that nothing changed', async () => {
		const agent = await freeAgent();
		const result = await run('hangUp', {}, [agent], { onError: 'continueRegularOutput' });
		const out = facts(result.output(CEC)[0]);
		expect(out.error).toBe('200-017: the agent has no call to hang up');
		expect(String(out.description)).toContain('Nothing was changed');
	});
});

describe('Hold and Unhold', () => {
	test('hold puts the call on the hold list; unhold with its ID takes it back', async () => {
		const agent = await gw.sim.readyAgent();
		const callId = gw.sim.agentState(agent.agentId).call!.callid;
		const held = await run('hold', {}, [pick(agent)]);
		expect(facts(held.output(CEC)[0]).success).toBe(true);
		expect(gw.sim.holdList(agent.agentId)).toEqual([callId]);
		gw.sim.clearRequests();
		const back = await run('unhold', { callId: '={{ $json.callId }}' }, [
			{ ...pick(agent), callId },
		]);
		expect(facts(back.output(CEC)[0])).toEqual(expect.objectContaining({ success: true, callId }));
		expect(gw.sim.requests()[0]).toEqual(
			expect.objectContaining({
				method: 'POST',
				path: `/agentgateway/resource/voicecall/${agent.agentId}/gethold`,
			}),
		);
		expect(gw.sim.holdList(agent.agentId)).toEqual([]);
		expect(gw.sim.agentState(agent.agentId).call?.callid).toBe(callId);
	});

	test('unhold with an ID that is not held: 000-002 in its own words', async () => {
		const agent = await gw.sim.readyAgent();
		const result = await run('unhold', { callId: '1700000000-999' }, [pick(agent)], {
			onError: 'continueRegularOutput',
		});
		expect(facts(result.output(CEC)[0]).error).toBe(
			'000-002: the agent has no held call with that ID',
		);
	});

	test('unhold whose call ID maps to nothing is refused before sending', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.clearRequests();
		const result = await run(
			'unhold',
			{ callId: '={{ $json.callId }}' },
			[{ ...pick(agent), callId: '' }],
			{ onError: 'continueRegularOutput' },
		);
		expect(facts(result.output(CEC)[0])).toEqual(
			expect.objectContaining({ errorKind: 'validation', field: 'callId', fate: 'notSent' }),
		);
		expect(gw.sim.requests()).toHaveLength(0);
	});

	test('hold with no call: explained', async () => {
		const agent = await freeAgent();
		const result = await run('hold', {}, [agent], { onError: 'continueRegularOutput' });
		expect(facts(result.output(CEC)[0]).error).toBe(
			'200-017: the agent has no talking call to hold',
		);
	});
});
