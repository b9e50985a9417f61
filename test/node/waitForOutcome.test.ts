/**
 * Transfer › Options › Wait for Outcome: the call read before the transfer, the transfer sent once,
 * then the agent's call watched with the read-only callinfo query until it leaves the agent or the
 * limit passes; what was observed, read only as far as the mode makes it certain. The simulator
 * decides what the target (or the customer) does after each transfer.
 */
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => {
	// Across every test of this file the node never touched the agent's event interface.
	expect(seen.filter((p) => p.includes('/agentevent/'))).toEqual([]);
	await stopGateway(gw);
});
const seen: string[] = [];
afterEach(() => {
	seen.push(...gw.sim.requests().map((r) => r.path));
	gw.sim.clearRequests();
});

type Outcome = { outcome: 'answer' | 'noAnswer' | 'customerHangsUp'; afterMs: number };

async function transferAndWatch(
	target: { deviceType: number; address: string; mode: number },
	outcome?: Outcome,
	waitLimit = 3,
) {
	const agent = await gw.sim.readyAgent();
	if (outcome) gw.sim.nextTransferOutcome(agent.agentId, outcome);
	const callId = gw.sim.agentState(agent.agentId).call?.callid;
	gw.sim.clearRequests();
	const result = await runWorkflow(
		transferWorkflow(
			{
				agentId: agent.agentId,
				...target,
				options: { guid: agent.guid, waitForOutcome: true, waitLimit },
			},
			[{}],
			{ onError: 'continueErrorOutput' },
		),
		gw.credentials(),
	);
	const requests = gw.sim.requests().map((r) => `${r.method} ${r.path.split('/').slice(-1)[0]}`);
	return { result, out: result.output(CEC)[0]?.json, callId, requests };
}

const SKILL_QUEUE_RELEASE_AFTER = { deviceType: 1, address: '3', mode: 2 };

test('release after transfer, the target answers: the call left the agent; answered or hung up, the queries cannot tell', async () => {
	const { out, callId, requests } = await transferAndWatch(SKILL_QUEUE_RELEASE_AFTER, {
		outcome: 'answer',
		afterMs: 600,
	});
	expect(out).toEqual(expect.objectContaining({ success: true, retcode: '0' }));
	expect(out.outcome).toEqual(
		expect.objectContaining({ observed: 'leftAgent', callId, targetAnswered: null }),
	);
	expect(String((out.outcome as { interpretation: string }).interpretation)).toContain(
		'the target answered, or the customer hung up',
	);
	// read before, the transfer once, then at least one look afterwards
	expect(requests[0]).toBe('GET callinfo');
	expect(requests.filter((r) => r === 'POST transfer')).toHaveLength(1);
	expect(requests.indexOf('POST transfer')).toBe(1);
	expect(requests.slice(2).every((r) => r === 'GET callinfo')).toBe(true);
});

test('release after transfer, the target never answers: still with the agent at the limit, the agent keeps the customer', async () => {
	const { out } = await transferAndWatch(
		SKILL_QUEUE_RELEASE_AFTER,
		{ outcome: 'noAnswer', afterMs: 60_000 },
		2,
	);
	const outcome = out.outcome as Record<string, unknown>;
	expect(outcome).toEqual(
		expect.objectContaining({ observed: 'stillWithAgent', targetAnswered: false }),
	);
	expect(outcome.waitedMs as number).toBeGreaterThanOrEqual(2000);
	expect(String(outcome.interpretation)).toContain('the agent keeps the customer');
});

test('release after transfer, the customer hangs up: the call left the agent (the same observation as an answer)', async () => {
	const { out } = await transferAndWatch(SKILL_QUEUE_RELEASE_AFTER, {
		outcome: 'customerHangsUp',
		afterMs: 300,
	});
	expect(out.outcome).toEqual(expect.objectContaining({ observed: 'leftAgent' }));
});

