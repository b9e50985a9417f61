/**
 * Answers the node does not understand fail loudly, naming the interface, each through n8n's
 * engine; the Guid in an answer (echoed with JSON escapes, or short enough to collide with the
 * answer's own text) is cut out of what the node outputs.
 */
import { facts, runWorkflow } from '../harness/engine';
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
