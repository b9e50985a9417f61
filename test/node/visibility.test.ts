/**
 * Node version 1 (0.2.0's layout, every option in Options): which fields n8n shows for every
 * (target, mode), computed from the node's description with
 * n8n-workflow's own display helpers. The expectations are written from docs/gateway.md here,
 * not read from the node's table, so a wrong description fails.
 */
import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';

import { HuaweiCec } from '../../nodes/HuaweiCec/HuaweiCec.node';
import { LIMITS } from '../../nodes/HuaweiCec/helpers/schema';
import { MODES } from '../reliability/oracle';

const description = new HuaweiCec().description;
const node = {
	id: 'x',
	name: 'CEC',
	type: 'n8n-nodes-huawei-cec.huaweiCec',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

/** The tests' own table of the rules (shared with the property tests' oracle), not the node's. */
const EXPECTED_MODES = MODES;
const ADDRESS_LABEL: Record<number, string> = {
	1: 'Skill Queue ID',
	2: 'Target Agent ID',
	3: 'IVR Access Code',
	4: 'System Access Code',
	5: 'Phone Number',
};

function values(deviceType: number, mode: number, ruleSet?: string): INodeParameters {
	return {
		resource: 'voiceCall',
		operation: 'transfer',
		agentId: 101,
		deviceType,
		address: '1',
		mode,
		options: ruleSet ? { ruleSet } : {},
	};
}

function shown(nodeValues: INodeParameters): INodeProperties[] {
	return description.properties.filter((p) =>
		NodeHelpers.displayParameter(nodeValues, p, node, description),
	);
}

function shownOptions(nodeValues: INodeParameters): string[] {
	const options = shown(nodeValues).find((p) => p.name === 'options');
	return ((options?.options ?? []) as INodeProperties[])
		.filter((o) => NodeHelpers.displayParameterPath(nodeValues, o, 'options', node, description))
		.map((o) => o.name)
		.sort();
}

const cases: Array<[number, number, 'documented' | 'extended']> = [];
for (const deviceType of [1, 2, 3, 4, 5]) {
	for (const ruleSet of ['documented', 'extended'] as const) {
		for (const mode of EXPECTED_MODES[deviceType][ruleSet]) cases.push([deviceType, mode, ruleSet]);
	}
}

describe('field visibility for every valid (deviceType, mode)', () => {
	test.each(cases)('deviceType %i, mode %i, %s rules', (deviceType, mode, ruleSet) => {
		const nodeValues = values(deviceType, mode, ruleSet === 'extended' ? 'extended' : undefined);
		const top = shown(nodeValues);

		// exactly one address field, labelled for the target
		const address = top.filter((p) => p.name === 'address');
		expect(address).toHaveLength(1);
		expect(address[0].displayName).toBe(ADDRESS_LABEL[deviceType]);
		// the transferring agent and the target never share a label
		expect(top.filter((p) => p.displayName === 'Agent ID').map((p) => p.name)).toEqual(['agentId']);

		// exactly one mode field, offering exactly the target's modes
		const modes = top.filter((p) => p.name === 'mode');
		expect(modes).toHaveLength(1);
		const options = modes[0].options as Array<{ name: string; value: number | string }>;
		const offered = options.map((o) => o.value);
		expect(offered[0]).toBe('targetDefault');
		expect([...offered.slice(1)].sort()).toEqual([...EXPECTED_MODES[deviceType][ruleSet]].sort());
		// after Target's Default, the modes stand in n8n's alphabetical order
		const names = options.slice(1).map((o) => o.name);
		expect(names).toEqual([...names].sort());
		expect(modes[0].default).toBe('targetDefault');

		const external = deviceType === 5;
		const expected = [
			'callAppData',
			'concurrency',
			'guid',
			'onlyIfCallId',
			'ruleSet',
			'timeout',
			'waitForOutcome',
		];
		if (external && mode !== 1) expected.push('caller');
		if (external) expected.push('mediaAbility');
		if (external && mode === 4) expected.push('holdFlag');
		if (deviceType === 2) expected.push('skillId');
		expect(shownOptions(nodeValues)).toEqual(expected.sort());

		expect(top.map((p) => p.name).sort()).toEqual(
			[
				'address',
				'agentId',
				'authentication',
				'deviceType',
				'mode',
				'operation',
				'options',
				'resource',
			].sort(),
		);
	});
});

/**
 * The editor resolves an expression in a display condition against the node's input data; before
 * any data has arrived it resolves to nothing, and every field shown only for a literal target
 * vanished. Modelled here by the value an unresolved expression leaves ('').
 */
describe('Transfer To mapped from data (an expression)', () => {
	const mapped = (extra: Partial<INodeParameters> = {}) => ({
		...values(1, 0),
		deviceType: '',
		mode: 'targetDefault',
		...extra,
	});

	test("one Address and one Mode are shown, offering every mode by number and the target's default", () => {
		const top = shown(mapped());
		const address = top.filter((p) => p.name === 'address');
		expect(address).toHaveLength(1);
		expect(address[0].displayName).toBe('Address');
		const modes = top.filter((p) => p.name === 'mode');
		expect(modes).toHaveLength(1);
		expect((modes[0].options as Array<{ value: unknown }>).map((o) => o.value)).toEqual([
			'targetDefault',
			0,
			1,
			2,
			3,
			4,
		]);
		expect(modes[0].default).toBe('targetDefault');
	});

	test('every option that may apply to some item is offered (Hold only where the mode can be Three-Party)', () => {
		expect(shownOptions(mapped())).toEqual(
			[
				'callAppData',
				'caller',
				'concurrency',
				'guid',
				'mediaAbility',
				'onlyIfCallId',
				'ruleSet',
				'skillId',
				'timeout',
				'waitForOutcome',
			].sort(),
		);
		expect(shownOptions(mapped({ mode: '' }))).toEqual(
			[
				'callAppData',
				'caller',
				'concurrency',
				'guid',
				'holdFlag',
				'mediaAbility',
				'onlyIfCallId',
				'ruleSet',
				'skillId',
				'timeout',
				'waitForOutcome',
			].sort(),
		);
		expect(shownOptions(mapped({ mode: 4 }))).toContain('holdFlag');
	});

	test("once the expression resolves to a target, that target's own fields replace the generic ones", () => {
		const top = shown({ ...values(3, 0), mode: 'targetDefault' });
		expect(top.filter((p) => p.name === 'address').map((p) => p.displayName)).toEqual([
			'IVR Access Code',
		]);
		expect(top.filter((p) => p.name === 'mode')).toHaveLength(1);
	});
});

describe('the description itself', () => {
	const props = description.properties;

	test('parameter names are the documented contract', () => {
		const forTransfer = shown(values(5, 4));
		expect([...new Set(forTransfer.map((p) => p.name))].sort()).toEqual([
			'address',
			'agentId',
			'authentication',
			'deviceType',
			'mode',
			'operation',
			'options',
			'resource',
		]);
		const options = forTransfer.find((p) => p.name === 'options')!.options as INodeProperties[];
		expect(options.map((o) => o.name).sort()).toEqual(
			[
				'callAppData',
				'caller',
				'concurrency',
				'guid',
				'holdFlag',
				'mediaAbility',
				'onlyIfCallId',
				'ruleSet',
				'skillId',
				'timeout',
				'waitForOutcome',
				'waitLimit',
			].sort(),
		);
	});

	test('Wait Limit appears only with Wait for Outcome on', () => {
		const off = shownOptions({ ...values(1, 2), options: {} });
		const on = shownOptions({ ...values(1, 2), options: { waitForOutcome: true } });
		expect(off).not.toContain('waitLimit');
		expect(on).toContain('waitLimit');
	});

	test("target types are 1-5 with their names, in n8n's alphabetical order; Skill Queue by default", () => {
		const deviceType = props.find((p) => p.name === 'deviceType')!;
		expect(deviceType.options).toEqual([
			{ name: 'Agent', value: 2 },
			{ name: 'External Number', value: 5 },
			{ name: 'IVR', value: 3 },
			{ name: 'Skill Queue', value: 1 },
			{ name: 'System Access Code', value: 4 },
		]);
		expect(deviceType.default).toBe(1);
	});

	test('the Guid override is a password field, holdFlag defaults to true, timeout default matches the rules', () => {
		const options = shown(values(5, 4)).find((p) => p.name === 'options')!
			.options as INodeProperties[];
		const byName = Object.fromEntries(options.map((o) => [o.name, o]));
		expect(byName.guid.typeOptions?.password).toBe(true);
		expect(byName.holdFlag.default).toBe(true);
		expect(byName.timeout.default).toBe(LIMITS.timeoutMs.default);
		expect(byName.mediaAbility.options).toEqual([
			{ name: 'Best Available', value: 2 },
			{ name: 'Video', value: 1 },
			{ name: 'Voice', value: 0 },
		]);
	});

	test('every field belongs to one operation of one resource', () => {
		const known = new Set(
			['transfer', 'getCallInfo', 'callOut', 'hangUp', 'hold', 'unhold']
				.map((o) => `voiceCall/${o}`)
				.concat('agent/getStatus', 'queue/getWaitingCount')
				.concat('agent/getStatusByWorkNo', 'queue/getStatistics', 'queue/getAgents')
				.concat(
					['forceBusy', 'forceIdle', 'forceRest', 'forceSignOut', 'setSkills'].map(
						(o) => `supervisor/${o}`,
					),
				),
		);
		const topLevel = ['resource', 'operation', 'authentication'];
		for (const p of props.filter((x) => !topLevel.includes(x.name))) {
			const [resource] = (p.displayOptions?.show?.resource ?? []) as string[];
			const [operation] = (p.displayOptions?.show?.operation ?? []) as string[];
			expect(known).toContain(`${resource}/${operation}`);
		}
	});

	test('resources and operations are named as n8n users expect, each with an action', () => {
		expect(props.find((p) => p.name === 'resource')!.options).toEqual([
			{ name: 'Agent', value: 'agent' },
			{ name: 'Queue', value: 'queue' },
			{ name: 'Supervisor', value: 'supervisor' },
			{ name: 'Voice Call', value: 'voiceCall' },
		]);
		const operations = props
			.filter((p) => p.name === 'operation')
			.flatMap(
				(p) =>
					p.options as Array<{ name: string; value: string; action: string; description: string }>,
			);
		expect(operations.map((o) => [o.value, o.name, o.action])).toEqual([
			['callOut', 'Call Out', 'Place a call'],
			['getCallInfo', 'Get Call Info', 'Get call info'],
			['hangUp', 'Hang Up', 'Hang up a call'],
			['hold', 'Hold', 'Hold a call'],
			['transfer', 'Transfer', 'Transfer a call'],
			['unhold', 'Unhold', 'Unhold a call'],
			['getStatus', 'Get Status', 'Get agent status'],
			['getStatusByWorkNo', 'Get Status by Work Number', 'Get agent status by work number'],
			['getAgents', 'Get Agents', 'Get queue agents'],
			['getStatistics', 'Get Statistics', 'Get queue statistics'],
			['getWaitingCount', 'Get Waiting Count', 'Get waiting count'],
			['forceBusy', 'Force Busy', 'Force agent busy'],
			['forceIdle', 'Force Idle', 'Force agent idle'],
			['forceRest', 'Force Rest', 'Force agent rest'],
			['forceSignOut', 'Force Sign Out', 'Force agent sign-out'],
			['setSkills', 'Set Skills', 'Set agent skills'],
		]);
		// what matters first: a read-only query, a change to a call or to an agent, and what a repeat does
		const reads = ['getCallInfo', 'getStatus', 'getStatusByWorkNo', 'getAgents', 'getStatistics'];
		const supervisor = ['forceBusy', 'forceIdle', 'forceRest', 'forceSignOut', 'setSkills'];
		for (const o of operations)
			expect(o.description).toMatch(
				[...reads, 'getWaitingCount'].includes(o.value)
					? /^Read-only, safe to repeat: /
					: supervisor.includes(o.value)
						? /^(Sets an agent's state|Signs an agent out|Replaces an agent's skill queues), a repeat (is harmless|restarts the rest|is refused and changes nothing)/
						: /^(Changes the call|Places a new call), never retried: /,
			);
		expect(props.filter((p) => p.name === 'operation').map((p) => p.default)).toEqual([
			'transfer',
			'getStatus',
			'getWaitingCount',
			'forceIdle',
		]);
		expect(description.name).toBe('huaweiCec');
		expect(description.displayName).toBe('Huawei CEC');
		expect(description.credentials).toEqual([
			expect.objectContaining({ name: 'huaweiCecApi', required: true }),
			expect.objectContaining({ name: 'huaweiCecIntegrationAgentApi', required: true }),
		]);
	});

	test('Agent ID starts empty, and n8n reports it as missing until it is set', () => {
		const agentId = props.find((p) => p.name === 'agentId')!;
		expect(agentId.default).toBe('');
		const params = NodeHelpers.getNodeParameters(
			description.properties,
			{ resource: 'voiceCall', operation: 'transfer' },
			true,
			false,
			node,
			description,
		);
		const issues = NodeHelpers.getNodeParametersIssues(
			description.properties,
			{ ...node, parameters: params! },
			description,
		);
		expect(Object.keys(issues?.parameters ?? {})).toContain('agentId');
	});

	test('Rule Set removed while Mode holds the extended-only Designated mode: n8n keeps the value and reports no issue, so the node must refuse it', () => {
		const params = NodeHelpers.getNodeParameters(
			description.properties,
			values(2, 3),
			true,
			false,
			node,
			description,
		);
		expect(params?.mode).toBe(3);
		const issues = NodeHelpers.getNodeParametersIssues(
			description.properties,
			{ ...node, parameters: params! },
			description,
		);
		expect(issues).toBeNull();
		// test/node/inputForms.test.ts: the node refuses it before sending, naming Options › Rule Set
	});

	test('n8n reports no parameter issues for a complete transfer', () => {
		const params = NodeHelpers.getNodeParameters(
			description.properties,
			values(5, 4),
			true,
			false,
			node,
			description,
		);
		const issues = NodeHelpers.getNodeParametersIssues(
			description.properties,
			{ ...node, parameters: params! },
			description,
		);
		expect(issues).toBeNull();
	});
});