test('blind: the call left at once; nothing is known of the target', async () => {
	const { out } = await transferAndWatch(
		{ deviceType: 1, address: '3', mode: 0 },
		{ outcome: 'noAnswer', afterMs: 60_000 },
	);
	const outcome = out.outcome as Record<string, unknown>;
	expect(outcome).toEqual(expect.objectContaining({ observed: 'leftAgent', polls: 1 }));
	expect(String(outcome.interpretation)).toContain('nothing is known of the target');
});

test('three-party, the third party never answers: still with the agent, and the reading says what it cannot tell', async () => {
	const { out } = await transferAndWatch(
		{ deviceType: 5, address: '88880001', mode: 4 },
		{ outcome: 'noAnswer', afterMs: 60_000 },
		1,
	);
	const outcome = out.outcome as Record<string, unknown>;
	expect(outcome).toEqual(
		expect.objectContaining({ observed: 'stillWithAgent', targetAnswered: null }),
	);
	expect(String(outcome.interpretation)).toContain('cannot tell');
});

test("IVR hang-up: the call stays the agent's while the flow runs, and the reading says the query cannot tell more", async () => {
	const { out } = await transferAndWatch({ deviceType: 3, address: '1000', mode: 1 }, undefined, 1);
	expect(out.outcome).toEqual(
		expect.objectContaining({ observed: 'stillWithAgent', targetAnswered: null }),
	);
	expect(String((out.outcome as { interpretation: string }).interpretation)).toContain(
		'while the IVR flow runs',
	);
});

test('no call before the transfer: the gateway refuses it (200-012), the item fails by the error output; nothing is watched', async () => {
	gw.sim.createAgent('1920', 'pw');
	const guid = await gw.sim.signIn('1920', 'pw');
	gw.sim.clearRequests();
	const result = await runWorkflow(
		transferWorkflow(
			{
				agentId: '1920',
				...SKILL_QUEUE_RELEASE_AFTER,
				options: { guid, waitForOutcome: true, waitLimit: 2 },
			},
			[{}],
			{ onError: 'continueErrorOutput' },
		),
		gw.credentials(),
	);
	expect(result.output(CEC)).toHaveLength(0);
	expect(result.errorOutput(CEC)[0].json.error).toBe('200-012: the agent has no call to transfer');
	expect(gw.sim.requests().map((r) => r.method)).toEqual(['GET', 'POST']);
});

test('the call cannot be read before the transfer: the transfer is not sent, and the error says so', async () => {
	const agent = await gw.sim.readyAgent();
	gw.sim.injectFault({ kind: 'http500', pathIncludes: '/callinfo' });
	gw.sim.clearRequests();
	const result = await runWorkflow(
		transferWorkflow(
			{
				agentId: agent.agentId,
				...SKILL_QUEUE_RELEASE_AFTER,
				options: { guid: agent.guid, waitForOutcome: true },
			},
			[{}],
			{ onError: 'continueRegularOutput' },
		),
		gw.credentials(),
	);
	const out = facts(result.output(CEC)[0]);
	expect(String(out.error)).toMatch(/^Could not read agent \d+'s call before the transfer/);
	expect(String(out.description)).toMatch(
		/^Nothing was sent: the transfer did not happen, and it is safe to run again/,
	);
	// the read's own "may have been sent" never leaks into the transfer's facts
	expect(out).toEqual(
		expect.objectContaining({ sent: false, mayHaveBeenSent: false, readFailed: true }),
	);
	expect(gw.transferPosts()).toHaveLength(0);
});

test('a Wait Limit out of range is refused before anything is sent', async () => {
	const agent = await gw.sim.readyAgent();
	gw.sim.clearRequests();
	const result = await runWorkflow(
		transferWorkflow({
			agentId: agent.agentId,
			...SKILL_QUEUE_RELEASE_AFTER,
			options: { guid: agent.guid, waitForOutcome: true, waitLimit: 601 },
		}),
		gw.credentials(),
	);
	expect(result.error?.message).toBe(
		'Item 1: Wait Limit must be between 1 and 600 seconds; got 601',
	);
	expect(gw.sim.requests()).toHaveLength(0);
});
