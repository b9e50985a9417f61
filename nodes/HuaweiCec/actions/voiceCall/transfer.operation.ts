/**
 * Voice Call › Transfer: `POST voicecall/{agentid}/transfer` (cec_07_1225). Moves the agent's
 * current call; not idempotent. The fields, the item schema and the messages come from the rules
 * table (transfer.rules.ts); Wait for Outcome watches the call afterwards (transfer.outcome.ts).
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { agentRequest, type Prepare } from '../../helpers/agentRequest';
import { guardAction } from '../../helpers/callGuard';
import {
	agentIdField,
	callAppDataOption,
	mediaAbilityOption,
	onlyIfCallIdOption,
	optionsCollection,
	sortedByName,
} from '../../helpers/fields';
import { readItem } from '../../helpers/item';
import type { RetcodeTable } from '../../helpers/retcodes';
import { refusalDescription } from '../../helpers/errors';
import {
	agentIdSchema,
	booleanLike,
	checkAgentId,
	checkCallAppData,
	checkItem,
	checkSkillId,
	checkTimeout,
	COMMON_LABELS,
	commonOptions,
	CONTROL_CHARS,
	fail,
	guardOptions,
	LIMITS,
	optionsObject,
	MEDIA_ABILITIES,
	type MediaAbility,
	optional,
	showValue,
	skillQueueId,
	text,
	wholeNumber,
	z,
	type RuleSet,
} from '../../helpers/schema';
import { watchOutcome } from './transfer.outcome';
import {
	ADDRESS_MAX_CHARS,
	AGENT_TARGET,
	BLIND_MODE,
	DEFAULT_MODE,
	DEVICE_TYPES,
	DEVICE_TYPE_VALUES,
	EXTERNAL_NUMBER,
	PHONE_NUMBER_PATTERN,
	TARGET_DEFAULT,
	THREE_PARTY_MODE,
	WAIT_LIMIT_S,
	describeModes,
	modeInfo,
	modesFor,
	type DeviceType,
	type ModeInfo,
} from './transfer.rules';

export const isAction = true;

/** Transfer To › Skill Queue: its address follows the one skill queue ID rule (helpers/schema.ts). */
const SKILL_QUEUE: DeviceType = 1;

/** Field names as the builder sees them, for messages. */
const LABELS: Record<string, string> = {
	...COMMON_LABELS,
	deviceType: 'Transfer To',
	address: 'Address',
	mode: 'Mode',
	callAppData: 'Call App Data',
	caller: 'Caller Number',
	mediaAbility: 'Media Ability',
	holdFlag: 'Hold During Three-Party',
	skillId: 'Skill ID',
	waitForOutcome: 'Wait for Outcome',
	waitLimit: 'Wait Limit',
};

// ---- Fields. Target-specific labels and mode lists come from the rules table, so the editor only
// offers modes the gateway accepts for the chosen target.

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

