/**
 * Options › Requests in Flight: transfers of different agents overlap, output keeps input order,
 * two transfers of one agent never overlap, and without Continue On Fail a failure stops new sends.
 */
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';
import { ManualScheduler } from '../simulator/scheduler';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
});

const params = (concurrency: number | string) => ({
	agentId: '={{ $json.agentId }}',
	deviceType: 5,
	address: '88880001',
	mode: '={{ $json.mode }}',
	options: { guid: '={{ $json.guid }}', concurrency },
});

test('different agents overlap; output keeps the input order with pairedItem', async () => {
	const [a, b, c] = await Promise.all([
		gw.sim.readyAgent(),
		gw.sim.readyAgent(),
		gw.sim.readyAgent(),
	]);
	// the first transfer of agent a is held for 300 ms: b and c must not wait for it
	gw.sim.injectFault({ kind: 'delay', delayMs: 300, pathIncludes: `/voicecall/${a.agentId}/` });
	const items = [a, b, c].map((x) => ({ agentId: x.agentId, guid: x.guid, mode: 4 }));
	const result = await runWorkflow(
		transferWorkflow(params(3), items, { onError: 'continueRegularOutput' }),
		gw.credentials(),
	);
	const out = result.output(CEC);
	expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(out.map((o) => facts(o).agentId)).toEqual([a, b, c].map((x) => Number(x.agentId)));
	expect(out.map((o) => facts(o).success === true)).toEqual([false, true, true]); // a's answer was the delayed 100-007
	const log = gw.transferPosts();
	const of = (id: string) => log.find((r) => r.path.includes(`/${id}/`))!;
	// b and c reached the gateway while a's transfer was still unanswered
	expect(of(b.agentId).at).toBeLessThanOrEqual(of(a.agentId).answeredAt!);
	expect(of(c.agentId).at).toBeLessThanOrEqual(of(a.agentId).answeredAt!);
});

test('two transfers of the same agent never overlap', async () => {
	const a = await gw.sim.readyAgent();
	const b = await gw.sim.readyAgent();
	gw.sim.injectFault({ kind: 'trickle', delayMs: 300, pathIncludes: `/voicecall/${a.agentId}/` });
	const items = [
		{ agentId: a.agentId, guid: a.guid, mode: 4 },
		{ agentId: b.agentId, guid: b.guid, mode: 4 },
		{ agentId: a.agentId, guid: a.guid, mode: 4 },
	];
	const result = await runWorkflow(transferWorkflow(params(4), items), gw.credentials());
	expect(result.error).toBeUndefined();
	const posts = gw.transferPosts().filter((r) => r.path.includes(`/${a.agentId}/`));
	expect(posts).toHaveLength(2);
	// the second transfer of agent a only arrived once the first one's answer had fully gone out,
	// while b's transfer went out during a's first one
	expect(posts[1].at).toBeGreaterThanOrEqual(posts[0].answeredAt!);
	const toB = gw.transferPosts().find((r) => r.path.includes(`/${b.agentId}/`))!;
	expect(toB.at).toBeLessThanOrEqual(posts[0].answeredAt!);
	expect(result.output(CEC).map((o) => facts(o).success === true)).toEqual([true, true, true]);
});

test('without Continue On Fail an invalid item stops the batch before anything is sent', async () => {
	const agents = await Promise.all([
		gw.sim.readyAgent(),
		gw.sim.readyAgent(),
		gw.sim.readyAgent(),
		gw.sim.readyAgent(),
	]);
	gw.sim.clearRequests();
	const items = agents.map((x, i) => ({ agentId: x.agentId, guid: x.guid, mode: i === 1 ? 0 : 4 }));
	const result = await runWorkflow(transferWorkflow(params(2), items), gw.credentials());
	expect(result.error?.message).toContain('Item 2: Mode 0 (Blind) is only for');
	expect(gw.transferPosts()).toHaveLength(0);
});

