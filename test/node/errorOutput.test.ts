/**
 * n8n's two ways to continue on failure. "Continue (using error output)": every failed item —
 * gateway refusal, invalid input, transport failure, a bad credential — leaves by the error output
 * with its facts, and only successes by the success output. "Continue (regular output)": all items
 * in the one output, failures flat with success: false.
 */
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
});

const params = {
	agentId: '={{ $json.agentId }}',
	deviceType: '={{ $json.deviceType }}',
	address: '={{ $json.address }}',
	mode: '={{ $json.mode }}',
	options: { guid: '={{ $json.guid }}', timeout: 2000 },
};

async function mixedItems() {
	const ok = await gw.sim.readyAgent();
	const reset = await gw.sim.readyAgent();
	gw.sim.createAgent('1904', 'pw');
	const noCall = { agentId: '1904', guid: await gw.sim.signIn('1904', 'pw') };
	gw.sim.injectFault({ kind: 'reset', pathIncludes: `/${reset.agentId}/` });
	gw.sim.clearRequests();
	return [
		{
			agentId: ok.agentId,
			guid: ok.guid,
			deviceType: 1,
			address: '3',
			mode: 'targetDefault',
			tag: 'ok',
		},
		{
			agentId: noCall.agentId,
			guid: noCall.guid,
			deviceType: 1,
			address: '3',
			mode: 2,
			tag: 'refused',
		},
		{ agentId: ok.agentId, guid: ok.guid, deviceType: 3, address: 'abc', mode: 0, tag: 'invalid' },
		{
			agentId: reset.agentId,
			guid: reset.guid,
			deviceType: 1,
			address: '3',
			mode: 2,
			tag: 'reset',
		},
	];
}

test('Continue (using error output): failures leave by the error output with their facts, successes by the success output', async () => {
	const items = await mixedItems();
	const result = await runWorkflow(
		transferWorkflow(params, items, { onError: 'continueErrorOutput' }),
		gw.credentials(),
	);
	expect(result.error).toBeUndefined();
	const success = result.output(CEC);
	const failed = result.errorOutput(CEC);
	expect(success.map((o) => o.pairedItem)).toEqual([{ item: 0 }]);
	expect(success[0].json).toEqual(expect.objectContaining({ success: true, retcode: '0' }));
	expect(failed.map((o) => o.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
	// n8n adds the input item's fields to an error output item (here: tag)
	expect(failed.map((o) => o.json.tag)).toEqual(['refused', 'invalid', 'reset']);
	expect(failed[0].json).toEqual(
		expect.objectContaining({
			error: '200-012: the agent has no call to transfer',
			details: expect.objectContaining({ errorKind: 'gateway', retcode: '200-012' }),
		}),
	);
	expect(failed[1].json.details).toEqual(
		expect.objectContaining({ errorKind: 'validation', field: 'address', fate: 'notSent' }),
	);
	expect(failed[2].json.details).toEqual(
		expect.objectContaining({ errorKind: 'transport', fate: 'unknown' }),
	);
	expect(gw.transferPosts()).toHaveLength(3);
});

test('Continue (using error output): a bad Base URL sends every item to the error output, nothing to the gateway', async () => {
	const items = await mixedItems();
	const result = await runWorkflow(
		transferWorkflow(params, items, { onError: 'continueErrorOutput' }),
		gw.credentials({ baseUrl: 'https://user:pw@127.0.0.1:1' }),
	);
	expect(result.output(CEC)).toHaveLength(0);
	const failed = result.errorOutput(CEC);
	expect(failed.map((o) => o.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
		{ item: 3 },
	]);
	for (const f of failed)
		expect(f.json.details).toEqual(
			expect.objectContaining({ errorKind: 'credential', field: 'baseUrl', fate: 'notSent' }),
		);
	expect(gw.sim.requests()).toHaveLength(0);
});

test('Continue (regular output): every item in the one output, failures in the same { error, details } shape as on the error output', async () => {
	const items = await mixedItems();
	const result = await runWorkflow(
		transferWorkflow(params, items, { onError: 'continueRegularOutput' }),
		gw.credentials(),
	);
	const out = result.output(CEC);
	expect(result.errorOutput(CEC)).toHaveLength(0);
	expect(out.map((o) => o.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
		{ item: 3 },
	]);
	expect(out.map((o) => o.json.success)).toEqual([true, undefined, undefined, undefined]);
	expect(out.slice(1).map((o) => Object.keys(o.json).sort())).toEqual([
		['details', 'error'],
		['details', 'error'],
		['details', 'error'],
	]);
	expect(out.map((o) => facts(o).errorKind)).toEqual([
		undefined,
		'gateway',
		'validation',
		'transport',
	]);

	const errorRoute = await runWorkflow(
		transferWorkflow(params, await mixedItems(), { onError: 'continueErrorOutput' }),
		gw.credentials(),
	);
	const failed = errorRoute.errorOutput(CEC);
	// the same facts whichever output carries the item (the error output adds the input's fields)
	for (const [i, f] of failed.entries()) {
		expect(f.json.error).toBe(out[i + 1].json.error);
		// the two runs used agents of their own
		expect({ ...(f.json.details as object), agentId: 0 }).toEqual({
			...(out[i + 1].json.details as object),
			agentId: 0,
		});
	}
});
