/**
 * The fault matrix: each fault through a real workflow run with Continue On Fail. For each we check
 * the words the user sees, one output item per input in order with pairedItem, that the POST reached
 * the simulator at most once, and that the next items succeed once the fault is gone.
 */
import type { FaultSpec } from '../simulator';
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';

let gw: Gateway;
let wrongHost: Gateway;
beforeAll(async () => {
	gw = await startGateway();
	wrongHost = await startGateway({ certHostnames: ['cc-gateway.example'] });
});
afterAll(async () => {
	await stopGateway(gw);
	await stopGateway(wrongHost);
});
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
});

const TIMEOUT_MS = 400;

async function threeAgents() {
	return Promise.all([gw.sim.readyAgent(), gw.sim.readyAgent(), gw.sim.readyAgent()]);
}

function workflowFor(agents: Array<{ agentId: string; guid: string }>) {
	return transferWorkflow(
		{
			agentId: '={{ $json.agentId }}',
			deviceType: 1,
			address: '3',
			mode: 2,
			options: { guid: '={{ $json.guid }}', timeout: TIMEOUT_MS },
		},
		agents.map((a) => ({ agentId: a.agentId, guid: a.guid })),
		{ onError: 'continueRegularOutput' },
	);
}

function postsFor(agentId: string) {
	return gw.sim
		.requests()
		.filter(
			(r) =>
				r.method === 'POST' && r.path === `/agentgateway/resource/voicecall/${agentId}/transfer`,
		);
}

/** Faults the simulator injects into the first transfer; the second and third items must then succeed. */
const SERVER_FAULTS: Array<[string, FaultSpec, RegExp, boolean]> = [
	[
		'no response headers within the timeout',
		{ kind: 'delay', delayMs: 1500 },
		/did not answer within 400 ms/,
		true,
	],
	[
		'connection reset mid-body',
		{ kind: 'reset' },
		/connection to the gateway closed before its answer was complete/,
		true,
	],
	[
		'truncated body',
		{ kind: 'truncated' },
		/connection to the gateway closed before its answer was complete/,
		true,
	],
	['HTTP 500 with an HTML page', { kind: 'http500' }, /^The gateway answered HTTP 500: "/, true],
	[
		'200 with a non-JSON body',
		{ kind: 'nonJson' },
		/^The gateway's answer is not JSON \(HTTP 200/,
		true,
	],
	[
		'200 JSON without retcode',
		{ kind: 'noRetcode' },
		/has no retcode, so it is not a CC-Gateway answer/,
		true,
	],
	[
		'a body over the size cap',
		{ kind: 'oversized', sizeBytes: 2 * 1024 * 1024 },
		/larger than 1 MiB/,
		true,
	],
	[
		'a body trickling slower than the timeout',
		{ kind: 'trickle', delayMs: 2000 },
		/did not answer within 400 ms/,
		true,
	],
];

describe.each(SERVER_FAULTS)('%s', (_name, fault, words) => {
	test('is explained, keeps one item per input, is sent once, and the next items succeed', async () => {
		const agents = await threeAgents();
		gw.sim.clearRequests();
		gw.sim.injectFault({
			...fault,
			count: 1,
			pathIncludes: `/voicecall/${agents[0].agentId}/transfer`,
		});
		const result = await runWorkflow(workflowFor(agents), gw.credentials());
		expect(result.error).toBeUndefined();
		const out = result.output(CEC);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(facts(out[0])).toEqual(
			expect.objectContaining({
				error: expect.any(String),
				errorKind: 'transport',
				fate: 'unknown',
			}),
		);
		expect(String(facts(out[0]).error)).toMatch(words);
		expect(String(facts(out[0]).description)).toContain('may or may not have happened');
		expect(out.slice(1).map((o) => facts(o).success === true)).toEqual([true, true]);
		expect(postsFor(agents[0].agentId)).toHaveLength(1);
		expect(postsFor(agents[0].agentId)[0].fault).toBe(fault.kind);
		const trace = result.trace(CEC);
		for (const a of agents) expect(trace).not.toContain(a.guid);
		// Error texts never echo a whole body: at most a short excerpt.
		expect(String(facts(out[0]).error).length).toBeLessThan(300);
	});
});

/** Faults on the client's side of the connection: every item fails the same way, nothing is sent. */
describe('client-side faults', () => {
	const cases: Array<[string, () => Record<string, unknown>, RegExp, () => Gateway]> = [
		[
			'connection refused',
			() => ({ baseUrl: 'https://127.0.0.1:1' }),
			/refused the connection/,
			() => gw,
		],
		[
			'unknown host',
			() => ({ baseUrl: 'https://cc-gateway.invalid:8043' }),
			/host name "cc-gateway.invalid" could not be resolved/,
			() => gw,
		],
		['unknown CA', () => ({ caPem: '' }), /TLS certificate is not trusted/, () => gw],
		[
			'certificate for another host name',
			() => ({}),
			/not issued for "127.0.0.1"/,
			() => wrongHost,
		],
	];
	test.each(cases)('%s', async (_name, overrides, words, target) => {
		const agents = await threeAgents();
		const gateway = target();
		gateway.sim.clearRequests();
		const broken = await runWorkflow(workflowFor(agents), gateway.credentials(overrides()));
		const out = broken.output(CEC);
		expect(out).toHaveLength(3);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const o of out) {
			expect(facts(o)).toEqual(
				expect.objectContaining({
					error: expect.any(String),
					errorKind: 'transport',
					fate: 'notSent',
				}),
			);
			expect(String(o.json.error)).toMatch(words);
			expect(String(facts(o).description)).toContain('Nothing was sent');
		}
		expect(gateway.transferPosts()).toHaveLength(0);

		// once the fault is gone the same items go through
		const fixed = await runWorkflow(workflowFor(agents), gw.credentials());
		expect(fixed.output(CEC).map((o) => facts(o).success === true)).toEqual([true, true, true]);
	});
});
