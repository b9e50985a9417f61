/**
 * A stopped execution (n8n's Stop, POST /rest/executions/:id/stop) keeps no output of the node. What
 * each item became goes to n8n's log at warn (item numbers, no Guid) and to the execution's custom
 * data, which n8n saves with the stopped execution. Item lists in messages stay short: ranges and
 * counts, the full lists in the error's context.
 */
// First: n8n's logger must print, and print into `captured`, from its creation on.
import { captured, spies } from '../reliability/captureLogs';
import { runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { perItemWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => {
	for (const s of spies) s.mockRestore();
	await stopGateway(gw);
});
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
	captured.length = 0;
});

const transferToQueue = (options: Record<string, unknown> = {}) => ({
	deviceType: 1,
	address: '3',
	mode: 0,
	options,
});

async function agentsInCall(n: number) {
	const agents = [];
	for (let i = 0; i < n; i++) {
		const agent = await gw.sim.readyAgent();
		agents.push({ agentId: agent.agentId, guid: agent.guid });
	}
	gw.sim.clearRequests();
	return agents;
}

/** Calls `stop` once the simulator has received requests that satisfy `when`. */
function stopWhen(when: (paths: string[]) => boolean) {
	return (stop: () => void) => {
		const timer = setInterval(() => {
			if (when(gw.sim.requests().map((r) => `${r.method} ${r.path}`))) {
				clearInterval(timer);
				stop();
			}
		}, 5);
	};
}

const warnings = () => captured.filter((line) => line.includes('the execution was stopped'));

describe('a stopped execution keeps what each item became', () => {
	test('six transfers, stopped while the third is under way: items 1-2 accepted, 3 unknown, 4-6 never sent', async () => {
		const agents = await agentsInCall(6);
		// The third transfer is carried out, and its answer held back until after the stop.
		gw.sim.injectFault({
			kind: 'late',
			delayMs: 5000,
			pathIncludes: `/${agents[2].agentId}/transfer`,
		});
		const result = await runWorkflow(
			perItemWorkflow('voiceCall', 'transfer', transferToQueue(), agents),
			gw.credentials(),
			{ stoppable: stopWhen((paths) => paths.filter((p) => p.endsWith('/transfer')).length === 3) },
		);
		expect(gw.transferPosts()).toHaveLength(3);
		// What n8n saves with the stopped execution.
		expect(result.savedCustomData).toEqual({
			cec_accepted: '2: 1–2',
			cec_refused: '0',
			cec_unknown: '1: 3',
			cec_notSent: '3: 4–6',
		});
		const [warning] = warnings();
		expect(warning).toContain(
			'Huawei CEC node "Huawei CEC": the execution was stopped; items 1 and 2 were accepted by the gateway; item 3 may have happened (no answer says); items 4, 5 and 6 were never sent',
		);
		expect(captured.join('\n')).not.toContain(agents[0].guid);
	});

	test('stopped during Wait for Outcome: the accepted transfer is recorded as accepted', async () => {
		const [agent] = await agentsInCall(1);
		gw.sim.nextTransferOutcome(agent.agentId, { outcome: 'noAnswer', afterMs: 60_000 });
		const result = await runWorkflow(
			perItemWorkflow(
				'voiceCall',
				'transfer',
				{ deviceType: 1, address: '3', mode: 2, options: { waitForOutcome: true, waitLimit: 30 } },
				[agent],
			),
			gw.credentials(),
			{
				stoppable: stopWhen(
					(paths) =>
						paths.some((p) => p.endsWith('/transfer')) &&
						paths.filter((p) => p.endsWith('/callinfo')).length >= 2,
				),
			},
		);
		expect(gw.transferPosts()).toHaveLength(1);
		expect(result.savedCustomData).toEqual(
			expect.objectContaining({ cec_accepted: '1: 1', cec_unknown: '0', cec_notSent: '0' }),
		);
		expect(warnings()[0]).toContain('item 1 was accepted by the gateway');
		expect(warnings()[0]).not.toContain('may have');
	});
});

describe('item lists in messages: ranges and counts, bounded; the full lists in the context', () => {
	test('a batch of 2,000 stopped at item 1: a short description, every item in the context', async () => {
		const [agent] = await agentsInCall(1);
		const items = Array.from({ length: 2000 }, () => ({ ...agent }));
		gw.sim.injectFault({ kind: 'http500', pathIncludes: '/agentstatus' });
		const result = await runWorkflow(
			perItemWorkflow('agent', 'getStatus', {}, items),
			gw.credentials(),
		);
		const error = result.error!;
		expect(String(error.description)).toContain(
			'This run stopped at item 1 of 2,000: no item was accepted; item 1 may have happened (no answer says); 1,999 items (2–2,000) were never sent.',
		);
		expect(String(error.description).length).toBeLessThan(600);
		const batch = error.context?.batch as { notSent: number[]; unknown: number[] };
		expect(batch.notSent).toHaveLength(1999);
		expect(batch.unknown).toEqual([1]);
	});

	test('1,000 invalid items among 2,000: a short refusal, the full list in the context', async () => {
		const items = Array.from({ length: 2000 }, (_, i) => ({
			agentId: i % 2 === 0 ? 'abc' : '101',
			guid: 'g',
		}));
		const result = await runWorkflow(
			perItemWorkflow('voiceCall', 'hangUp', {}, items),
			gw.credentials(),
		);
		const error = result.error!;
		expect(error.message).toContain('Item 1: ');
		expect(String(error.description)).toContain(
			'999 items (3, 5, 7, 9, 11, 13 and 993 more ranges) of the 2,000 items are invalid too.',
		);
		expect(String(error.description).length).toBeLessThan(600);
		expect(error.context?.invalidItems).toHaveLength(1000);
		expect(gw.sim.requests()).toHaveLength(0);
	});

	test('a refused item is listed apart from those that may have happened, and gets no advice', async () => {
		const agents = await agentsInCall(3);
		gw.sim.createAgent('48001', 'pw');
		const idle = { agentId: '48001', guid: await gw.sim.signIn('48001', 'pw') };
		gw.sim.clearRequests();
		const result = await runWorkflow(
			perItemWorkflow('voiceCall', 'transfer', transferToQueue(), [agents[0], idle, agents[1]]),
			gw.credentials(),
		);
		expect(String(result.error?.description)).toContain(
			'This run stopped at item 2 of 3: item 1 was accepted by the gateway; item 2 was refused by the gateway (nothing happened); item 3 was never sent. Running the node again sends the accepted items again: run only the items that were never sent or were refused',
		);
		expect(result.error?.context?.batch).toEqual(
			expect.objectContaining({ accepted: [1], refused: [2], unknown: [], notSent: [3] }),
		);
		expect(result.error?.context?.fate).toBe('refused');
	});
});
