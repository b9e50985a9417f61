/**
 * The transfer sample (demo/transfer-call.workflow.json, what `npm run demo` prints) shows what the
 * node is for: each CRM event reaches the outcome its case names, and among the failures there is one
 * of each kind — refused before sending, refused by the call guard, and refused by the gateway, whose
 * retcode and message reach the error output item.
 */
import { transferSample } from '../../demo/transferSample';
import { runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));

test('the transfer sample: four transfers sent, three succeed; the failures are one validation, two call-guard refusals and one gateway refusal with its retcode and message', async () => {
	const sample = await transferSample(gw.sim);
	gw.sim.clearRequests();
	const result = await runWorkflow(sample, gw.credentials());
	expect(result.error).toBeUndefined();
	const items = sample.pinData!['Manual Trigger'].map((i) => i.json);
	const item = (o: { pairedItem?: unknown }) => (o.pairedItem as { item: number }).item;

	expect(result.output('Huawei CEC').map((o) => items[item(o)].agentId)).toEqual([101, 102, 104]);
	const failed = result.errorOutput('Huawei CEC');
	const kinds = failed.map((o) => [
		items[item(o)].agentId,
		(o.json.details as { errorKind: string }).errorKind,
	]);
	expect(kinds).toEqual([
		[103, 'callGuard'],
		[101, 'validation'],
		[110, 'gateway'],
		[109, 'callGuard'],
	]);
	const refused = failed.find((o) => items[item(o)].agentId === 110)!;
	expect(refused.json.error).toMatch(/^100-007: /);
	expect(refused.json.details).toEqual(
		expect.objectContaining({
			retcode: '100-007',
			gatewayMessage: 'blind transfer of an outbound call to an outbound number is not supported',
		}),
	);
	// Sent: the three successes and the one the gateway refused; nothing for the other failures.
	const posts = gw.transferPosts().map((r) => r.path.split('/').at(-2));
	expect(posts.sort()).toEqual(['101', '102', '104', '110']);
});
