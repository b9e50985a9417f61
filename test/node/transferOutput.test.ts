/**
 * Transfer's output through n8n's engine: options that do not apply to the item's target are left
 * out of the request and listed in the output (so a builder sees they had no effect), and an
 * accepted answer without a result still gives an object to map from.
 */
import { runWorkflow } from '../harness/engine';
import { CEC, transferWorkflow } from '../harness/workflows';
import { startCanned, type CannedGateway } from './cannedGateway';

let gw: CannedGateway;
beforeAll(async () => {
	gw = await startCanned();
});
afterAll(async () => gw.close());
beforeEach(() => {
	gw.requests.length = 0;
});

test('Transfer To mapped from data, a skill queue with Caller Number and Media Ability set: both left out of the request, and listed as ignored', async () => {
	gw.answer({ '': { retcode: '0', message: 'success', result: {} } });
	const result = await runWorkflow(
		transferWorkflow(
			{
				agentId: '101',
				deviceType: '={{ $json.deviceType }}',
				address: '3',
				mode: 2,
				options: { caller: '40040', mediaAbility: 1 },
			},
			[{ deviceType: 1 }],
		),
		gw.credentials(),
	);
	expect(result.output(CEC)[0].json).toEqual(
		expect.objectContaining({ success: true, ignoredOptions: ['caller', 'mediaAbility'] }),
	);
	expect(gw.requests).toHaveLength(1);
	expect(JSON.parse(gw.requests[0].body)).toEqual({ devicetype: 1, address: '3', mode: 2 });
});

test('an accepted transfer whose answer has no result: result is an empty object, and no ignoredOptions when none were ignored', async () => {
	gw.answer({ '': { retcode: '0', message: 'success' } });
	const result = await runWorkflow(
		transferWorkflow({ agentId: '101', deviceType: 1, address: '3', mode: 2 }),
		gw.credentials(),
	);
	const out = result.output(CEC)[0].json;
	expect(out).toEqual(expect.objectContaining({ success: true, retcode: '0', result: {} }));
	expect(out).not.toHaveProperty('ignoredOptions');
});
