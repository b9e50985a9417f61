/**
 * The Transfer Call rules of the CC-Gateway, as data. The item schema, the field options and the
 * error texts are derived from this one table, so a corrected fact is corrected here only.
 * Source: the vendor's "Transferring a Call" page (cec_07_1225) and, for the `extended` rule set, the
 * vendor's newer pages (docs/gateway.md).
 */
import { CONTROL_CHARS, showValue, skillQueueId, type RuleSet } from '../../helpers/schema';

export const DEVICE_TYPES = {
	1: {
		name: 'Skill Queue',
		addressLabel: 'Skill Queue ID',
		addressHint: 'ID of the skill queue that receives the call',
		example: '3',
	},
	2: {
		name: 'Agent',
		addressLabel: 'Target Agent ID',
		addressHint: 'ID of the agent who receives the call',
		example: '49998',
	},
	3: {
		name: 'IVR',
		addressLabel: 'IVR Access Code',
		addressHint: 'Access code of the IVR flow',
		example: '1000',
	},
	4: {
		name: 'System Access Code',
		addressLabel: 'System Access Code',
		addressHint: 'A system access code configured on the platform',
		example: '1001',
	},
	5: {
		name: 'External Number',
		addressLabel: 'Phone Number',
		addressHint: 'The external number to call',
		example: '88880001',
	},
} as const;
export type DeviceType = keyof typeof DEVICE_TYPES;
export const DEVICE_TYPE_VALUES = Object.keys(DEVICE_TYPES).map(Number) as DeviceType[];

/** What each mode does, in the gateway's glossary. The same number means different things per target. */
export interface ModeInfo {
	value: number;
	name: string;
	description: string;
	/** Only accepted under the `extended` rule set. */
	extendedOnly?: boolean;
}

const BLIND = 'The agent leaves the call at once, whatever happens next';
const RELEASE_AFTER =
	'The agent is released once the target answers; if it does not, the agent keeps the call';

export const MODES_BY_DEVICE_TYPE: Record<DeviceType, ModeInfo[]> = {
	1: [
		{ value: 0, name: 'Blind', description: BLIND },
		{ value: 2, name: 'Release After Transfer', description: RELEASE_AFTER },
	],
	2: [
		{ value: 0, name: 'Blind', description: BLIND },
		{ value: 2, name: 'Release After Transfer', description: RELEASE_AFTER },
		{
			value: 3,
			name: 'Designated',
			description: 'Designated transfer to an agent (newer gateways; needs Rule Set: Extended)',
			extendedOnly: true,
		},
	],
	3: [
		{ value: 0, name: 'Blind', description: BLIND },
		{
			value: 1,
			name: 'Hang-Up',
			description:
				'The IVR flow runs and then returns the call to the agent (voice or video flows)',
		},
	],
	4: [
		{ value: 0, name: 'Blind', description: BLIND },
		{ value: 2, name: 'Release After Transfer', description: RELEASE_AFTER },
	],
	5: [
		{
			value: 1,
			name: 'Blind',
			description: 'The agent leaves at once; not possible for outbound or video calls',
		},
		{ value: 2, name: 'Release After Transfer', description: RELEASE_AFTER },
		{
			value: 3,
			name: 'Talk Forwarding',
			description: 'The agent talks with the target first, then leaves',
		},
		{
			value: 4,
			name: 'Three-Party',
			description: 'A three-way call once the target answers, then the agent leaves',
		},
	],
};

/** Safest default per target: keep the agent on the call unless the target answers (IVR: Blind). */
export const DEFAULT_MODE: Record<DeviceType, number> = { 1: 2, 2: 2, 3: 0, 4: 2, 5: 2 };
/** The Mode choice that resolves per item to DEFAULT_MODE of the item's target. */
export const TARGET_DEFAULT = 'targetDefault';

/** The blind mode of each target type (External Number uses 1, every other target 0). */
export const BLIND_MODE: Record<DeviceType, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 1 };
export const THREE_PARTY_MODE = 4;
export const EXTERNAL_NUMBER: DeviceType = 5;
export const AGENT_TARGET: DeviceType = 2;
export const IVR: DeviceType = 3;
export const RELEASE_AFTER_MODE = 2;

/** Most characters an address may hold, whatever the target. */
export const ADDRESS_MAX_CHARS = 24;

/**
 * The transfer options that concern only some targets or modes, and where each applies
 * (cec_07_1225): the calling number is carried unless the transfer is blind, media and hold only
 * reach an external number, the skill only an agent.
 */
export const TARGET_OPTION_APPLIES: Record<
	'caller' | 'holdFlag' | 'mediaAbility' | 'skillId',
	(deviceType: DeviceType, mode: number) => boolean
