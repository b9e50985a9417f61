/**
 * Wait for Outcome, mode by mode: what each transfer mode lets the node conclude when the call left
 * the agent, and when it is still there at the Wait Limit (Designated with the extended rule set,
 * Talk Forwarding and Three-Party to an external number, IVR Hang-Up, Blind); no call before the
 * transfer (refused); a poll that fails after the transfer was accepted; a different call on the agent.
 * Wait Limit 1 s and outcomes within a few hundred ms keep every test about a second long.
 */
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';
import { startCanned, type CannedGateway } from './cannedGateway';

let gw: Gateway;
let canned: CannedGateway;
/** When set, the simulator answers the agent's callinfo requests after the first with 100-007. */
let failPollsOf: string | undefined;
let callinfoSeen = 0;

beforeAll(async () => {
	gw = await startGateway({
		ruleSet: 'extended',
		onGatewayRequest: ({ path }) => {
			if (failPollsOf === undefined || !path.includes(`/calldata/${failPollsOf}/callinfo`)) return;
			if (callinfoSeen++ > 0) throw new Error('back end unreachable');
		},
	});
	canned = await startCanned();
});
afterAll(async () => {
	await stopGateway(gw);
	await canned.close();
});
beforeEach(() => {
	gw.sim.clearRequests();
	canned.requests.length = 0;
	failPollsOf = undefined;
	callinfoSeen = 0;
});

type Target = {
	deviceType: number;
	address: string;
	mode: number;
	options?: Record<string, unknown>;
};
type Outcome = { outcome: 'answer' | 'noAnswer' | 'customerHangsUp'; afterMs: number };

/** A ready agent of the simulator transfers its call with Wait for Outcome (Wait Limit 1 s). */
async function simulated(target: Target, outcome?: Outcome) {
	const agent = await gw.sim.readyAgent();
	if (outcome) gw.sim.nextTransferOutcome(agent.agentId, outcome);
	const callId = gw.sim.agentState(agent.agentId).call?.callid;
	gw.sim.clearRequests();
	const { options = {}, ...rest } = target;
	const result = await runWorkflow(
		transferWorkflow(
			{
				agentId: agent.agentId,
				...rest,
				options: { guid: agent.guid, waitForOutcome: true, waitLimit: 1, ...options },
			},
			[{}],
			{ onError: 'continueRegularOutput' },
		),
		gw.credentials(),
	);
	const transfers = gw.transferPosts().length;
	return {
		agent,
		callId,
		transfers,
		item: result.output(CEC)[0],
		outcome: result.output(CEC)[0]?.json.outcome as Record<string, unknown>,
	};
}

/** The canned gateway: callinfo answers as `callinfo(n)` says for its n-th request, every transfer is accepted. */
async function cannedTransfer(target: Target, callinfo: (n: number) => unknown) {
	canned.answer({
		'/callinfo': (n: number) => ({ retcode: '0', message: 'success', result: callinfo(n) }),
		'/transfer': { retcode: '0', message: 'success', result: {} },
	});
	const { options = {}, ...rest } = target;
	const result = await runWorkflow(
		transferWorkflow(
			{ agentId: '101', ...rest, options: { waitForOutcome: true, waitLimit: 1, ...options } },
			[{}],
			{ onError: 'continueRegularOutput' },
		),
		canned.credentials(),
	);
	const requests = canned.requests.map(
		(r) => `${r.method} ${r.url.split('?')[0].split('/').pop()}`,
	);
	return {
		item: result.output(CEC)[0],
		outcome: result.output(CEC)[0]?.json.outcome as Record<string, unknown>,
		requests,
	};
}

const CALL = { callid: '1700000000-1', caller: '13800000001' };
const DESIGNATED = (address: string): Target => ({
	deviceType: 2,
	address,
	mode: 3,
	options: { ruleSet: 'extended' },
});
const TALK_FORWARDING: Target = { deviceType: 5, address: '88880001', mode: 3 };
const THREE_PARTY: Target = { deviceType: 5, address: '88880001', mode: 4 };

describe('Designated (agent target, mode 3, extended rule set)', () => {
	test('the call leaves the agent at once; nothing more is known of the target', async () => {
		const colleague = await gw.sim.readyAgent();
		const { outcome, callId, transfers, item } = await simulated(DESIGNATED(colleague.agentId));
		expect(item.json).toEqual(
			expect.objectContaining({ success: true, mode: 3, modeName: 'Designated' }),
		);
		expect(outcome).toEqual(
			expect.objectContaining({ observed: 'leftAgent', callId, polls: 1, targetAnswered: null }),
		);
		expect(String(outcome.interpretation)).toMatch(
			/^The call left the agent after \d+\.\d s; nothing more is known of the target\.$/,
		);
		expect(transfers).toBe(1);
	});

	test('still with the agent at the limit: said so, and that the queries cannot tell why', async () => {
		const { outcome, requests } = await cannedTransfer(DESIGNATED('49998'), () => CALL);
		expect(outcome).toEqual(
			expect.objectContaining({
				observed: 'stillWithAgent',
				callId: '1700000000-1',
				targetAnswered: null,
			}),
		);
		expect(outcome.waitedMs as number).toBeGreaterThanOrEqual(1000);
		expect(String(outcome.interpretation)).toMatch(
			/^The call is still with the agent after \d+\.\d s; the agent's queries cannot tell why\.$/,
		);
		expect(requests.filter((r) => r === 'POST transfer')).toHaveLength(1);
	});
});

