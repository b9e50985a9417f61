/**
 * Generated inputs through real workflow runs against the simulator: nothing the oracle rejects is
 * ever sent, and what is sent equals the oracle's normalised body.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';
import { mostlyValidInputArb } from './inputs';
import { oracle } from './oracle';

const SEED = 20261124;

describe('through real workflow runs', () => {
	let gw: Gateway;
	beforeAll(async () => {
		gw = await startGateway();
	});
	afterAll(async () => stopGateway(gw));

	/**
	 * Node parameters as a user would map them: one expression per present field. Options travel as
	 * `opt_<name>` because n8n's expression sandbox refuses a property called "caller".
	 */
	function parametersFor(input: IDataObject): IDataObject {
		const options: IDataObject = {};
		for (const key of Object.keys((input.options as IDataObject) ?? {}))
			options[key] = `={{ $json.opt_${key} }}`;
		return {
			agentId: '={{ $json.agentId }}',
			deviceType: '={{ $json.deviceType }}',
			address: '={{ $json.address }}',
			mode: '={{ $json.mode }}',
			options: { ...options, timeout: 5000 },
		};
	}

	function itemFor(input: IDataObject, opts: IDataObject): IDataObject {
		const item: IDataObject = {
			agentId: input.agentId,
			deviceType: input.deviceType,
			address: input.address,
			mode: input.mode,
		};
		for (const [key, value] of Object.entries(opts)) item[`opt_${key}`] = value;
		return item;
	}

	test('nothing rejected is sent; what is sent is the normalised input', async () => {
		const samples = fc.sample(mostlyValidInputArb, { seed: SEED, numRuns: 160 }) as IDataObject[];
		let sent = 0;
		for (const raw of samples) {
			// expressions cannot carry undefined members: drop them as the item JSON would
			const input = JSON.parse(JSON.stringify(raw)) as IDataObject;
			const opts = (input.options ?? {}) as IDataObject;
			delete opts.timeout;
			const verdict = oracle({ ...input, options: opts });
			gw.sim.clearRequests();
			const result = await runWorkflow(
				transferWorkflow(parametersFor({ ...input, options: opts }), [itemFor(input, opts)], {
					onError: 'continueRegularOutput',
				}),
				gw.credentials({ guid: 'prop-test.AgentGateway0' }),
			);
			const posts = gw.transferPosts();
			const out = result.output(CEC);
			expect(out).toHaveLength(1);
			if (!verdict.accept) {
				expect(posts).toHaveLength(0);
				expect(facts(out[0])).toEqual(
					expect.objectContaining({ error: expect.any(String), errorKind: 'validation' }),
				);
			} else {
				sent++;
				expect(posts).toHaveLength(1);
				expect(posts[0].path).toBe(verdict.path);
				expect(JSON.parse(posts[0].body)).toEqual(verdict.body);
			}
		}
		expect(sent).toBeGreaterThan(10);
	}, 60000);
});
