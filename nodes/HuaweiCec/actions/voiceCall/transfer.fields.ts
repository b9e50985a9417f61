/**
 * The fields of Voice Call › Transfer. Target-specific labels and the mode lists are generated from
 * the transfer table, so the editor only ever offers modes the gateway accepts for that target.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { displayFor } from '../../descriptions/displayFor';
import {
	DEFAULT_MODE,
	DEVICE_TYPES,
	DEVICE_TYPE_VALUES,
	LIMITS,
	MEDIA_ABILITIES,
	MODES_BY_DEVICE_TYPE,
	TARGET_DEFAULT,
	modeInfo,
	type DeviceType,
	type ModeInfo,
} from '../../rules/transferTable';

const modeOption = (m: ModeInfo): INodePropertyOptions => ({ name: m.name, value: m.value, description: m.description });

/** Literal targets: the generic Address and Mode appear when Transfer To is anything else (an expression). */
const LITERAL_TARGETS: DeviceType[] = [...DEVICE_TYPE_VALUES];

/** The first choice of every Mode field: resolved per item from the item's own target. */
function targetDefaultOption(deviceType?: DeviceType): INodePropertyOptions {
	const meant = deviceType ? modeInfo(deviceType, DEFAULT_MODE[deviceType])?.name : undefined;
	return {
		name: meant ? `Target's Default (${meant})` : "Target's Default",
		value: TARGET_DEFAULT,
		description: meant
			? `${meant}, the safest mode for this target`
			: 'Per item, the safest mode of its target: Release After Transfer where it exists (the agent keeps the call if nobody answers), Blind for IVR',
	};
}

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

/** Shown while Transfer To is an expression: one Address for whatever target each item has. */
const mappedAddressField: INodeProperties = {
	displayName: 'Address',
	name: 'address',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.address }}',
	description: `What the item's target needs: ${DEVICE_TYPE_VALUES.map((d) => `${DEVICE_TYPES[d].name}: ${DEVICE_TYPES[d].addressLabel}`).join('; ')}. At most ${LIMITS.addressMaxChars} characters.`,
	displayOptions: { hide: { deviceType: LITERAL_TARGETS } },
};

/** Mode numbers mean different things per target; named here for every target that has them. */
function mappedModeOptions(): INodePropertyOptions[] {
	const values = [...new Set(DEVICE_TYPE_VALUES.flatMap((d) => MODES_BY_DEVICE_TYPE[d].map((m) => m.value)))].sort();
	return values.map((value) => {
		const uses = DEVICE_TYPE_VALUES.flatMap((d) => {
			const m = modeInfo(d, value);
			return m ? [`${m.name} for ${DEVICE_TYPES[d].name}${m.extendedOnly ? ' (Rule Set: Extended)' : ''}`] : [];
		});
		return { name: `${value}: ${[...new Set(uses.map((u) => u.split(' for ')[0]))].join(' / ')}`, value, description: uses.join('; ') };
	});
}

const mappedModeField: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	default: 'targetDefault',
	description: "How the call moves. Target's Default suits every target; a fixed number must be one the item's target accepts.",
	options: [targetDefaultOption(), ...mappedModeOptions()],
	displayOptions: { hide: { deviceType: LITERAL_TARGETS } },
};

function modeFields(deviceType: DeviceType): INodeProperties[] {
	const all = MODES_BY_DEVICE_TYPE[deviceType];
	const base: INodeProperties = {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'targetDefault',
		description: `How the call moves to the ${DEVICE_TYPES[deviceType].name.toLowerCase()}`,
		options: [targetDefaultOption(deviceType), ...all.filter((m) => !m.extendedOnly).map(modeOption)],
		displayOptions: { show: { deviceType: [deviceType] } },
	};
	if (!all.some((m) => m.extendedOnly)) return [base];
	// Modes of the vendor's newer pages appear only once the user opts into the extended rule set.
	return [
		{ ...base, displayOptions: { show: { deviceType: [deviceType] }, hide: { '/options.ruleSet': ['extended'] } } },
		{
			...base,
			options: [targetDefaultOption(deviceType), ...all.map(modeOption)],
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
			displayOptions: { hide: { '/deviceType': [1, 2, 3, 4], '/mode': [1] } },
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
			displayOptions: { hide: { '/deviceType': [1, 2, 3, 4], '/mode': [1, 2, 3, 'targetDefault'] } },
		},
		{
			displayName: 'Media Ability',
			name: 'mediaAbility',
			type: 'options',
			default: 0,
			options: Object.entries(MEDIA_ABILITIES).map(([value, name]) => ({ name, value: Number(value) })),
			description: 'Media of the call to the external number. Best Available is negotiated with the terminal.',
			displayOptions: { hide: { '/deviceType': [1, 2, 3, 4] } },
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
			displayOptions: { hide: { '/deviceType': [1, 3, 4, 5] } },
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
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 101 or {{ $json.agentId }}',
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
	mappedAddressField,
	...DEVICE_TYPE_VALUES.flatMap(modeFields),
	mappedModeField,
	optionsField,
]);
