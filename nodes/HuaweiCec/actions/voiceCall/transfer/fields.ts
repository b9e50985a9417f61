/**
 * The fields of Voice Call › Transfer. Target-specific labels and the mode lists are generated from
 * the transfer table, so the editor only ever offers modes the gateway accepts for that target.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { agentIdField, optionsCollection } from '../../../common/fields';
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
} from './table';

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

/** Transfer's own options; the common ones (Guid, Timeout …) are added by optionsCollection. */
const TRANSFER_OPTIONS: INodeProperties[] = [
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
		displayName: 'Skill ID',
		name: 'skillId',
		type: 'number',
		default: 1,
		typeOptions: { minValue: LIMITS.skillId.min },
		description: 'Skill the receiving agent takes the call under',
		displayOptions: { hide: { '/deviceType': [1, 3, 4, 5] } },
	},
	{
		displayName: 'Wait for Outcome',
		name: 'waitForOutcome',
		type: 'boolean',
		default: false,
		description:
			"Whether to watch the agent's call after the transfer (a read-only query about once a second, never the agent's events) until it leaves the agent or the wait limit passes, and output what was seen",
	},
	{
		displayName: 'Wait Limit',
		name: 'waitLimit',
		type: 'number',
		default: 30,
		typeOptions: { minValue: LIMITS.waitLimitS.min, maxValue: LIMITS.waitLimitS.max },
		description: 'Seconds to watch the call for, with Wait for Outcome. The item waits this long at most.',
		displayOptions: { show: { waitForOutcome: [true] } },
	},
];

export const transferFields: INodeProperties[] = [
	agentIdField('ID of the signed-in agent whose current call is transferred (101-59999)'),
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
	optionsCollection(TRANSFER_OPTIONS),
];
