/**
 * Every failed item answers "did it happen?" with one fact, `details.fate`: notSent, refused,
 * accepted or unknown, for every kind of error and every path, through n8n's engine. An action
 * whose result is unknown says so in the error's message (all an AI tool's model sees).
 */
import { createServer } from 'node:net';

import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, operationWorkflow, perItemWorkflow } from '../harness/workflows';
import { startCanned, type CannedGateway } from './cannedGateway';

let gw: Gateway;
let canned: CannedGateway;
beforeAll(async () => {
	gw = await startGateway();
	canned = await startCanned();
});
afterAll(async () => {
	await stopGateway(gw);
	await canned.close();
});
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
});

const continueOnFail = { onError: 'continueRegularOutput' as const };
const transferToQueue = (options: Record<string, unknown> = {}) => ({
	deviceType: 1,
	address: '3',
	mode: 0,
	options,
});

/** A port nothing listens on: connecting is refused. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function agentInCall() {
	const agent = await gw.sim.readyAgent();
	const callId = gw.sim.placeCall(agent.agentId);
	gw.sim.clearRequests();
	return { agentId: agent.agentId, guid: agent.guid, callId };
}

async function idleAgent() {
	const agent = await gw.sim.readyAgent();
	gw.sim.createAgent(String(Number(agent.agentId) + 20000), 'pw');
	const agentId = String(Number(agent.agentId) + 20000);
	const guid = await gw.sim.signIn(agentId, 'pw');
	gw.sim.clearRequests();
	return { agentId, guid };
}

type Case = [
	label: string,
	run: () => Promise<Awaited<ReturnType<typeof runWorkflow>>>,
	expected: { fate: string; errorKind: string; cause?: string },
];

const transferOf = async (
	agent: { agentId: string; guid: string; callId?: string },
	options: Record<string, unknown> = {},
	credentials = gw.credentials(),
) =>
	await runWorkflow(
		perItemWorkflow('voiceCall', 'transfer', transferToQueue(options), [agent], continueOnFail),
		credentials,
	);

const CASES: Case[] = [
	[
		'invalid input (validation)',
		async () =>
			await runWorkflow(
				operationWorkflow('voiceCall', 'hangUp', { agentId: 'abc' }, [{}], continueOnFail),
				gw.credentials({ guid: 'g' }),
			),
		{ fate: 'notSent', errorKind: 'validation' },
	],
	[
		'a Base URL that is no URL (credential)',
		async () =>
			await runWorkflow(
				operationWorkflow('voiceCall', 'hangUp', { agentId: '101' }, [{}], continueOnFail),
				gw.credentials({ baseUrl: 'ftp://gateway', guid: 'g' }),
			),
		{ fate: 'notSent', errorKind: 'credential' },
	],
	[
		'Retry On Fail on an action',
		async () =>
			await runWorkflow(
				operationWorkflow('voiceCall', 'hangUp', { agentId: '101' }, [{}], {
					...continueOnFail,
					retryOnFail: true,
				}),
				gw.credentials({ guid: 'g' }),
			),
		{ fate: 'notSent', errorKind: 'validation' },
	],
	[
		'the call guard: another call',
		async () => {
			const agent = await agentInCall();
			gw.sim.placeCall(agent.agentId);
			return await transferOf(agent, { onlyIfCallId: '={{ $json.callId }}' });
		},
		{ fate: 'notSent', errorKind: 'callGuard' },
	],
	[
		'the call guard: the read before the action failed',
		async () => {
			const agent = await agentInCall();
			gw.sim.injectFault({ kind: 'http500', pathIncludes: '/callinfo' });
			return await transferOf(agent, { onlyIfCallId: '={{ $json.callId }}' });
		},
		{ fate: 'notSent', errorKind: 'transport', cause: 'httpStatus' },
	],
	[
		'the gateway refuses (200-012, no call to transfer)',
		async () => await transferOf(await idleAgent()),
		{ fate: 'refused', errorKind: 'gateway' },
	],
	[
		'the gateway failed part-way (100-007)',
		async () => {
			const agent = await agentInCall();
			gw.sim.injectFault({ kind: 'delay', delayMs: 0, pathIncludes: '/transfer' });
			return await transferOf(agent);
		},
		{ fate: 'unknown', errorKind: 'gateway' },
	],
	[
		'the connection is refused',
		async () =>
			await transferOf(
				{ agentId: '101', guid: 'g' },
				{},
				gw.credentials({
					baseUrl: `https://127.0.0.1:${await closedPort()}`,
				}),
			),
		{ fate: 'notSent', errorKind: 'transport', cause: 'refused' },
	],
	[
		'no answer within the timeout (the gateway acted)',
		async () => {
			const agent = await agentInCall();
			gw.sim.injectFault({ kind: 'late', delayMs: 3000, pathIncludes: '/transfer' });
			return await transferOf(agent, { timeout: 200 });
		},
		{ fate: 'unknown', errorKind: 'transport', cause: 'timeout' },
	],
	[
		'an answer from something else (HTTP 500)',
		async () => {
			const agent = await agentInCall();
			gw.sim.injectFault({ kind: 'http500', pathIncludes: '/transfer' });
			return await transferOf(agent);
		},
		{ fate: 'unknown', errorKind: 'transport', cause: 'httpStatus' },
	],
	[
		'a read-only query answered in a shape the node does not know',
		async () => {
			canned.answer({ '': JSON.stringify({ retcode: '0', message: 'success', result: {} }) });
			return await runWorkflow(
				operationWorkflow('agent', 'getStatus', { agentId: '101' }, [{}], continueOnFail),
				canned.credentials('g-1'),
			);
		},
		{ fate: 'accepted', errorKind: 'gateway' },
	],
];

describe('one fact per failed item: details.fate', () => {
	test.each(CASES)('%s', async (_label, run, expected) => {
		const result = await run();
		const out = facts(result.output(CEC)[0]);
		expect(out.error).toBeDefined();
		expect(out).toEqual(expect.objectContaining(expected));
		// The two booleans it replaces are gone: one answer, not two that could disagree.
		expect(out).not.toHaveProperty('sent');
		expect(out).not.toHaveProperty('mayHaveBeenSent');
	});

	test('an action with no answer says in its message that it may have happened', async () => {
		const agent = await agentInCall();
		gw.sim.injectFault({ kind: 'late', delayMs: 3000, pathIncludes: '/transfer' });
		const out = facts((await transferOf(agent, { timeout: 200 })).output(CEC)[0]);
		expect(out.error).toBe(
			"The gateway did not answer within 200 ms: the transfer may have happened; read the agent's call before trying again",
		);
		// It did happen: the gateway acted, only its answer was late.
		expect(gw.sim.agentState(agent.agentId).call).toBeNull();
	});

	test('a read-only query with no answer says in its message that it is safe to run again', async () => {
		const agent = await agentInCall();
		gw.sim.injectFault({ kind: 'late', delayMs: 3000, pathIncludes: '/callinfo' });
		const result = await runWorkflow(
			perItemWorkflow(
				'voiceCall',
				'getCallInfo',
				{ options: { timeout: 200 } },
				[agent],
				continueOnFail,
			),
			gw.credentials(),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out.error).toBe(
			'The gateway did not answer within 200 ms: a read-only query, safe to run again',
		);
		expect(out.fate).toBe('unknown');
	});
});
