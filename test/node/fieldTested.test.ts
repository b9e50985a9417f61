/**
 * What a trial in a real n8n found, each through n8n's engine: the Guid's accepted forms in the
 * connection test, answers the node does not understand, the Guid echoed with JSON escapes or
 * short enough to collide with an answer's own text, the Held Call ID's white space, and wording.
 */

import { connectionTest } from '../harness/connectionTest';
import { facts, runWorkflow } from '../harness/engine';
import { allText, startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, operationWorkflow } from '../harness/workflows';
import { startCanned, type CannedGateway } from './cannedGateway';

let gw: Gateway;
/** A gateway that answers every request with the answer the test sets. */
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
	canned.requests.length = 0;
});

const cannedCredentials = (guid: string) => canned.credentials(guid);

describe('the connection test accepts the Guid in every form the node accepts', () => {
	test.each([
		['as the Set-GUID header shows it', (g: string) => `JSESSIONID=${g}`],
		['with a trailing line break', (g: string) => `${g}\n`],
		['with spaces around it', (g: string) => `  ${g}  `],
	])('%s', async (_label, form) => {
		const agent = await gw.sim.readyAgent();
		const guid = form(agent.guid);
		const result = await connectionTest({
			baseUrl: gw.sim.url,
			caPem: gw.sim.caPem,
			guid,
			testAgentId: agent.agentId,
		});
		expect(result).toEqual({
			status: 'OK',
			message: expect.stringContaining(`accepted the Guid for agent ${agent.agentId}`),
		});
		// and the node accepts the same credential
		const run = await runWorkflow(
			operationWorkflow('agent', 'getStatus', { agentId: agent.agentId }),
			gw.credentials({ guid }),
		);
		expect(run.error).toBeUndefined();
	});

	test('an Agent ID for Connection Test without a Guid names the Guid as what is missing', async () => {
		const result = await connectionTest({
			baseUrl: gw.sim.url,
			caPem: gw.sim.caPem,
			guid: '  ',
			testAgentId: '101',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('the Guid is empty');
		expect(gw.sim.requests()).toHaveLength(0);
	});
});

describe('answers the node does not understand fail loudly, naming the interface', () => {
	test.each([
		['an empty object', { retcode: '0', message: 'success', result: {} }],
		['null', { retcode: '0', message: 'success', result: null }],
		[
			'a state that is not a number',
			{ retcode: '0', message: 'success', result: { agentState: 'talking' } },
		],
	])('Get Status: %s is not turned into a state', async (_label, answer) => {
		canned.answer({ '': JSON.stringify(answer) });
		const result = await runWorkflow(
			operationWorkflow('agent', 'getStatus', { agentId: '101' }, [{}], {
				onError: 'continueRegularOutput',
			}),
			cannedCredentials('g-1'),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out.error).toBe(
			"The gateway's agentstatus answer has a shape this node does not know (no agentState); a read-only query, safe to run again",
		);
		expect(out).toEqual(expect.objectContaining({ errorKind: 'gateway', agentId: 101 }));
		expect(out.agentState).toBeUndefined();
		expect(String(out.description)).toContain('read-only query');
	});

	test('Get Waiting Count: a count that is not a whole number fails; a count as digits is read', async () => {
		canned.answer({ '': JSON.stringify({ retcode: '0', message: 'success', result: { num: 3 } }) });
		const bad = await runWorkflow(
			operationWorkflow('queue', 'getWaitingCount', { agentId: '101', skillId: '3' }, [{}], {
				onError: 'continueRegularOutput',
			}),
			cannedCredentials('g-1'),
		);
		expect(facts(bad.output(CEC)[0]).error).toContain(
			'skillwaitnum answer has a shape this node does not know',
		);
		canned.answer({ '': JSON.stringify({ retcode: '0', message: 'success', result: '7' }) });
		const good = await runWorkflow(
			operationWorkflow('queue', 'getWaitingCount', { agentId: '101', skillId: '3' }),
			cannedCredentials('g-1'),
		);
		expect(good.output(CEC)[0].json).toEqual({ agentId: 101, skillId: 3, waitingCount: 7 });
		expect(canned.requests.map((r) => `${r.method} ${r.url}`)).toContain(
			'GET /agentgateway/resource/queuedevice/101/skillwaitnum/3',
		);
	});

	test('Get Call Info: an empty result is "no call"; a result without a call ID fails', async () => {
		canned.answer({ '': JSON.stringify({ retcode: '0', message: 'success', result: {} }) });
		const none = await runWorkflow(
			operationWorkflow('voiceCall', 'getCallInfo', { agentId: '101' }),
			cannedCredentials('g-1'),
		);
		expect(none.output(CEC)[0].json).toEqual({ agentId: 101, hasCall: false });
		canned.answer({
			'': JSON.stringify({ retcode: '0', message: 'success', result: { caller: '1380' } }),
		});
		const odd = await runWorkflow(
			operationWorkflow('voiceCall', 'getCallInfo', { agentId: '101' }, [{}], {
				onError: 'continueRegularOutput',
			}),
			cannedCredentials('g-1'),
		);
		expect(facts(odd.output(CEC)[0]).error).toContain(
			'callinfo answer has a shape this node does not know',
		);
	});
});

describe('the Guid in an answer', () => {
	test('echoed with JSON escapes, it is still cut out of message and result', async () => {
		const guid = 'abc12345-echo.AgentGateway0';
		const escaped = [...guid]
			.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
			.join('');
		canned.answer({
			'': `{"retcode":"000-003","message":"no right, guid=${escaped}","result":{"guid":"${escaped}"}}`,
		});
		const result = await runWorkflow(
			operationWorkflow('voiceCall', 'hangUp', { agentId: '101' }, [{}], {
				onError: 'continueRegularOutput',
			}),
			cannedCredentials(guid),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out.gatewayMessage).toBe('no right, guid=<guid>');
		expect(allText(result.output(CEC))).not.toContain(guid);
	});

	test.each(['0', 'success'])(
		'a Guid as short as %j does not corrupt an accepted answer',
		async (guid) => {
			canned.answer({ '': JSON.stringify({ retcode: '0', message: 'success', result: {} }) });
			const result = await runWorkflow(
				operationWorkflow('voiceCall', 'transfer', {
					agentId: '101',
					deviceType: 1,
					address: '3',
					mode: 0,
				}),
				cannedCredentials(guid),
			);
			expect(result.error).toBeUndefined();
			expect(result.output(CEC)[0].json).toEqual(
				expect.objectContaining({ success: true, retcode: '0' }),
			);
		},
	);
});

describe('the Held Call ID', () => {
	test('is sent trimmed', async () => {
		canned.answer({ '': JSON.stringify({ retcode: '0', message: 'success', result: {} }) });
		const result = await runWorkflow(
			operationWorkflow('voiceCall', 'unhold', { agentId: '101', callId: ' 1700000000-3 ' }),
			cannedCredentials('g-1'),
		);
		expect(result.output(CEC)[0].json).toEqual(
			expect.objectContaining({ success: true, callId: '1700000000-3' }),
		);
		expect(canned.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
			'POST /agentgateway/resource/voicecall/101/gethold?callid=1700000000-3',
		]);
	});

	test.each(['', '   '])('%j (mapped from data) is refused before sending', async (callId) => {
		const result = await runWorkflow(
			operationWorkflow('voiceCall', 'unhold', { agentId: '101', callId: '={{ $json.callId }}' }, [
				{ callId },
			]),
			cannedCredentials('g-1'),
		);
		expect(result.error?.message).toBe('Item 1: Held Call ID is required');
		expect(canned.requests).toHaveLength(0);
	});
});

describe('wording', () => {
	test.each([
		[
			'an empty Agent ID (mapped from data)',
			{ agentId: "={{ '' }}" },
			'Item 1: Agent ID is required',
		],
		[
			'an Agent ID that is an object',
			{ agentId: '={{ {} }}' },
			'Item 1: Agent ID must be a whole number (the ID of a signed-in agent, e.g. 101); got an object',
		],
	])('%s', async (_label, params, message) => {
		const result = await runWorkflow(
			operationWorkflow('agent', 'getStatus', params),
			cannedCredentials('g-1'),
		);
		expect(result.error?.message).toBe(message);
		expect(canned.requests).toHaveLength(0);
	});

	test('no message points at a file the npm package does not ship', async () => {
		canned.answer({ '': JSON.stringify({ retcode: '000-002', message: 'bad', result: {} }) });
		const result = await runWorkflow(
			operationWorkflow('agent', 'getStatus', { agentId: '101' }, [{}], {
				onError: 'continueRegularOutput',
			}),
			cannedCredentials('g-1'),
		);
		const text = allText(result.output(CEC));
		expect(text).toContain('https://www.npmjs.com/package/n8n-nodes-huawei-cec#operations');
		expect(text).not.toMatch(/docs\//);
	});

	test('Rule Set removed while Mode still holds the extended-only Designated mode: refused, naming the option', async () => {
		const result = await runWorkflow(
			operationWorkflow('voiceCall', 'transfer', {
				agentId: '101',
				deviceType: 2,
				address: '49998',
				mode: 3,
				options: {},
			}),
			cannedCredentials('g-1'),
		);
		expect(result.error?.message).toContain(
			'Mode 3 (Designated) for Agent is only accepted by newer gateways: set Options › Rule Set to Extended',
		);
		expect(canned.requests).toHaveLength(0);
	});
});