> = {
	caller: (d, mode) => d === EXTERNAL_NUMBER && mode !== BLIND_MODE[d],
	holdFlag: (d, mode) => d === EXTERNAL_NUMBER && mode === THREE_PARTY_MODE,
	mediaAbility: (d) => d === EXTERNAL_NUMBER,
	skillId: (d) => d === AGENT_TARGET,
};
export type TargetOption = keyof typeof TARGET_OPTION_APPLIES;

/** Wait for Outcome: how long the agent's call is watched after the transfer, in seconds. */
export const WAIT_LIMIT_S = { min: 1, max: 600, default: 30 } as const;

/** Characters an external number (and a calling number) may hold, per rule set. */
export const PHONE_NUMBER_PATTERN: Record<RuleSet, { regex: RegExp; allowed: string }> = {
	documented: { regex: /^[0-9]*$/, allowed: 'digits 0-9' },
	extended: { regex: /^[0-9A-E*#]*$/, allowed: 'digits 0-9, A-E, * and #' },
};

/** What the address rules see of an item. */
interface AddressItem {
	agentId: number;
	deviceType: DeviceType;
	address: string;
	options: { ruleSet: RuleSet };
}

/**
 * What an address may hold, per target: a skill queue's ID (the one rule of helpers/schema.ts), the
 * digits of an ID or access code, or a phone number.
 */
export const ADDRESS_KIND: Record<DeviceType, 'skillQueueId' | 'digits' | 'phoneNumber'> = {
	1: 'skillQueueId',
	2: 'digits',
	3: 'digits',
	4: 'digits',
	5: 'phoneNumber',
};

const chars = (address: string) => [...address].length;

/**
 * The address rules, in order: the first that refuses an address gives its message. `label` is the
 * field's name (Address); `named` adds what the item's target calls it (Skill Queue ID …).
 */
export const ADDRESS_RULES: Array<{
	refuses: (item: AddressItem) => boolean;
	message: (item: AddressItem, label: string) => string;
}> = [
	{
		refuses: ({ address }) => address.length === 0,
		message: (item, label) => `${named(item, label)} is required`,
	},
	{
		refuses: ({ address }) => CONTROL_CHARS.test(address),
		message: ({ address }, label) =>
			`${label} holds a control character (line break, tab …); got ${showValue(address)}`,
	},
	{
		refuses: ({ deviceType, address }) =>
			ADDRESS_KIND[deviceType] === 'skillQueueId' && !skillQueueId('', address).ok,
		message: (item, label) => {
			const checked = skillQueueId(named(item, label), item.address);
			return checked.ok ? '' : checked.message;
		},
	},
	{
		refuses: ({ deviceType, address }) =>
			ADDRESS_KIND[deviceType] !== 'skillQueueId' && chars(address) > ADDRESS_MAX_CHARS,
		message: ({ address }, label) =>
			`${label} may hold at most ${ADDRESS_MAX_CHARS} characters; got ${chars(address)}`,
	},
	{
		refuses: ({ deviceType, address }) =>
			ADDRESS_KIND[deviceType] === 'digits' && !/^[0-9]+$/.test(address),
		message: (item, label) =>
			`${named(item, label)} must be digits only, without spaces; got ${showValue(item.address)}`,
	},
	{
		refuses: ({ deviceType, address, agentId }) =>
			deviceType === AGENT_TARGET && Number(address) === agentId,
		message: (item, label) =>
			`${named(item, label)} is the agent whose call is transferred (${item.agentId}); an agent cannot transfer a call to itself`,
	},
	{
		refuses: ({ deviceType, address, options }) =>
			ADDRESS_KIND[deviceType] === 'phoneNumber' &&
			!PHONE_NUMBER_PATTERN[options.ruleSet].regex.test(address),
		message: (item, label) => {
			const { ruleSet } = item.options;
			const widen =
				ruleSet === 'documented' && PHONE_NUMBER_PATTERN.extended.regex.test(item.address)
					? '; newer gateways also accept A-E, * and #: set Options › Rule Set to Extended'
					: '';
			return `${named(item, label)} may hold only ${PHONE_NUMBER_PATTERN[ruleSet].allowed}; got ${showValue(item.address)}${widen}`;
		},
	},
];

function named(item: AddressItem, label: string): string {
	return `${label} (${DEVICE_TYPES[item.deviceType].addressLabel})`;
}

export function modesFor(deviceType: DeviceType, ruleSet: RuleSet): ModeInfo[] {
	return MODES_BY_DEVICE_TYPE[deviceType].filter((m) => ruleSet === 'extended' || !m.extendedOnly);
}

export function modeInfo(deviceType: DeviceType, mode: number): ModeInfo | undefined {
	return MODES_BY_DEVICE_TYPE[deviceType].find((m) => m.value === mode);
}

export function describeModes(modes: ModeInfo[]): string {
	return modes.map((m) => `${m.value} ${m.name}`).join(', ');
}
