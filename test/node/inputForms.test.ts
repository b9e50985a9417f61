/**
 * Input forms and the words of their refusals, through n8n's engine: the Held Call ID's white space,
 * an empty or non-numeric Agent ID, an extended-only mode without the extended rule set, and no
 * message pointing at a file the npm package does not ship.
 */
import { runWorkflow } from '../harness/engine';
import { allText } from '../harness/fixtures';
import { CEC, operationWorkflow } from '../harness/workflows';
import { startCanned, type CannedGateway } from './cannedGateway';

/** A gateway that answers every request with the answer the test sets. */
let canned: CannedGateway;

beforeAll(async () => {
	canned = await startCanned();
});
afterAll(async () => canned.close());
beforeEach(() => {
	canned.requests.length = 0;
});

const cannedCredentials = (guid: string) => canned.credentials(guid);

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