test('without Continue On Fail a failed send stops new sends; those under way finish', async () => {
	const agents = await Promise.all([
		gw.sim.readyAgent(),
		gw.sim.readyAgent(),
		gw.sim.readyAgent(),
		gw.sim.readyAgent(),
	]);
	gw.sim.clearRequests();
	const items = agents.map((x, i) => ({
		agentId: x.agentId,
		guid: i === 0 ? 'stale' : x.guid,
		mode: 4,
	}));
	const result = await runWorkflow(transferWorkflow(params(2), items), gw.credentials());
	expect(result.error?.message).toContain('000-003');
	// item 1 was under way with item 0; items 2 and 3 never started
	const sentTo = gw.transferPosts().map((r) => r.path);
	expect(
		sentTo.some(
			(p) => p.includes(`/${agents[2].agentId}/`) || p.includes(`/${agents[3].agentId}/`),
		),
	).toBe(false);
});

test('with Continue On Fail every item gets its own outcome, in order', async () => {
	const agents = await Promise.all([gw.sim.readyAgent(), gw.sim.readyAgent(), gw.sim.readyAgent()]);
	const items = [
		{ agentId: agents[0].agentId, guid: agents[0].guid, mode: 4 },
		{ agentId: agents[1].agentId, guid: 'stale', mode: 4 },
		{ agentId: agents[2].agentId, guid: agents[2].guid, mode: 9 },
		{ agentId: agents[0].agentId, guid: agents[0].guid, mode: 4 },
	];
	const result = await runWorkflow(
		transferWorkflow(params('8'), items, { onError: 'continueRegularOutput' }),
		gw.credentials(),
	);
	const out = result.output(CEC);
	expect(out.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	expect(out.map((o) => [facts(o).success === true, facts(o).errorKind ?? null])).toEqual([
		[true, null],
		[false, 'gateway'],
		[false, 'validation'],
		[true, null],
	]);
	expect(gw.transferPosts()).toHaveLength(3);
});

test.each([[0], [17], ['many']])(
	'Requests in Flight %p is refused before anything is sent',
	async (concurrency) => {
		const a = await gw.sim.readyAgent();
		const result = await runWorkflow(
			transferWorkflow(params(concurrency as number), [
				{ agentId: a.agentId, guid: a.guid, mode: 4 },
			]),
			gw.credentials(),
		);
		expect(result.error?.message).toContain(
			'Requests in Flight must be a whole number from 1 to 16',
		);
		expect(gw.transferPosts()).toHaveLength(0);
	},
);

describe('items waiting behind their agent hold no slot', () => {
	const clock = new ManualScheduler();
	let held: Gateway;
	beforeAll(async () => {
		held = await startGateway({ scheduler: clock });
	});
	afterAll(async () => stopGateway(held));

	test('[A, A, A, A, B] with 4 in flight: B starts while A’s first transfer is unanswered', async () => {
		const [a, b] = await Promise.all([held.sim.readyAgent(), held.sim.readyAgent()]);
		held.sim.clearRequests();
		// A's first transfer and B's are held by the gateway until the clock moves.
		held.sim.injectFault({
			kind: 'delay',
			delayMs: 1000,
			pathIncludes: `/voicecall/${a.agentId}/`,
		});
		held.sim.injectFault({
			kind: 'delay',
			delayMs: 1000,
			pathIncludes: `/voicecall/${b.agentId}/`,
		});
		const timersBefore = clock.pending();
		const items = [a, a, a, a, b].map((x) => ({ agentId: x.agentId, guid: x.guid, mode: 4 }));
		const run = runWorkflow(
			transferWorkflow(params(4), items, { onError: 'continueRegularOutput' }),
			held.credentials(),
		);
		// Both held at once: B reached the gateway while A's first transfer was still unanswered,
		// although three more items of A came before it.
		await clock.untilPending(timersBefore + 2);
		expect(held.transferPosts().map((r) => r.path)).toEqual([
			expect.stringContaining(`/${a.agentId}/`),
			expect.stringContaining(`/${b.agentId}/`),
		]);
		clock.advance(1000);
		const out = (await run).output(CEC);
		expect(out.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		// The held ones were answered 100-007; A's other three went one after the other.
		expect(out.map((o) => facts(o).success === true)).toEqual([false, true, true, true, false]);
		const toA = held.transferPosts().filter((r) => r.path.includes(`/${a.agentId}/`));
		expect(toA).toHaveLength(4);
		for (let i = 1; i < toA.length; i++)
			expect(toA[i].at).toBeGreaterThanOrEqual(toA[i - 1].answeredAt!);
	});
});
