/**
 * Voice Call › Transfer: `POST voicecall/{agentid}/transfer` (cec_07_1225). Moves the agent's
 * current call; not idempotent. The fields, the item schema and the messages come from the rules
 * table (transfer.rules.ts); Wait for Outcome watches the call afterwards (transfer.outcome.ts).
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { agentRequest, type Prepare } from '../../helpers/agentRequest';
import { guardAction } from '../../helpers/callGuard';
import { agentIdField } from '../../helpers/fields';
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
	text,
	wholeNumber,
	z,
	type RuleSet,
} from '../../helpers/schema';
import { transferFields } from './transfer.fields';
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
} from './transfer.rules';

export const isAction = true;

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

const properties = transferFields(
	agentIdField('ID of the signed-in agent whose current call is transferred (101-59999)'),
);

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
		if (address.length === 0) fail(ctx, 'address', `${addressName} is required`);
		else if (CONTROL_CHARS.test(address)) {
			fail(
				ctx,
				'address',
				`${LABELS.address} holds a control character (line break, tab …); got ${showValue(address)}`,
			);
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
			address: item.address,
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

/** Node version 2's fields that version 1 kept in Options: read into the same shape. */
const TRANSFER_FIELDS_IN_OPTIONS = ['targetOptions', 'waitForOutcome', 'waitLimit'];

export const prepare: Prepare = (ctx, i) => {
	const { input: request, guid } = readItem(
		ctx,
		i,
		itemSchema,
		['agentId', 'deviceType', 'address', 'mode'],
		LABELS,
		TRANSFER_FIELDS_IN_OPTIONS,
	);
	const agent = { agentId: request.agentId, guid, timeoutMs: request.timeoutMs };
	const facts = describeTarget(request);
	return {
		key: String(request.agentId),
		send: async () => {
			// The call guard and Wait for Outcome share one read of the agent's call before the transfer.
			const before = await guardAction(ctx, i, agent, {
				expectedCallId: request.onlyIfCallId,
				readAnyway: request.waitLimitMs !== undefined,
				action: 'transfer',
				facts,
			});
			const startedAt = Date.now();
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
			if (request.waitLimitMs === undefined) return output;
			output.outcome = await watchOutcome(ctx, i, {
				request,
				agent,
				target: facts,
				callBefore: before ?? null,
				startedAt,
			});
			return output;
		},
	};
};