describe('Talk Forwarding to an external number', () => {
	test('the target never answers: still with the agent; ringing or talking, the queries cannot tell', async () => {
		const { outcome, callId } = await simulated(TALK_FORWARDING, {
			outcome: 'noAnswer',
			afterMs: 60_000,
		});
		expect(outcome).toEqual(
			expect.objectContaining({ observed: 'stillWithAgent', callId, targetAnswered: null }),
		);
		expect(String(outcome.interpretation)).toContain('ringing the target or talking with it');
	});

	test('the target answers: the call left the agent, handed over or ended', async () => {
		const { outcome, transfers } = await simulated(TALK_FORWARDING, {
			outcome: 'answer',
			afterMs: 100,
		});
		expect(outcome).toEqual(
			expect.objectContaining({ observed: 'leftAgent', targetAnswered: null }),
		);
		expect(String(outcome.interpretation)).toContain(
			'the agent handed it over after talking with the target, or the call ended',
		);
		expect(transfers).toBe(1);
	});
});

test('Three-Party to an external number, the customer hangs up: the call left the agent; left the three-way call or ended', async () => {
	const { outcome } = await simulated(THREE_PARTY, { outcome: 'customerHangsUp', afterMs: 100 });
	expect(outcome).toEqual(expect.objectContaining({ observed: 'leftAgent', targetAnswered: null }));
	expect(String(outcome.interpretation)).toContain(
		'the agent left the three-way call, or the call ended',
	);
});

test('IVR Hang-Up, the call is gone at the first look: it ended in or after the IVR flow', async () => {
	const { outcome } = await cannedTransfer({ deviceType: 3, address: '1000', mode: 1 }, (n) =>
		n === 0 ? CALL : {},
	);
	expect(outcome).toEqual(
		expect.objectContaining({
			observed: 'leftAgent',
			callId: '1700000000-1',
			polls: 1,
			targetAnswered: null,
		}),
	);
	expect(String(outcome.interpretation)).toContain('it ended in or after the IVR flow');
});

test('Blind, but the call is still with the agent at the limit: the transfer did not take effect', async () => {
	const { outcome } = await cannedTransfer({ deviceType: 1, address: '3', mode: 0 }, () => CALL);
	expect(outcome).toEqual(
		expect.objectContaining({ observed: 'stillWithAgent', targetAnswered: null }),
	);
	expect(String(outcome.interpretation)).toMatch(
		/^The call is still with the agent \d+\.\d s after a blind transfer: the transfer did not take effect\.$/,
	);
});

test('a different call on the agent at the first look is not mistaken for the transferred one: the transferred call left', async () => {
	const { outcome } = await cannedTransfer({ deviceType: 1, address: '3', mode: 2 }, (n) =>
		n === 0 ? CALL : { callid: '1700000000-2' },
	);
	expect(outcome).toEqual(
		expect.objectContaining({ observed: 'leftAgent', callId: '1700000000-1' }),
	);
});

test('no call before the transfer: refused with nothing sent, nothing watched', async () => {
	const { item, requests } = await cannedTransfer(
		{ deviceType: 1, address: '3', mode: 2 },
		() => ({}),
	);
	expect(facts(item)).toEqual(
		expect.objectContaining({ errorKind: 'callGuard', fate: 'notSent', currentCallId: null }),
	);
	expect(requests).toEqual(['GET callinfo']);
});

test('a poll fails after the transfer was accepted: the item still succeeds, the outcome is unobserved and says why', async () => {
	const agent = await gw.sim.readyAgent();
	failPollsOf = agent.agentId;
	gw.sim.nextTransferOutcome(agent.agentId, { outcome: 'noAnswer', afterMs: 60_000 });
	gw.sim.clearRequests();
	const result = await runWorkflow(
		transferWorkflow({
			agentId: agent.agentId,
			deviceType: 1,
			address: '3',
			mode: 2,
			options: { guid: agent.guid, waitForOutcome: true, waitLimit: 1 },
		}),
		gw.credentials(),
	);
	expect(result.error).toBeUndefined();
	const out = facts(result.output(CEC)[0]);
	expect(out).toEqual(expect.objectContaining({ success: true, retcode: '0' }));
	const outcome = out.outcome as Record<string, unknown>;
	expect(outcome).toEqual(
		expect.objectContaining({ observed: 'unobserved', polls: 1, targetAnswered: null }),
	);
	expect(String(outcome.interpretation)).toMatch(/^The call could no longer be watched: 100-007: /);
	expect(gw.transferPosts()).toHaveLength(1);
});
