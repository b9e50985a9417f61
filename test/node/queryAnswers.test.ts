/**
 * The read-only queries read every answer shape they accept (a bare state or count, digits as text,
 * a state the table does not name, isWorking only when the gateway gave it) and fail loudly on the
 * others; a refused query's error carries the retcode's meaning, this operation's remedy and the
 * gateway's own message, each only when there is one.
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
});

const answer = (result: unknown, retcode = '0', message = 'success') =>
	gw.answer({ '': { retcode, message, result } });
const run = (resource: string, operation: string, parameters: Record<string, unknown>) =>
	runWorkflow(
		operationWorkflow(resource, operation, parameters, [{}], { onError: 'continueRegularOutput' }),
		gw.credentials(),
	);

describe('Agent › Get Status', () => {
	const getStatus = async () =>
		(await run('agent', 'getStatus', { agentId: '101' })).output(CEC)[0];

	test.each([
		['a bare number', 4, { agentState: 4, stateName: 'idle', inCall: false }],
		['digits as text', '7', { agentState: 7, stateName: 'talking', inCall: true }],
		[
			'an object with digits as text',
			{ agentState: '8' },
			{ agentState: 8, stateName: 'rest', inCall: false },
		],
		[
			'a state the table does not name',
			{ agentState: 6, isWorking: true },
			{ agentState: 6, stateName: 'unknown (6)', inCall: false, isWorking: true },
		],
		[
			'isWorking false',
			{ agentState: 3, isWorking: false },
			{ agentState: 3, stateName: 'busy', inCall: false, isWorking: false },
		],
	])('%s is read as the state', async (_label, result, expected) => {
		answer(result);
		expect((await getStatus()).json).toEqual({ agentId: 101, ...expected });
	});

	test.each([
		['isWorking as text', { agentState: 4, isWorking: 'true' }],
		['isWorking absent', { agentState: 4 }],
	])('%s: isWorking is left out rather than guessed', async (_label, result) => {
		answer(result);
		const out = (await getStatus()).json;
		expect(out).toEqual({ agentId: 101, agentState: 4, stateName: 'idle', inCall: false });
		expect(out).not.toHaveProperty('isWorking');
	});

	test.each([
		['a fraction', 4.5],
		['four digits', '1234'],
		['a boolean', true],
	])(
		'%s is not a state: the item fails naming the interface, and says the query changed nothing',
		async (_label, result) => {
			answer(result);
			const out = facts(await getStatus());
			expect(out.error).toBe(
				"The gateway's agentstatus answer has a shape this node does not know (no agentState); a read-only query, safe to run again",
			);
			expect(out).toEqual(
				expect.objectContaining({ errorKind: 'gateway', retcode: '0', agentId: 101 }),
			);
			expect(String(out.description)).toContain('This is a read-only query: nothing changed.');
		},
	);
});

describe('Queue › Get Waiting Count', () => {
	const getCount = async () =>
		(await run('queue', 'getWaitingCount', { agentId: '101', skillId: '3' })).output(CEC)[0];

	test.each([
		['a whole number', 5, 5],
		['zero', 0, 0],
		['digits as text', '12', 12],
	])('%s is the count', async (_label, result, waitingCount) => {
		answer(result);
		expect((await getCount()).json).toEqual({ agentId: 101, skillId: 3, waitingCount });
		expect(gw.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
			'GET /agentgateway/resource/queuedevice/101/skillwaitnum/3',
		]);
	});

	test.each([
		['a negative number', -1],
		['a fraction', 2.5],
		['ten digits', '1234567890'],
		['a signed text', '-3'],
	])('%s is not a count: the item fails, naming the interface', async (_label, result) => {
		answer(result);
		const out = facts(await getCount());
		expect(out.error).toBe(
			"The gateway's skillwaitnum answer has a shape this node does not know (no count); a read-only query, safe to run again",
		);
		expect(out).toEqual(
			expect.objectContaining({ errorKind: 'gateway', agentId: 101, skillId: 3 }),
		);
		expect(out).not.toHaveProperty('waitingCount');
	});

	test('000-002 names the Skill Queue ID as what to check', async () => {
		answer({}, '000-002', 'skill not exist');
		const out = facts(await getCount());
		expect(out.error).toBe('000-002: the gateway refused a parameter or the address in the URL');
		expect(out.description).toBe(
			'Check the Skill Queue ID: the gateway knows no such skill queue. Gateway message: "skill not exist"',
		);
		expect(out).toEqual(
			expect.objectContaining({
				errorKind: 'gateway',
				retcode: '000-002',
				gatewayMessage: 'skill not exist',
				skillId: 3,
			}),
		);
	});
});

describe("a refused query's words", () => {
	test('a retcode this node does not know, with no gateway message: the code and that it is unknown, no empty quote', async () => {
		answer({}, '999-123', '');
		const out = facts((await run('agent', 'getStatus', { agentId: '101' })).output(CEC)[0]);
		expect(out.error).toBe(
			'999-123: the gateway refused the request with a code this node does not know',
		);
		expect(out).toEqual(
			expect.objectContaining({
				errorKind: 'gateway',
				retcode: '999-123',
				gatewayMessage: '',
				fate: 'refused',
			}),
		);
		expect(String(out.description ?? '')).not.toContain('Gateway message');
	});

	test('a known retcode without a remedy: only the gateway message is added', async () => {
		answer({}, '100-008', 'agent logged out');
		const out = facts((await run('agent', 'getStatus', { agentId: '101' })).output(CEC)[0]);
		expect(out.error).toBe('100-008: the agent has signed out');
		expect(out.description).toBe('Gateway message: "agent logged out"');
	});
});

describe('Voice Call › Get Call Info', () => {
	const getCallInfo = async (options: Record<string, unknown> = {}) =>
		(await run('voiceCall', 'getCallInfo', { agentId: '101', options })).output(CEC)[0];

	test('an empty text is "no call"', async () => {
		answer('');
		expect((await getCallInfo()).json).toEqual({ agentId: 101, hasCall: false });
	});

	test.each([
		['a text', 'talking'],
		['a list', [{ callid: '1700000000-1' }]],
	])('%s is not a call: the item fails naming callinfo', async (_label, result) => {
		answer(result);
		const out = facts(await getCallInfo());
		expect(out.error).toBe(
			"The gateway's callinfo answer has a shape this node does not know (no callid); a read-only query, safe to run again",
		);
		expect(out).toEqual(expect.objectContaining({ errorKind: 'gateway', agentId: 101 }));
	});

	test('Include Last Call asks for it (isNoContainLastCall=false); a numeric call ID and the begin time are given as text', async () => {
		answer({ callid: 1700000000, caller: '13800000001', begintime: 1700000000000 });
		const out = (await getCallInfo({ includeLastCall: true })).json;
		expect(out).toEqual(
			expect.objectContaining({
				agentId: 101,
				hasCall: true,
				callId: '1700000000',
				callerNumber: '13800000001',
				beginTimeMs: 1700000000000,
				beginTime: '2023-11-14T22:13:20.000Z',
			}),
		);
		expect(gw.requests.map((r) => r.url)).toEqual([
			'/agentgateway/resource/calldata/101/callinfo?isNoContainLastCall=false',
		]);
	});

	test('without it the last call is excluded', async () => {
		answer({});
		await getCallInfo();
		expect(gw.requests.map((r) => r.url)).toEqual([
			'/agentgateway/resource/calldata/101/callinfo?isNoContainLastCall=true',
		]);
	});
});
