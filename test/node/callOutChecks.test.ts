/**
 * Voice Call › Call Out: its own field checks (Caller Number) refuse the item before anything is
 * sent, every option reaches the gateway under its wire name, and the new call's ID is read from
 * each shape the answer may take (and left out when the answer holds none).
 */
import { facts, runWorkflow } from '../harness/engine';
import { CEC, operationWorkflow } from '../harness/workflows';
import { startCanned, type CannedGateway } from './cannedGateway';

let gw: CannedGateway;
beforeAll(async () => {
	gw = await startCanned();
});
afterAll(async () => gw.close());
beforeEach(() => {
	gw.requests.length = 0;
	gw.answer({ '': { retcode: '0', message: 'success', result: {} } });
});

const callOut = (parameters: Record<string, unknown>, extra = {}) =>
	runWorkflow(
		operationWorkflow(
			'voiceCall',
			'callOut',
			{ agentId: '101', calledNumber: '13800000001', ...parameters },
			[{}],
			extra,
		),
		gw.credentials(),
	);

describe('Caller Number is checked before anything is sent', () => {
	test.each([
		['letters', 'ABC123', '"ABC123"'],
		['a plus sign', '+8640040', '"+8640040"'],
		['more than 24 digits', '1'.repeat(25), `"${'1'.repeat(25)}"`],
	])(
		'%s: refused, naming the field and the rule; nothing was sent',
		async (_label, callerNumber, shown) => {
			const result = await callOut(
				{ options: { callerNumber } },
				{ onError: 'continueRegularOutput' },
			);
			const out = facts(result.output(CEC)[0]);
			expect(out.error).toBe(`Caller Number may hold only digits, at most 24; got ${shown}`);
			expect(out).toEqual(
				expect.objectContaining({
					errorKind: 'validation',
					field: 'callerNumber',
					fate: 'notSent',
				}),
			);
			expect(String(out.description)).toContain('Fix the field "Caller Number"');
			expect(gw.requests).toHaveLength(0);
		},
	);

	test('without On Error the batch stops at once, and says no item was sent', async () => {
		const result = await callOut({ options: { callerNumber: '4004O' } });
		expect(result.error?.message).toBe(
			'Item 1: Caller Number may hold only digits, at most 24; got "4004O"',
		);
		expect(result.error?.description).toContain('Nothing was sent for any item');
		expect(gw.requests).toHaveLength(0);
	});
});

test('every option reaches the gateway once, under its wire name', async () => {
	const result = await callOut({
		options: { callerNumber: '40040', skillId: 7, mediaAbility: 1, callAppData: 'case=7' },
	});
	expect(result.error).toBeUndefined();
	expect(gw.requests).toHaveLength(1);
	expect(gw.requests[0]).toEqual(
		expect.objectContaining({ method: 'PUT', url: '/agentgateway/resource/voicecall/101/callout' }),
	);
	expect(JSON.parse(gw.requests[0].body)).toEqual({
		called: '13800000001',
		caller: '40040',
		skillid: 7,
		callappdata: 'case=7',
		mediaability: 1,
	});
});

test('without options only the number is sent', async () => {
	await callOut({});
	expect(JSON.parse(gw.requests[0].body)).toEqual({ called: '13800000001' });
});

describe("the new call's ID, from each shape of the answer", () => {
	test.each([
		['a text', '1700000000-12', '1700000000-12'],
		['a number', 1700000000, '1700000000'],
		['an object with callid', { callid: '1700000000-13' }, '1700000000-13'],
		['an object with callId as a number', { callId: 42 }, '42'],
	])('%s gives callId', async (_label, result, callId) => {
		gw.answer({ '': { retcode: '0', message: 'success', result } });
		const run = await callOut({});
		expect(run.output(CEC)[0].json).toEqual(
			expect.objectContaining({
				success: true,
				agentId: 101,
				calledNumber: '13800000001',
				callId,
				result,
			}),
		);
	});

	test.each([
		['an empty text', ''],
		['an object without a call ID', { note: 'queued' }],
		['a call ID that is an object', { callid: { id: 1 } }],
		['a list', ['1700000000-14']],
		['a boolean', true],
	])('%s: the call was placed, and no callId is made up', async (_label, result) => {
		gw.answer({ '': { retcode: '0', message: 'success', result } });
		const run = await callOut({});
		const out = run.output(CEC)[0].json;
		expect(out).toEqual(expect.objectContaining({ success: true, retcode: '0', result }));
		expect(out).not.toHaveProperty('callId');
	});

	test('no result at all: success, result null, no callId', async () => {
		gw.answer({ '': { retcode: '0', message: 'success' } });
		const out = (await callOut({})).output(CEC)[0].json;
		expect(out).toEqual({
			success: true,
			retcode: '0',
			message: 'success',
			agentId: 101,
			calledNumber: '13800000001',
			result: null,
		});
	});
});

test("100-007: the item fails with the call out's own reading, and says a call may have been placed", async () => {
	gw.answer({ '': { retcode: '100-007', message: 'agent state error', result: {} } });
	const out = facts((await callOut({}, { onError: 'continueRegularOutput' })).output(CEC)[0]);
	expect(String(out.error)).toContain(
		'100-007: the gateway did not place the call: the agent is not free',
	);
	expect(out).toEqual(
		expect.objectContaining({
			errorKind: 'gateway',
			retcode: '100-007',
			fate: 'unknown',
			gatewayMessage: 'agent state error',
		}),
	);
	expect(gw.requests).toHaveLength(1);
});
