/**
 * Secrets and injection: the Guid appears in no output item, error message, error description or
 * captured log line across successes, gateway refusals, transport faults and invalid input; values
 * that could smuggle headers or paths are refused before anything is sent.
 */
// First: n8n's logger must print, and print into `captured`, from its creation on.
import { captured, spies } from './captureLogs';
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';

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
});

function expectNoSecret(secret: string, result: Awaited<ReturnType<typeof runWorkflow>>) {
	const out = JSON.stringify(result.output(CEC));
	expect(out).not.toContain(secret);
	expect(String(result.error?.message ?? '')).not.toContain(secret);
	expect(String(result.error?.description ?? '')).not.toContain(secret);
	expect(captured.join('\n')).not.toContain(secret);
}

test('the logs are really captured here, so the checks on them can fail', async () => {
	const agent = await gw.sim.readyAgent();
	const before = captured.length;
	await runWorkflow(
		transferWorkflow(
			{ agentId: Number(agent.agentId), deviceType: 3, address: '1000', mode: 2 },
			[{}],
			{ onError: 'continueRegularOutput' },
		),
		gw.credentials({ guid: agent.guid }),
	);
	expect(captured.slice(before).join('\n')).toContain('Huawei CEC');
});

describe('the Guid never shows', () => {
	test.each([
		['a success', null],
		['a gateway refusal (wrong mode for the call)', 'refusal'],
		['a reset connection', 'reset'],
		['a timeout', 'delay'],
	])('%s, with the Guid in the credential and in an item', async (_name, fault) => {
		for (const where of ['credential', 'item'] as const) {
			const agent = await gw.sim.readyAgent({
				call: fault === 'refusal' ? { direction: 'outbound' } : undefined,
			});
			if (fault === 'reset' || fault === 'delay')
				gw.sim.injectFault({ kind: fault, delayMs: 800, pathIncludes: `/${agent.agentId}/` });
			const params = {
				agentId: Number(agent.agentId),
				deviceType: 5,
				address: '88880001',
				mode: fault === 'refusal' ? 1 : 4,
				options: { timeout: 300, ...(where === 'item' ? { guid: '={{ $json.token }}' } : {}) },
			};
			const result = await runWorkflow(
				transferWorkflow(params, [{ token: agent.guid }], {
					onError: fault ? 'continueRegularOutput' : undefined,
				}),
				gw.credentials(where === 'credential' ? { guid: agent.guid } : {}),
			);
			expect(facts(result.output(CEC)[0]).success === true).toBe(fault === null);
			// in the item variant the Guid is the user's own input data: only our output and errors are checked
			if (where === 'credential') expect(result.trace(CEC)).not.toContain(agent.guid);
			expectNoSecret(agent.guid, result);
		}
	});

	test('a non-JSON answer is quoted only as a short excerpt, without the Guid', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.injectFault({ kind: 'nonJson', pathIncludes: `/${agent.agentId}/` });
		const result = await runWorkflow(
			transferWorkflow(
				{ agentId: Number(agent.agentId), deviceType: 1, address: '3', mode: 2 },
				[{}],
				{ onError: 'continueRegularOutput' },
			),
			gw.credentials({ guid: agent.guid }),
		);
		expect(String(facts(result.output(CEC)[0]).error)).toMatch(/not JSON/);
		expectNoSecret(agent.guid, result);
	});
});

test('a gateway that echoes the Guid in its JSON answer: the Guid is cut out of message, result and error', async () => {
	const agent = await gw.sim.readyAgent();
	gw.sim.injectFault({ kind: 'echoGuid', pathIncludes: `/${agent.agentId}/` });
	const result = await runWorkflow(
		transferWorkflow(
			{ agentId: Number(agent.agentId), deviceType: 1, address: '3', mode: 2 },
			[{}],
			{ onError: 'continueRegularOutput' },
		),
		gw.credentials({ guid: agent.guid }),
	);
	const out = facts(result.output(CEC)[0]);
	expect(out).toEqual(
		expect.objectContaining({
			error: expect.any(String),
			retcode: '000-003',
			gatewayMessage: 'no right to invite resouce, guid=<guid>',
		}),
	);
	expect(String(out.description)).toContain('guid=<guid>');
	expectNoSecret(agent.guid, result);
	expect(result.trace(CEC)).not.toContain(agent.guid);
});

describe('injection is refused before sending', () => {
	test.each([
		['an address with CR/LF', { address: '3\r\nGuid: x' }, 'address'],
		['an address with a tab', { address: '3\t4' }, 'address'],
		[
			'a caller with CR/LF',
			{ deviceType: 5, address: '8888', mode: 2, options: { caller: '123\r\n4' } },
			'caller',
		],
		['agentId ../1', { agentId: '../1' }, 'agentId'],
		['agentId 1%2F2', { agentId: '1%2F2' }, 'agentId'],
		['agentId 1e3', { agentId: '1e3' }, 'agentId'],
		['agentId 101.5', { agentId: 101.5 }, 'agentId'],
		['a Guid with CR/LF', { options: { guid: 'abc\r\nX-Injected: 1' } }, 'guid'],
		['a Guid with a NUL', { options: { guid: 'abc\u0000' } }, 'guid'],
	])('%s', async (_name, overrides, field) => {
		const agent = await gw.sim.readyAgent();
		const params = {
			agentId: Number(agent.agentId),
			deviceType: 1,
			address: '3',
			mode: 2,
			...overrides,
		};
		const result = await runWorkflow(
			transferWorkflow(params, [{}], { onError: 'continueRegularOutput' }),
			gw.credentials({ guid: agent.guid }),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out).toEqual(
			expect.objectContaining({ error: expect.any(String), errorKind: 'validation', field }),
		);
		expect(gw.transferPosts()).toHaveLength(0);
	});
});