function addressField(deviceType: DeviceType): INodeProperties {
	const target = DEVICE_TYPES[deviceType];
	return {
		displayName: target.addressLabel,
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: target.addressHint.replace(/^.*e\.g\. /, ''),
		description: `${target.addressHint}. At most ${ADDRESS_MAX_CHARS} characters.`,
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
	description: `What the item's target needs: ${DEVICE_TYPE_VALUES.map((d) => `${DEVICE_TYPES[d].name}: ${DEVICE_TYPES[d].addressLabel}`).join('; ')}. At most ${ADDRESS_MAX_CHARS} characters.`,
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

const TRANSFER_OPTIONS: INodeProperties[] = [
	callAppDataOption,
	{
		displayName: 'Caller Number',
		name: 'caller',
		type: 'string',
		default: '',
		placeholder: '40040',
		description: `Calling number the callee sees: up to ${LIMITS.numberMaxChars} digits. Empty uses the platform default. Not carried by a blind transfer.`,
		displayOptions: { hide: { '/deviceType': [1, 2, 3, 4], '/mode': [1] } },
	},
	{
		displayName: 'Hold During Three-Party',
		name: 'holdFlag',
		type: 'boolean',
		default: true,
		description: 'Whether the customer is held while the agent reaches the third party',
		displayOptions: { hide: { '/deviceType': [1, 2, 3, 4], '/mode': [1, 2, 3, TARGET_DEFAULT] } },
	},
	mediaAbilityOption(
		'Media of the call to the external number. Best Available is negotiated with the terminal.',
		{
			hide: { '/deviceType': [1, 2, 3, 4] },
		},
	),
	onlyIfCallIdOption,
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
		typeOptions: { minValue: WAIT_LIMIT_S.min, maxValue: WAIT_LIMIT_S.max },
		description:
			'Seconds to watch the call for, with Wait for Outcome. The item waits this long at most.',
		displayOptions: { show: { waitForOutcome: [true] } },
	},
];

const properties: INodeProperties[] = [
	agentIdField('ID of the signed-in agent whose current call is transferred (101-59999)'),
	{
		displayName: 'Transfer To',
		name: 'deviceType',
		type: 'options',
		default: 1,
		options: sortedByName(
			DEVICE_TYPE_VALUES.map((d) => ({ name: DEVICE_TYPES[d].name, value: d })),
		),
		description: 'Kind of target the call moves to',
	},
	...DEVICE_TYPE_VALUES.map(addressField),
	mappedAddressField,
	...DEVICE_TYPE_VALUES.flatMap(modeFields),
	mappedModeField,
	optionsCollection(TRANSFER_OPTIONS),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voiceCall'], operation: ['transfer'] } },
	properties,
);

// ---- The item schema: every rule of the table, checked before anything is sent.

const deviceTypeList = DEVICE_TYPE_VALUES.map((d) => `${d} ${DEVICE_TYPES[d].name}`).join(', ');

/** The address as entered: a surrounding space is refused like any other character out of place. */
const addressSchema = z.union([z.string(), z.number().int().nonnegative().transform(String)], {
	error: (issue) => `${LABELS.address} must be text; got ${showValue(issue.input)}`,
});

function explainBadMode(deviceType: DeviceType, mode: number, ruleSet: RuleSet): string {
	const target = DEVICE_TYPES[deviceType].name;
	const allowed = `for ${target} use ${describeModes(modesFor(deviceType, ruleSet))}`;
	const own = modeInfo(deviceType, mode);
	if (own?.extendedOnly && ruleSet === 'documented') {
		return `Mode ${mode} (${own.name}) for ${target} is only accepted by newer gateways: set Options › Rule Set to Extended if yours is one; under the documented rules ${allowed}`;
	}
	const elsewhere = DEVICE_TYPE_VALUES.filter((d) => d !== deviceType).flatMap((d) => {
		const info = modesFor(d, ruleSet).find((m) => m.value === mode);
		return info ? [{ d, info }] : [];
	});
	if (elsewhere.length > 0) {
		const names = [...new Set(elsewhere.map((x) => x.info.name))].join(' / ');
		const targets = elsewhere.map((x) => DEVICE_TYPES[x.d].name).join(', ');
		return `Mode ${mode} (${names}) is only for ${targets}; ${allowed}`;
	}
	return `Mode ${mode} is not a transfer mode; ${allowed}`;
}

const isDeviceType = (value: number): value is DeviceType =>
	(DEVICE_TYPE_VALUES as number[]).includes(value);

const itemSchema = z
	.object({
		agentId: agentIdSchema,
		deviceType: wholeNumber(LABELS.deviceType, deviceTypeList),
		address: addressSchema,
		mode: z.union([z.literal(TARGET_DEFAULT), wholeNumber(LABELS.mode, 'a transfer mode number')], {
			error: (issue) =>
				`${LABELS.mode} must be a transfer mode number or "${TARGET_DEFAULT}"; got ${showValue(issue.input)}`,
		}),
		options: optionsObject({
			...commonOptions,
			...guardOptions,
			callAppData: optional(text(LABELS.callAppData)),
			caller: optional(text(LABELS.caller)),
			mediaAbility: optional(
				wholeNumber(LABELS.mediaAbility, '0 Voice, 1 Video or 2 Best Available'),
			),
			holdFlag: optional(booleanLike(LABELS.holdFlag)),
			skillId: optional(wholeNumber(LABELS.skillId, `${LIMITS.skillId.min} or more`)),
			waitForOutcome: optional(booleanLike(LABELS.waitForOutcome)),
			waitLimit: optional(wholeNumber(LABELS.waitLimit, 'seconds')),
		}),
	})
	.superRefine((item, ctx) => {
		const o = item.options;
		const ruleSet = o.ruleSet ?? 'documented';
		checkAgentId(ctx, item.agentId, ruleSet);
		checkTimeout(ctx, o.timeout);
		checkCallAppData(ctx, o.callAppData);
		if (!isDeviceType(item.deviceType)) {
			fail(
				ctx,
				'deviceType',
				`${LABELS.deviceType} must be one of ${deviceTypeList}; got ${item.deviceType}`,
			);
			return;
		}
		const deviceType = item.deviceType;
		const target = DEVICE_TYPES[deviceType];
		const address = item.address;
		const addressName = `${LABELS.address} (${target.addressLabel})`;
		const queue = deviceType === SKILL_QUEUE ? skillQueueId(addressName, address) : undefined;
		if (address.length === 0) fail(ctx, 'address', `${addressName} is required`);
		else if (CONTROL_CHARS.test(address)) {
			fail(
				ctx,
				'address',
				`${LABELS.address} holds a control character (line break, tab …); got ${showValue(address)}`,
			);
		} else if (queue) {
			if (!queue.ok) fail(ctx, 'address', queue.message);
		} else if ([...address].length > ADDRESS_MAX_CHARS) {
			fail(
				ctx,
				'address',
				`${LABELS.address} may hold at most ${ADDRESS_MAX_CHARS} characters; got ${[...address].length}`,
			);
		} else if (deviceType !== EXTERNAL_NUMBER && !/^[0-9]+$/.test(address)) {
			fail(
				ctx,
				'address',
				`${addressName} must be digits only, without spaces; got ${showValue(address)}`,
			);
		} else if (deviceType === AGENT_TARGET && Number(address) === item.agentId) {
			fail(
				ctx,
				'address',
				`${addressName} is the agent whose call is transferred (${item.agentId}); an agent cannot transfer a call to itself`,
			);
		} else if (
			deviceType === EXTERNAL_NUMBER &&
			!PHONE_NUMBER_PATTERN[ruleSet].regex.test(address)
		) {
			const widen =
				ruleSet === 'documented' && PHONE_NUMBER_PATTERN.extended.regex.test(address)
					? '; newer gateways also accept A-E, * and #: set Options › Rule Set to Extended'
					: '';
			fail(
				ctx,
				'address',
				`${addressName} may hold only ${PHONE_NUMBER_PATTERN[ruleSet].allowed}; got ${showValue(address)}${widen}`,
			);
		}
		const mode = item.mode === TARGET_DEFAULT ? DEFAULT_MODE[deviceType] : item.mode;
		if (!modesFor(deviceType, ruleSet).some((m) => m.value === mode)) {
			fail(ctx, 'mode', explainBadMode(deviceType, mode, ruleSet));
			return;
		}
		const carriesCaller = deviceType === EXTERNAL_NUMBER && mode !== BLIND_MODE[deviceType];
		if (carriesCaller && o.caller !== undefined) {
			if (CONTROL_CHARS.test(o.caller) || !PHONE_NUMBER_PATTERN[ruleSet].regex.test(o.caller)) {
				fail(
					ctx,
					'caller',
					`${LABELS.caller} may hold only ${PHONE_NUMBER_PATTERN[ruleSet].allowed}; got ${showValue(o.caller)}`,
				);
			} else if (o.caller.length > LIMITS.numberMaxChars) {
				fail(
					ctx,
					'caller',
					`${LABELS.caller} may hold at most ${LIMITS.numberMaxChars} digits; got ${o.caller.length}`,
				);
			}
		}
		if (
			deviceType === EXTERNAL_NUMBER &&
			o.mediaAbility !== undefined &&
			!(o.mediaAbility in MEDIA_ABILITIES)
		) {
			fail(
				ctx,
				'mediaAbility',
				`${LABELS.mediaAbility} must be 0 Voice, 1 Video or 2 Best Available; got ${o.mediaAbility}`,
			);
		}
		if (deviceType === AGENT_TARGET) checkSkillId(ctx, 'skillId', LABELS.skillId, o.skillId);
		if (o.waitForOutcome === true && o.waitLimit !== undefined) {
			const { min, max } = WAIT_LIMIT_S;
			if (o.waitLimit < min || o.waitLimit > max) {
				fail(
					ctx,
					'waitLimit',
					`${LABELS.waitLimit} must be between ${min} and ${max} seconds; got ${o.waitLimit}`,
				);
			}
		}
	})
	.transform((item) => {
		const o = item.options;
		const deviceType = item.deviceType as DeviceType;
		const mode = item.mode === TARGET_DEFAULT ? DEFAULT_MODE[deviceType] : item.mode;
		const isExternal = deviceType === EXTERNAL_NUMBER;
		const isBlind = mode === BLIND_MODE[deviceType];
		const isThreeParty = isExternal && mode === THREE_PARTY_MODE;
		// An option that does not apply to this item's target or mode is left out, not refused: with
		// Transfer To mapped from data, one node serves items of every target.
		const applies = {
			caller: isExternal && !isBlind,
			mediaAbility: isExternal,
			holdFlag: isThreeParty,
			skillId: deviceType === AGENT_TARGET,
			waitLimit: o.waitForOutcome === true,
		};
		const ignoredOptions = (Object.keys(applies) as Array<keyof typeof applies>).filter(
			(name) => !applies[name] && o[name] !== undefined,
		);
		return {
			agentId: item.agentId,
			deviceType,
			// A skill queue ID as the gateway's skill IDs are written: 0012 is queue 12.
			address: deviceType === SKILL_QUEUE ? String(Number(item.address)) : item.address,
			mode,
			callAppData: o.callAppData,
			caller: applies.caller ? o.caller : undefined,
			mediaAbility: applies.mediaAbility ? (o.mediaAbility as MediaAbility | undefined) : undefined,
			holdFlag: isThreeParty ? (o.holdFlag ?? true) : undefined,
			skillId: applies.skillId ? o.skillId : undefined,
			timeoutMs: o.timeout ?? LIMITS.timeoutMs.default,
			ruleSet: o.ruleSet ?? 'documented',
			onlyIfCallId: o.onlyIfCallId,
			/** Options set that do not apply to this item's target or mode, and were not sent. */
			ignoredOptions,
			/** Wait for Outcome: how long to watch the agent's call after the transfer. */
			waitLimitMs:
				o.waitForOutcome === true ? (o.waitLimit ?? WAIT_LIMIT_S.default) * 1000 : undefined,
		};
	});

export type TransferRequest = z.output<typeof itemSchema>;

/** Checks one item's parameters without n8n: the request, or the first refused field. */
export function validateTransfer(raw: unknown) {
	const checked = checkItem(itemSchema, raw);
	if (checked.ok) return checked;
	const { refusal } = checked;
	return {
		ok: false as const,
		field: refusal.field,
		message: refusal.message,
		description: refusalDescription(refusal, LABELS),
	};
}

/** The gateway's own field names, in one place. */
export function toWireBody(request: TransferRequest): Record<string, string | number | boolean> {
	const body: Record<string, string | number | boolean> = {
		devicetype: request.deviceType,
		address: request.address,
		mode: request.mode,
	};
	if (request.callAppData !== undefined) body.callappdata = request.callAppData;
	if (request.caller !== undefined) body.caller = request.caller;
	if (request.mediaAbility !== undefined) body.mediaability = request.mediaAbility;
	if (request.holdFlag !== undefined) body.holdflag = request.holdFlag;
	if (request.skillId !== undefined) body.skillId = request.skillId;
	return body;
}

// ---- Sending.

function describeTarget(request: TransferRequest): IDataObject {
	return {
		agentId: request.agentId,
		deviceType: request.deviceType,
		target: DEVICE_TYPES[request.deviceType].name,
		address: request.address,
		mode: request.mode,
		modeName: modeInfo(request.deviceType, request.mode)?.name ?? String(request.mode),
		...(request.onlyIfCallId !== undefined ? { expectedCallId: request.onlyIfCallId } : {}),
	};
}

const TRANSFER_EFFECT = { kind: 'action', name: 'transfer' } as const;

const TRANSFER_RETCODES: RetcodeTable = {
	'000-002': { remedy: "check the transfer target, mode and options against the gateway's rules" },
	'100-006': {
		remedy:
			'the agent must be signed in (and its desktop polling events) for its call to be transferred',
	},
	'100-007': {
		remedy:
			'check the call on the agent desktop before trying again: the transfer may or may not have started',
	},
	'200-012': {
		meaning: 'the agent has no call to transfer',
		remedy: 'the agent must be in a call when the transfer is sent',
	},
};

export const prepare: Prepare = (ctx, i) => {
	const { input: request, guid } = readItem(
		ctx,
		i,
		itemSchema,
		['agentId', 'deviceType', 'address', 'mode'],
		LABELS,
	);
	const agent = { agentId: request.agentId, guid, timeoutMs: request.timeoutMs };
	const facts = describeTarget(request);
	return {
		key: String(request.agentId),
		send: async (accepted) => {
			// The call guard and Wait for Outcome share one read of the agent's call before the transfer.
			const before = await guardAction(ctx, i, agent, {
				expectedCallId: request.onlyIfCallId,
				readAnyway: request.waitLimitMs !== undefined,
				action: 'transfer',
				facts,
			});
			const envelope = await agentRequest(ctx, i, {
				method: 'POST',
				path: `voicecall/${request.agentId}/transfer`,
				guid,
				body: toWireBody(request),
				timeoutMs: request.timeoutMs,
				effect: TRANSFER_EFFECT,
				retcodes: TRANSFER_RETCODES,
				facts,
			});
			const output: IDataObject = {
				success: true,
				retcode: envelope.retcode,
				message: envelope.message,
				result: (envelope.result ?? {}) as IDataObject,
				...facts,
				...(request.ignoredOptions.length > 0 ? { ignoredOptions: request.ignoredOptions } : {}),
			};
			// With Wait for Outcome the call was read before the transfer (none: refused, not sent).
			if (request.waitLimitMs === undefined || !before) return output;
			accepted?.();
			output.outcome = await watchOutcome(ctx, i, {
				request,
				agent,
				target: facts,
				callBefore: before,
				startedAt: Date.now(),
			});
			return output;
		},
	};
};
