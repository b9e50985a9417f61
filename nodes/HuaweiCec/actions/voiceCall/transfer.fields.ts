/**
 * Voice Call › Transfer, the fields. Labels, mode lists and where each target-specific option shows
 * are derived from the rules table (transfer.rules.ts), so the editor offers only what the gateway
 * accepts for the chosen target and mode.
 *
 * Node version 2 shows the target's own options in Target Options and Wait for Outcome as a field;
 * version 1 (0.2.0) kept them in Options, and its workflows keep that layout.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import {
	callAppDataOption,
	mediaAbilityOption,
	onlyIfCallIdOption,
	optionsCollection,
	sortedByDisplayName,
	sortedByName,
} from '../../helpers/fields';
import { LIMITS } from '../../helpers/schema';
import {
	ADDRESS_MAX_CHARS,
	DEFAULT_MODE,
	DEVICE_TYPES,
	DEVICE_TYPE_VALUES,
	MODES_BY_DEVICE_TYPE,
	TARGET_DEFAULT,
	TARGET_OPTION_APPLIES,
	WAIT_LIMIT_S,
	modeInfo,
	modesFor,
	type DeviceType,
	type ModeInfo,
	type TargetOption,
} from './transfer.rules';

type DisplayOptions = NonNullable<INodeProperties['displayOptions']>;
type ModeValue = number | typeof TARGET_DEFAULT;

const V1: DisplayOptions = { show: { '@version': [1] } };
const FROM_V2: DisplayOptions = { show: { '@version': [{ _cnd: { gte: 2 } }] } };

// ---- Target and mode.

const modeOption = (m: ModeInfo): INodePropertyOptions => ({
	name: m.name,
	value: m.value,
	description: m.description,
});

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

const deviceTypeField: INodeProperties = {
	displayName: 'Transfer To',
	name: 'deviceType',
	type: 'options',
	default: 1,
	options: sortedByName(DEVICE_TYPE_VALUES.map((d) => ({ name: DEVICE_TYPES[d].name, value: d }))),
	description: 'Kind of target the call moves to',
};

function addressField(deviceType: DeviceType): INodeProperties {
	const target = DEVICE_TYPES[deviceType];
	return {
		displayName: target.addressLabel,
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: `e.g. ${target.example}`,
		description: `${target.addressHint}: digits only, at most ${ADDRESS_MAX_CHARS}`,
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
	description: `What the item's target needs, at most ${ADDRESS_MAX_CHARS} characters: ${DEVICE_TYPE_VALUES.map((d) => `${DEVICE_TYPES[d].name}: ${DEVICE_TYPES[d].addressLabel}`).join('; ')}`,
	displayOptions: { hide: { deviceType: [...DEVICE_TYPE_VALUES] } },
};

/** Mode numbers mean different things per target; each is named for every target that has it. */
function mappedModeOptions(): INodePropertyOptions[] {
	const values = [
		...new Set(DEVICE_TYPE_VALUES.flatMap((d) => modesFor(d, 'extended').map((m) => m.value))),
	].sort();
	return values.map((value) => {
		const uses = DEVICE_TYPE_VALUES.flatMap((d) => {
			const m = modeInfo(d, value);
			return m
				? [
						{
							name: m.name,
							text: `${m.name} for ${DEVICE_TYPES[d].name}${m.extendedOnly ? ' (Rule Set: Extended)' : ''}`,
						},
					]
				: [];
		});
		return {
			name: `${value}: ${[...new Set(uses.map((u) => u.name))].join(' / ')}`,
			value,
			description: uses.map((u) => u.text).join('; '),
		};
	});
}

const mappedModeField: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	default: TARGET_DEFAULT,
	description:
		"How the call moves. Target's Default suits every target; a fixed number must be one the item's target accepts.",
	options: [targetDefaultOption(), ...mappedModeOptions()],
	displayOptions: { hide: { deviceType: [...DEVICE_TYPE_VALUES] } },
};

function modeFields(deviceType: DeviceType): INodeProperties[] {
	const base: INodeProperties = {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: TARGET_DEFAULT,
		description: `How the call moves to the ${DEVICE_TYPES[deviceType].name.toLowerCase()}`,
		options: [
			targetDefaultOption(deviceType),
			...sortedByName(modesFor(deviceType, 'documented').map(modeOption)),
		],
		displayOptions: { show: { deviceType: [deviceType] } },
	};
	if (modesFor(deviceType, 'extended').length === modesFor(deviceType, 'documented').length)
		return [base];
	// Modes of the vendor's newer pages appear only once the builder opts into the extended rule set.
	return [
		{
			...base,
			displayOptions: {
				show: { deviceType: [deviceType] },
				hide: { '/options.ruleSet': ['extended'] },
			},
		},
		{
			...base,
			options: [
				targetDefaultOption(deviceType),
				...sortedByName(modesFor(deviceType, 'extended').map(modeOption)),
			],
			displayOptions: { show: { deviceType: [deviceType], '/options.ruleSet': ['extended'] } },
		},
	];
}

// ---- Where each target-specific option applies, from TARGET_OPTION_APPLIES.

