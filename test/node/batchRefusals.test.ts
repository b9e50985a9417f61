/**
 * The router's node-wide refusals and how a batch ends: an operation the node does not have, a
 * Requests in Flight out of range (every item fails under Continue On Fail, nothing is sent), the
 * Guid when neither the credential nor the item has one, three invalid items named in one message,
 * and a second item of the same agent never sent once the first failed with two in flight.
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
	gw.answer({ '': { retcode: '0', message: 'success', result: { agentState: 4 } } });
});

describe('an operation the node does not have', () => {
	test.each([
		['an unknown operation', 'agent', 'frobnicate'],
		['a name the resource exports that is not an operation', 'agent', 'description'],
	])('%s stops the run naming it; nothing is sent', async (_label, resource, operation) => {
		const result = await runWorkflow(
			operationWorkflow(resource, operation, { agentId: '101' }, [{}]),
			gw.credentials(),
		);
		expect(result.error?.message).toBe(
			`The operation "${operation}" of "${resource}" is not supported`,
		);
		expect(gw.requests).toHaveLength(0);
	});
});

describe('Requests in Flight', () => {
	test.each([
		[0, '0'],
		[17, '17'],
		[2.5, '2.5'],
		['many', '"many"'],
	])(
		'%j: with Continue On Fail every item fails naming the field; nothing is sent',
		async (concurrency, shown) => {
			const result = await runWorkflow(
				operationWorkflow(
					'agent',
					'getStatus',
					{ agentId: '101', options: { concurrency } },
					[{}, {}, {}],
					{ onError: 'continueRegularOutput' },
				),
				gw.credentials(),
			);
			const out = result.output(CEC);
			expect(out).toHaveLength(3);
			expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			for (const item of out.map(facts)) {
				expect(item).toEqual(
					expect.objectContaining({
						error: `Requests in Flight must be a whole number from 1 to 16; got ${shown}`,
						errorKind: 'validation',
						field: 'concurrency',
						fate: 'notSent',
					}),
				);
			}
			expect(gw.requests).toHaveLength(0);
		},
	);

	test('without Continue On Fail the run stops with the same message', async () => {
		const result = await runWorkflow(
			operationWorkflow('agent', 'getStatus', { agentId: '101', options: { concurrency: 0 } }),
			gw.credentials(),
		);
		expect(result.error?.message).toBe(
			'Requests in Flight must be a whole number from 1 to 16; got 0',
		);
		expect(gw.requests).toHaveLength(0);
	});
});

test.each([
	['has no Guid field', (c: Record<string, unknown>) => ({ ...c, guid: undefined })],
	['has a Guid that is not text', (c: Record<string, unknown>) => ({ ...c, guid: 12345 })],
])(
	'a credential that %s and no Options › Guid: refused, saying where a Guid comes from; nothing is sent',
	async (_label, change) => {
		const credentials = { huaweiCecApi: change(gw.credentials().huaweiCecApi) as never };
		const result = await runWorkflow(
			operationWorkflow('agent', 'getStatus', { agentId: '101' }, [{}], {
				onError: 'continueRegularOutput',
			}),
			credentials,
		);
		const out = facts(result.output(CEC)[0]);
		expect(out.error).toBe(
			'No Guid for this agent: the credential has none and Options › Guid is not set',
		);
		expect(out).toEqual(
			expect.objectContaining({
				errorKind: 'validation',
				field: 'guid',
				fate: 'notSent',
			}),
		);
		expect(String(out.description)).toContain('Set-GUID header');
		expect(gw.requests).toHaveLength(0);
	},
);

test('three invalid items without Continue On Fail: the first is the error, the other two are named, nothing is sent', async () => {
	const result = await runWorkflow(
		operationWorkflow('agent', 'getStatus', { agentId: '={{ $json.agentId }}' }, [
			{ agentId: 'x' },
			{ agentId: 101 },
			{ agentId: 'y' },
			{ agentId: 'z' },
		]),
		gw.credentials(),
	);
	expect(result.error?.message).toMatch(/^Item 1: Agent ID must be a whole number/);
	expect(result.error?.description).toContain(
		'Nothing was sent for any item: every item is checked before the first request. Items 3 and 4 of the 4 items are invalid too.',
	);
	expect(result.error?.context).toEqual(
		expect.objectContaining({
			batch: {
				itemCount: 4,
				numbering: 'from 1',
				accepted: [],
				refused: [],
				unknown: [],
				notSent: [1, 2, 3, 4],
			},
		}),
	);
	expect(gw.requests).toHaveLength(0);
});

test('two items of one agent with two in flight: the first fails, so the second is never sent, and the batch says so', async () => {
	gw.answer({ '': { retcode: '100-006', message: 'not login', result: {} } });
	const result = await runWorkflow(
		operationWorkflow(
			'agent',
			'getStatus',
			{ agentId: '={{ $json.agentId }}', options: { concurrency: 2 } },
			[{ agentId: 101 }, { agentId: 101 }],
		),
		gw.credentials(),
	);
	expect(result.error?.message).toBe('100-006: the agent is not signed in');
	expect(result.error?.description).toContain(
		'This run stopped at item 1 of 2: no item was accepted; item 1 was refused by the gateway (nothing happened); item 2 was never sent.',
	);
	expect(result.error?.context).toEqual(
		expect.objectContaining({
			batch: expect.objectContaining({ accepted: [], refused: [1], unknown: [], notSent: [2] }),
		}),
	);
	expect(gw.requests).toHaveLength(1);
});
