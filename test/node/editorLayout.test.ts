/**
 * Node version 2's editor layout, computed with n8n-workflow's own display helpers: Transfer's
 * target options in Target Options where they apply, Wait for Outcome and Wait Limit as fields, the
 * description an AI model reads, what n8n does with a value that no longer applies, and a workflow
 * saved with 0.2.0 (node version 1) run through n8n's engine. Expectations are written from
 * docs/gateway.md, not read from the node's table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NodeHelpers, type INode, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { HuaweiCec } from '../../nodes/HuaweiCec/HuaweiCec.node';
import { runWorkflow, type WorkflowJson } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, TRIGGER, transferWorkflow } from '../harness/workflows';
import { MODES } from '../reliability/oracle';

const description = new HuaweiCec().description;
const node = (typeVersion: number, type = 'n8n-nodes-huawei-cec.huaweiCec'): INode => ({
	id: 'x',
	name: 'CEC',
	type,
	typeVersion,
	position: [0, 0],
	parameters: {},
});
const v2 = node(2);

function values(deviceType: number | string, mode: number | string, extra: INodeParameters = {}) {
	return {
		resource: 'voiceCall',
		operation: 'transfer',
		agentId: 101,
		deviceType,
		address: '1',
		mode,
		...extra,
	};
}
const shown = (nodeValues: INodeParameters, n = v2, d = description) =>
	d.properties.filter((p) => NodeHelpers.displayParameter(nodeValues, p, n, d));
function shownIn(nodeValues: INodeParameters, collection: string): string[] {
	const c = shown(nodeValues).find((p) => p.name === collection);
	return ((c?.options ?? []) as INodeProperties[])
		.filter((o) => NodeHelpers.displayParameterPath(nodeValues, o, collection, v2, description))
		.map((o) => o.name)
		.sort();
}

/** docs/gateway.md: which transfer options reach the gateway for which target and mode. */
function targetOptionsFor(deviceType: number, mode: number): string[] {
	const expected: string[] = [];
	if (deviceType === 5 && mode !== 1) expected.push('caller');
	if (deviceType === 5 && mode === 4) expected.push('holdFlag');
	if (deviceType === 5) expected.push('mediaAbility');
	if (deviceType === 2) expected.push('skillId');
	return expected.sort();
}

const cases: Array<[number, number]> = [];
for (const d of [1, 2, 3, 4, 5]) for (const m of MODES[d].extended) cases.push([d, m]);

describe('version 2: options where they apply', () => {
	test.each(cases)('deviceType %i, mode %i', (deviceType, mode) => {
		const nodeValues = values(deviceType, mode, { options: { ruleSet: 'extended' } });
		const names = shown(nodeValues).map((p) => p.name);
		const own = targetOptionsFor(deviceType, mode);
		// Target Options is shown exactly when it has something to offer: never "No properties"
		expect(names.includes('targetOptions')).toBe(own.length > 0);
		if (own.length) expect(shownIn(nodeValues, 'targetOptions')).toEqual(own);
		expect(shownIn(nodeValues, 'options')).toEqual(
			['callAppData', 'concurrency', 'guid', 'onlyIfCallId', 'ruleSet', 'timeout'].sort(),
		);
		expect(names).toContain('waitForOutcome');
		expect(names).not.toContain('waitLimit');
	});

	test("Target's Default: the target's own default mode decides (External Number: Release After Transfer)", () => {
		expect(shownIn(values(5, 'targetDefault'), 'targetOptions')).toEqual([
			'caller',
			'mediaAbility',
		]);
		expect(shownIn(values(2, 'targetDefault'), 'targetOptions')).toEqual(['skillId']);
		expect(shown(values(1, 'targetDefault')).map((p) => p.name)).not.toContain('targetOptions');
	});

	test('with Transfer To mapped, every target option the mode allows for some target is offered', () => {
		expect(shownIn(values('', 'targetDefault'), 'targetOptions')).toEqual([
			'caller',
			'mediaAbility',
			'skillId',
		]);
		expect(shownIn(values('', 4), 'targetOptions')).toEqual(['caller', 'holdFlag', 'mediaAbility']);
	});

	test('Wait Limit (Seconds) is a field of its own, shown as soon as Wait for Outcome is on', () => {
		const on = shown(values(1, 2, { waitForOutcome: true }));
		const limit = on.find((p) => p.name === 'waitLimit');
		expect(limit?.displayName).toBe('Wait Limit (Seconds)');
		expect(limit?.default).toBe(30);
		const timeout = (
			shown(values(1, 2)).find((p) => p.name === 'options')!.options as INodeProperties[]
		).find((o) => o.name === 'timeout');
		expect(timeout?.displayName).toBe('Timeout (Milliseconds)');
	});

	test('version 1 keeps the 0.2.0 layout: no Target Options, every option in Options', () => {
		const names = shown(values(5, 4), node(1)).map((p) => p.name);
		expect(names).not.toContain('targetOptions');
		expect(names).not.toContain('waitForOutcome');
		expect(description.version).toEqual([1, 2]);
	});
});