const ALL_MODES: ModeValue[] = [
	...new Set(DEVICE_TYPE_VALUES.flatMap((d) => MODES_BY_DEVICE_TYPE[d].map((m) => m.value))),
	TARGET_DEFAULT,
];

function applies(option: TargetOption, deviceType: DeviceType, mode: ModeValue): boolean {
	const resolved = mode === TARGET_DEFAULT ? DEFAULT_MODE[deviceType] : mode;
	if (!modeInfo(deviceType, resolved)) return false;
	return TARGET_OPTION_APPLIES[option](deviceType, resolved);
}

/** The targets for which an option applies under some mode. */
const targetsOf = (option: TargetOption) =>
	DEVICE_TYPE_VALUES.filter((d) => ALL_MODES.some((m) => applies(option, d, m)));

/**
 * Hidden for every target and every mode under which it never applies. Conditions of `hide` are
 * alternatives; a mapped (expression) Transfer To matches none, so the option shows whenever the
 * mode allows it for some target.
 */
function whereItApplies(option: TargetOption): DisplayOptions {
	const targets = targetsOf(option);
	const neverTargets = DEVICE_TYPE_VALUES.filter((d) => !targets.includes(d));
	const neverModes = ALL_MODES.filter((m) => !targets.some((d) => applies(option, d, m)));
	return {
		hide: {
			...(neverTargets.length ? { '/deviceType': neverTargets } : {}),
			...(neverModes.length ? { '/mode': neverModes } : {}),
		},
	};
}

const TARGET_OPTION_FIELDS: Record<TargetOption, INodeProperties> = {
	caller: {
		displayName: 'Caller Number',
		name: 'caller',
		type: 'string',
		default: '',
		placeholder: 'e.g. 40040',
		description: `Calling number the callee sees: digits, at most ${LIMITS.numberMaxChars}. Empty uses the platform default.`,
	},
	holdFlag: {
		displayName: 'Hold During Three-Party',
		name: 'holdFlag',
		type: 'boolean',
		default: true,
		description: 'Whether the customer is held while the agent reaches the third party',
	},
	mediaAbility: mediaAbilityOption(
		'Media of the call to the external number. Best Available is negotiated with the terminal.',
	),
	skillId: {
		displayName: 'Skill ID',
		name: 'skillId',
		type: 'number',
		default: 1,
		typeOptions: { minValue: LIMITS.skillId.min },
		description: 'Skill the receiving agent takes the call under',
	},
};

const TARGET_OPTIONS = Object.keys(TARGET_OPTION_FIELDS) as TargetOption[];

const targetOptionFields = TARGET_OPTIONS.map((option) => ({
	...TARGET_OPTION_FIELDS[option],
	displayOptions: whereItApplies(option),
}));

/** Version 2: the target's own options, shown only for the targets that have some. */
const targetOptionsCollection: INodeProperties = {
	displayName: 'Target Options',
	name: 'targetOptions',
	type: 'collection',
	placeholder: 'Add target option',
	default: {},
	description: 'Options of the chosen target and mode only',
	options: sortedByDisplayName(targetOptionFields),
	displayOptions: {
		hide: {
			deviceType: DEVICE_TYPE_VALUES.filter(
				(d) => !TARGET_OPTIONS.some((o) => targetsOf(o).includes(d)),
			),
		},
	},
};

// ---- Wait for Outcome.

const waitForOutcomeField: INodeProperties = {
	displayName: 'Wait for Outcome',
	name: 'waitForOutcome',
	type: 'boolean',
	default: false,
	description:
		"Whether to watch the agent's call after the transfer (read-only, about once a second, never the agent's events) until it leaves the agent or the wait limit passes, and output what was seen",
};

const waitLimitField: INodeProperties = {
	displayName: 'Wait Limit (Seconds)',
	name: 'waitLimit',
	type: 'number',
	default: 30,
	typeOptions: { minValue: WAIT_LIMIT_S.min, maxValue: WAIT_LIMIT_S.max },
	description: `Seconds to watch the call for, ${WAIT_LIMIT_S.min}-${WAIT_LIMIT_S.max}: the item waits this long at most`,
	displayOptions: { show: { waitForOutcome: [true] } },
};

// ---- The two layouts.

/** Version 1 (0.2.0): every option in Options, where its stored path is `options.<name>`. */
const v1Options = updateDisplayOptions(V1, [
	optionsCollection([
		callAppDataOption,
		...targetOptionFields,
		onlyIfCallIdOption,
		waitForOutcomeField,
		waitLimitField,
	]),
]);

const v2Fields = updateDisplayOptions(FROM_V2, [
	targetOptionsCollection,
	waitForOutcomeField,
	waitLimitField,
	optionsCollection([callAppDataOption, onlyIfCallIdOption]),
]);

/** Transfer's fields, in the order the editor shows them, before the operation's display rule. */
export function transferFields(agentIdField: INodeProperties): INodeProperties[] {
	return [
		agentIdField,
		deviceTypeField,
		...DEVICE_TYPE_VALUES.map(addressField),
		mappedAddressField,
		...DEVICE_TYPE_VALUES.flatMap(modeFields),
		mappedModeField,
		...v2Fields,
		...v1Options,
	];
}
