/**
 * The fields of Voice Call › Transfer. Target-specific labels and the mode lists are generated from
 * the transfer table, so the editor only ever offers modes the gateway accepts for that target.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { displayFor } from '../../descriptions/displayFor';
import {
	DEVICE_TYPES,
	DEVICE_TYPE_VALUES,
	LIMITS,
	MEDIA_ABILITIES,
	MODES_BY_DEVICE_TYPE,
	type DeviceType,
	type ModeInfo,
} from '../../rules/transferTable';

/** Safest default per target: keep the agent on the call unless the target answers. */
const DEFAULT_MODE: Record<DeviceType, number> = { 1: 2, 2: 2, 3: 0, 4: 2, 5: 2 };

const modeOption = (m: ModeInfo): INodePropertyOptions => ({ name: m.name, value: m.value, description: m.description });

function addressField(deviceType: DeviceType): INodeProperties {
	const target = DEVICE_TYPES[deviceType];
	return {
		displayName: target.addressLabel,
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: target.addressHint.replace(/^.*e\.g\. /, ''),
		description: `${target.addressHint}. At most ${LIMITS.addressMaxChars} characters.`,
		displayOptions: { show: { deviceType: [deviceType] } },
	};
}

function modeFields(deviceType: DeviceType): INodeProperties[] {
	const all = MODES_BY_DEVICE_TYPE[deviceType];
	// The default is generated per target from the table; the lint rule only recognises literals.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	const base: INodeProperties = {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: DEFAULT_MODE[deviceType],
		description: `How the call moves to the ${DEVICE_TYPES[deviceType].name.toLowerCase()}`,
		options: all.filter((m) => !m.extendedOnly).map(modeOption),
		displayOptions: { show: { deviceType: [deviceType] } },
	};
	if (!all.some((m) => m.extendedOnly)) return [base];
	// Modes of the vendor's newer pages appear only once the user opts into the extended rule set.
	return [
		{ ...base, displayOptions: { show: { deviceType: [deviceType] }, hide: { '/options.ruleSet': ['extended'] } } },
		{
			...base,
			options: all.map(modeOption),
			displayOptions: { show: { deviceType: [deviceType], '/options.ruleSet': ['extended'] } },
		},
	];
}

const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Call App Data',
			name: 'callAppData',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: 'Call-associated data handed on with the call, e.g. a CRM case ID. At most 16 KB (UTF-8).',
		},
		{
			displayName: 'Caller Number',
			name: 'caller',
			type: 'string',
			default: '',
			placeholder: '40040',
			description:
				'Calling number the callee sees: up to 24 digits. Empty uses the platform default. Not carried by a blind transfer.',
			displayOptions: { show: { '/deviceType': [5], '/mode': [2, 3, 4] } },
		},
		{
			displayName: 'Guid',
			name: 'guid',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"The agent's current Guid for this item, overriding the credential's. Use an expression reading the Guid your agent desktop or CRM integration sends with the agent ID (needed with dynamic authentication, where the Guid changes every minute).",
		},
		{
			displayName: 'Hold During Three-Party',
			name: 'holdFlag',
			type: 'boolean',
			default: true,
			description: 'Whether the customer is held while the agent reaches the third party',
			displayOptions: { show: { '/deviceType': [5], '/mode': [4] } },
		},
		{
			displayName: 'Media Ability',
			name: 'mediaAbility',
			type: 'options',
			default: 0,
			options: Object.entries(MEDIA_ABILITIES).map(([value, name]) => ({ name, value: Number(value) })),
			description: 'Media of the call to the external number. Best Available is negotiated with the terminal.',
			displayOptions: { show: { '/deviceType': [5] } },
		},
		{
			displayName: 'Requests in Flight',
			name: 'concurrency',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1, maxValue: 16 },
			description:
				'How many transfers, for different agents, may be under way at once (read from the first item). Output keeps the input order; two transfers of the same agent never overlap.',
		},
		{
			displayName: 'Rule Set',
			name: 'ruleSet',
			type: 'options',
			default: 'documented',
			options: [
				{
					name: 'Documented',
					value: 'documented',
					description: "The rules of the gateway's Transfer Call page (agent IDs 101-59999)",
				},
				{
					name: 'Extended (Newer Gateways)',
					value: 'extended',
					description:
						'Also what newer gateways accept: agent IDs up to 999999, Designated mode for agents, A-E, * and # in numbers',
				},
			],
			description: 'Which version of the gateway rules to check the transfer against before sending it',
		},
		{
			displayName: 'Skill ID',
			name: 'skillId',
			type: 'number',
			default: 1,
			typeOptions: { minValue: LIMITS.skillId.min },
			description: 'Skill the receiving agent takes the call under',
			displayOptions: { show: { '/deviceType': [2] } },
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			default: 10000, // LIMITS.timeoutMs.default (a test keeps the two equal)
			typeOptions: { minValue: LIMITS.timeoutMs.min, maxValue: LIMITS.timeoutMs.max },
			description:
				'Milliseconds to wait for the gateway to answer. A transfer that times out is never resent: it may still have happened.',
		},
	],
};

export const transferFields: INodeProperties[] = displayFor('voiceCall', 'transfer', [
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: 101, maxValue: LIMITS.agentId.extended.max },
		description: 'ID of the signed-in agent whose current call is transferred (101-59999)',
	},
	{
		displayName: 'Transfer To',
		name: 'deviceType',
		type: 'options',
		default: 1,
		options: DEVICE_TYPE_VALUES.map((d) => ({ name: DEVICE_TYPES[d].name, value: d })),
		description: 'Kind of target the call moves to',
	},
	...DEVICE_TYPE_VALUES.map(addressField),
	...DEVICE_TYPE_VALUES.flatMap(modeFields),
	optionsField,
]);