describe('a value that no longer applies', () => {
	// What n8n's engine does when it loads a workflow (Workflow's constructor) and what the editor
	// stores (defaults left out): a parameter whose display rules no longer match is dropped.
	const load = (parameters: INodeParameters, n: INode, returnDefaults: boolean) =>
		NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			returnDefaults,
			false,
			n,
			description,
		)!;

	test('version 2: a Caller Number left from External Number is dropped once Transfer To is Skill Queue', () => {
		const stale = values(1, 2, { targetOptions: { caller: '40040' }, options: {} });
		for (const returnDefaults of [true, false])
			expect(load(stale, v2, returnDefaults).targetOptions).toBeUndefined();
		const kept = values(5, 2, { targetOptions: { caller: '40040' } });
		expect(load(kept, v2, false).targetOptions).toEqual({ caller: '40040' });
	});

	test('version 2: Wait Limit is dropped with Wait for Outcome off', () => {
		expect(load(values(1, 2, { waitLimit: 90 }), v2, false).waitLimit).toBeUndefined();
	});

	test('version 1 likewise drops a hidden option from Options', () => {
		const stale = values(1, 2, { options: { caller: '40040', timeout: 5000 } });
		expect(load(stale, node(1), false).options).toEqual({ timeout: 5000 });
	});

	test('with Transfer To mapped the option stays: it may apply to some item (reported as ignoredOptions)', () => {
		const mapped = values('={{ $json.deviceType }}', 'targetDefault', {
			targetOptions: { caller: '40040' },
		});
		expect(load(mapped, v2, false).targetOptions).toEqual({ caller: '40040' });
	});
});

describe('the node as an AI tool', () => {
	// n8n serves a usableAsTool node as "<name>Tool": the same description, '@tool' true.
	const toolType = { ...description, name: `${description.name}Tool` };
	const toolNode = node(2, 'n8n-nodes-huawei-cec.huaweiCecTool');
	const operations: Array<[string, string, RegExp[]]> = [
		['voiceCall', 'transfer', [/^Changes a call/, /once/, /call ID/, /never retried/]],
		['voiceCall', 'hangUp', [/^Changes a call/, /call ID/]],
		['voiceCall', 'hold', [/^Changes a call/, /call ID/]],
		['voiceCall', 'unhold', [/^Changes a call/, /held call's ID/]],
		['voiceCall', 'callOut', [/^Places a new call/, /once/]],
		['voiceCall', 'getCallInfo', [/^Read-only, safe to repeat/, /call ID/]],
		['agent', 'getStatus', [/^Read-only, safe to repeat/]],
		['queue', 'getWaitingCount', [/^Read-only, safe to repeat/]],
	];

	test.each(operations)(
		'%s/%s: the model reads what it changes, not only the action',
		(resource, operation, words) => {
			// as n8n's engine loads the node (defaults filled in), then builds the tool's description
			const parameters = NodeHelpers.getNodeParameters(
				toolType.properties,
				{ resource, operation },
				true,
				false,
				toolNode,
				toolType,
			)!;
			const text = NodeHelpers.getToolDescriptionForNode({ ...toolNode, parameters }, {
				description: toolType,
			} as never);
			for (const w of words) expect(text).toMatch(w);
			// the regular node has no such field; its name stays the short action
			const plain = shown({ resource, operation }, v2).map((p) => p.name);
			expect(plain).not.toContain('toolDescription');
			expect(
				NodeHelpers.makeNodeName({ resource, operation }, description).length,
			).toBeLessThanOrEqual(20);
		},
	);
});

describe('a workflow saved with 0.2.0 runs unchanged', () => {
	let gw: Gateway;
	beforeAll(async () => {
		gw = await startGateway();
	});
	afterAll(async () => {
		await stopGateway(gw);
	});

	const saved = JSON.parse(
		readFileSync(join(__dirname, 'fixtures', 'transfer-0.2.0.workflow.json'), 'utf8'),
	) as WorkflowJson & { nodes: INode[] };

	const THREE_PARTY_BODY = {
		devicetype: 5,
		address: '88880001',
		mode: 4,
		caller: '40040',
		holdflag: false,
		mediaability: 2,
	};

	async function transferBody(json: WorkflowJson) {
		const agent = await gw.sim.readyAgent();
		gw.sim.nextTransferOutcome(agent.agentId, { outcome: 'answer', afterMs: 100 });
		gw.sim.clearRequests();
		const trigger = json.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!.name;
		const result = await runWorkflow(
			{ ...json, pinData: { [trigger]: [{ json: { agentId: agent.agentId, guid: agent.guid } }] } },
			gw.credentials(),
		);
		expect(result.error).toBeUndefined();
		const requests = gw.sim.requests();
		const transfer = requests.filter((r) => r.path.endsWith('/transfer'));
		expect(transfer).toHaveLength(1);
		const cec = json.nodes.find((n) => n.type.endsWith('huaweiCec'))!.name;
		return { body: JSON.parse(transfer[0].body), out: result.output(cec)[0].json, requests };
	}

	test('version 1 (0.2.0): the options it stored are sent, and Wait for Outcome watches the call', async () => {
		const { body, out, requests } = await transferBody(saved);
		expect(body).toEqual(THREE_PARTY_BODY);
		// a three-party call stays with the agent: watched until the limit
		expect(out.outcome).toEqual(expect.objectContaining({ observed: 'stillWithAgent' }));
		expect(out).not.toHaveProperty('ignoredOptions');
		expect(requests[0].path).toContain('callinfo');
	});

	test('the same transfer built in version 2 sends the same body', async () => {
		const v2Json = transferWorkflow({
			agentId: '={{ $json.agentId }}',
			deviceType: 5,
			address: '88880001',
			mode: 4,
			targetOptions: { caller: '40040', holdFlag: false, mediaAbility: 2 },
			waitForOutcome: true,
			waitLimit: 1,
			options: { guid: '={{ $json.guid }}', timeout: 8000 },
		});
		v2Json.nodes[1].typeVersion = 2;
		const { body, out } = await transferBody(v2Json);
		expect(body).toEqual(THREE_PARTY_BODY);
		expect(out.outcome).toEqual(expect.objectContaining({ observed: 'stillWithAgent' }));
		expect(v2Json.nodes[0].name).toBe(TRIGGER);
		expect(v2Json.nodes[1].name).toBe(CEC);
	});
});
