/**
 * Acting only on the call the workflow means, under n8n's own retries and late events:
 * Options › Only If Call ID Is (the call guard) on Transfer, Hang Up and Hold; Retry On Fail
 * refused for actions (and allowed for queries); a stopped batch that says what became of each item.
 */
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

type Item = { agentId: string; guid: string; [field: string]: string };

const run = (operation: string, params: Record<string, unknown>, items: Item[], extra = {}) =>
	runWorkflow(perItemWorkflow('voiceCall', operation, params, items, extra), gw.credentials());

const transferToQueue = (options: Record<string, unknown> = {}) => ({
	deviceType: 1,
	address: '3',
	mode: 0,
	options,
});
const guarded = { onlyIfCallId: '={{ $json.callId }}' };

/** An agent in a call, with that call's ID. */
async function agentInCall(): Promise<Item & { callId: string }> {
	const agent = await gw.sim.readyAgent();
	const callId = gw.sim.placeCall(agent.agentId);
	gw.sim.clearRequests();
	return { agentId: agent.agentId, guid: agent.guid, callId };
}

const sent = (method: string, suffix: string) =>
	gw.sim.requests().filter((r) => r.method === method && r.path.endsWith(suffix));

describe('the call guard (Options › Only If Call ID Is)', () => {
	test('the agent is on the expected call: read once, then the transfer is sent once', async () => {
		const agent = await agentInCall();
		const result = await run('transfer', transferToQueue(guarded), [agent]);
		expect(result.error).toBeUndefined();
		expect(facts(result.output(CEC)[0])).toEqual(
			expect.objectContaining({ success: true, expectedCallId: agent.callId }),
		);
		expect(gw.sim.requests().map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`)).toEqual([
			'GET callinfo',
			'POST transfer',
		]);
	});

	test('a late event: the agent is on another call by now, so nothing is sent and the item says so', async () => {
		const agent = await agentInCall();
		const newer = gw.sim.placeCall(agent.agentId);
		gw.sim.clearRequests();
		const result = await run('transfer', transferToQueue(guarded), [agent], {
			onError: 'continueRegularOutput',
		});
		const out = facts(result.output(CEC)[0]);
		expect(out.error).toBe(
			`Agent ${agent.agentId} is now on call ${newer}, not ${agent.callId}: nothing was sent`,
		);
		expect(out).toEqual(
			expect.objectContaining({
				errorKind: 'callGuard',
				fate: 'notSent',
				expectedCallId: agent.callId,
				currentCallId: newer,
			}),
		);
		expect(String(out.description)).toContain('safe to run again');
		expect(gw.transferPosts()).toHaveLength(0);
		expect(gw.sim.agentState(agent.agentId).call?.callid).toBe(newer);
	});

	test('the agent has no call any more: nothing is sent', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.createAgent('1977', 'pw');
		const idle = {
			agentId: '1977',
			guid: await gw.sim.signIn('1977', 'pw'),
			callId: '1700000000-1',
		};
		gw.sim.clearRequests();
		const result = await run('hangUp', { options: guarded }, [idle], {
			onError: 'continueRegularOutput',
		});
		expect(facts(result.output(CEC)[0]).error).toBe(
			`Agent 1977 is now on no call, not 1700000000-1: nothing was sent`,
		);
		expect(sent('DELETE', '/release')).toHaveLength(0);
		expect(agent.agentId).not.toBe('1977');
	});

	test.each([
		['hangUp', 'DELETE', '/release'],
		['hold', 'POST', '/hold'],
	])(
		'%s is guarded too: the right call is acted on, another is left alone',
		async (operation, method, suffix) => {
			const right = await agentInCall();
			const stale = await agentInCall();
			const newer = gw.sim.placeCall(stale.agentId);
			gw.sim.clearRequests();
			const result = await run(operation, { options: guarded }, [right, stale], {
				onError: 'continueRegularOutput',
			});
			const [first, second] = result.output(CEC).map(facts);
			expect(first).toEqual(
				expect.objectContaining({ success: true, expectedCallId: right.callId }),
			);
			expect(second).toEqual(
				expect.objectContaining({ errorKind: 'callGuard', currentCallId: newer, fate: 'notSent' }),
			);
			expect(sent(method, suffix).map((r) => r.path)).toEqual([
				expect.stringContaining(`/${right.agentId}/`),
			]);
			expect(gw.sim.agentState(stale.agentId).call?.callid).toBe(newer);
		},
	);

	test("a failed read means nothing was sent, and the read's own facts do not say otherwise", async () => {
		const agent = await agentInCall();
		gw.sim.injectFault({ kind: 'reset', pathIncludes: '/callinfo' });
		const result = await run('transfer', transferToQueue(guarded), [agent], {
			onError: 'continueRegularOutput',
		});
		const out = facts(result.output(CEC)[0]);
		expect(String(out.error)).toMatch(/^Could not read agent \d+'s call before the transfer/);
		expect(String(out.description)).toMatch(/^Nothing was sent: the transfer did not happen/);
		expect(out).toEqual(expect.objectContaining({ fate: 'notSent', readFailed: true }));
		expect(gw.transferPosts()).toHaveLength(0);
	});

	test('Wait for Outcome and the guard share one read before the transfer', async () => {
		const agent = await agentInCall();
		const result = await run(
			'transfer',
			transferToQueue({ ...guarded, waitForOutcome: true, waitLimit: 1 }),
			[agent],
		);
		expect(result.error).toBeUndefined();
		const before = gw.sim.requests().findIndex((r) => r.path.endsWith('/transfer'));
		expect(
			gw.sim
				.requests()
				.slice(0, before)
				.map((r) => r.path.split('/').slice(-1)[0]),
		).toEqual(['callinfo']);
	});

	test('re-running the same execution (n8n: retry a failed execution) does not transfer the next customer', async () => {
		const agent = await agentInCall();
		const workflow = operationWorkflow(
			'voiceCall',
			'transfer',
			{
				agentId: '={{ $json.agentId }}',
				...transferToQueue({ guid: '={{ $json.guid }}', ...guarded }),
			},
			[agent],
			{ onError: 'continueRegularOutput' },
		);
		expect(facts((await runWorkflow(workflow, gw.credentials())).output(CEC)[0]).success).toBe(
			true,
		);
		const next = gw.sim.placeCall(agent.agentId); // the agent takes the next customer
		const again = facts((await runWorkflow(workflow, gw.credentials())).output(CEC)[0]);
		expect(again).toEqual(
			expect.objectContaining({ errorKind: 'callGuard', currentCallId: next, fate: 'notSent' }),
		);
		expect(gw.transferPosts()).toHaveLength(1);
		expect(gw.sim.agentState(agent.agentId).call?.callid).toBe(next);
	});

	test('an empty or multi-line call ID is refused before anything is sent', async () => {
		const agent = await agentInCall();
		const result = await run('transfer', transferToQueue({ onlyIfCallId: '={{ $json.callId }}' }), [
			{ ...agent, callId: '1700000000-1\n2' },
		]);
		expect(result.error?.message).toContain('Only If Call ID Is must be a call');
		expect(gw.sim.requests()).toHaveLength(0);
	});
});

describe('Retry On Fail', () => {
	test('an action does not run with it: nothing is sent, and the error says what to do instead', async () => {
		const a = await agentInCall();
		const b = await agentInCall();
		gw.sim.injectFault({ kind: 'http500', pathIncludes: `/${b.agentId}/transfer` });
		const result = await run('transfer', transferToQueue(), [a, b], {
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 0,
		});
		expect(result.error?.message).toBe(
			'Retry On Fail is on: this operation acts on a live call and does not run with it',
		);
		expect(result.error?.description).toContain('Turn off Settings › Retry On Fail');
		expect(result.error?.description).toContain('Only If Call ID Is');
		expect(gw.transferPosts()).toHaveLength(0);
	});

	test('with Continue On Fail too, every item fails the same way and nothing is sent (n8n would re-run on a failed first item)', async () => {
		const a = await agentInCall();
		const result = await run('hangUp', {}, [a, a], {
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 0,
			onError: 'continueErrorOutput',
		});
		expect(result.errorOutput(CEC).map((o) => facts(o).field)).toEqual([
			'retryOnFail',
			'retryOnFail',
		]);
		expect(sent('DELETE', '/release')).toHaveLength(0);
	});

	test('a read-only query may run with it', async () => {
		const a = await agentInCall();
		const result = await run('getCallInfo', {}, [a], {
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 0,
		});
		expect(result.error).toBeUndefined();
		expect(facts(result.output(CEC)[0])).toEqual(
			expect.objectContaining({ hasCall: true, callId: a.callId }),
		);
	});
});

describe('a stopped batch says what became of every item', () => {
	test('one at a time: item 2 fails, item 1 was accepted, items 3-5 were never sent', async () => {
		const agents: Item[] = [];
		for (let i = 0; i < 5; i++) agents.push(await agentInCall());
		gw.sim.injectFault({ kind: 'http500', pathIncludes: `/${agents[1].agentId}/transfer` });
		const result = await run('transfer', transferToQueue(), agents);
		const error = result.error as unknown as {
			message: string;
			description: string;
			context: Record<string, unknown>;
		};
		expect(error.message).toContain('HTTP 500');
		expect(error.description).toContain(
			'This run stopped at item 2 of 5: item 1 was accepted by the gateway; item 2 may have happened (no answer says); items 3, 4 and 5 were never sent.',
		);
		expect(error.description).toContain('run only the items that were never sent');
		expect(error.context.batch).toEqual({
			itemCount: 5,
			numbering: 'from 1',
			accepted: [1],
			refused: [],
			unknown: [2],
			notSent: [3, 4, 5],
		});
		expect(gw.transferPosts().map((r) => r.path)).toEqual(
			[1, 2].map((n) => expect.stringContaining(`/${agents[n - 1].agentId}/`)),
		);
	});

	test('four in flight: the report matches what the gateway received', async () => {
		const agents: Item[] = [];
		for (let i = 0; i < 5; i++) agents.push(await agentInCall());
		gw.sim.injectFault({ kind: 'http500', pathIncludes: `/${agents[1].agentId}/transfer` });
		const result = await run('transfer', transferToQueue({ concurrency: 4 }), agents);
		const batch = (
			result.error as unknown as {
				context: { batch: { accepted: number[]; unknown: number[]; notSent: number[] } };
			}
		).context.batch;
		expect(batch.unknown).toEqual([2]);
		const reached = new Set(
			gw.transferPosts().map((r) => agents.findIndex((a) => r.path.includes(`/${a.agentId}/`)) + 1),
		);
		expect([...reached].sort()).toEqual([...batch.accepted, ...batch.unknown].sort());
		for (const n of batch.notSent) expect(reached.has(n)).toBe(false);
		expect([...batch.accepted, ...batch.unknown, ...batch.notSent].sort()).toEqual([1, 2, 3, 4, 5]);
		// the gateway moved exactly the accepted items' calls
		for (const n of batch.accepted)
			expect(gw.sim.agentState(agents[n - 1].agentId).call).toBeNull();
	});
});
