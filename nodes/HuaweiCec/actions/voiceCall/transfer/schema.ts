/**
 * The request schema of Transfer Call: coerces what n8n hands us (numbers, or strings from
 * expressions) and checks every rule of the transfer table before anything is sent.
 * Error texts name the field, the value and what is allowed.
 */
import { z } from 'zod';

import {
	COMMON_LABELS,
	CONTROL_CHARS,
	booleanLike,
	check,
	checkCallAppData,
	checkMediaAbility,
	checkAgentId,
	checkTimeout,
	commonOptionsShape,
	agentIdField,
	failer,
	optional,
	showValue,
	text,
	wholeNumber,
	type RuleSet,
} from '../../../common/schema';
import {
	AGENT_TARGET,
	BLIND_MODE,
	DEFAULT_MODE,
	DEVICE_TYPES,
	DEVICE_TYPE_VALUES,
	EXTERNAL_NUMBER,
	LIMITS,
	PHONE_NUMBER_PATTERN,
	TARGET_DEFAULT,
	THREE_PARTY_MODE,
	describeModes,
	modeInfo,
	modesFor,
	type DeviceType,
} from './table';

/** Field names as the user sees them in the node, for messages. */
export const FIELD_LABELS: Record<string, string> = {
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

const optionsSchema = z
	.object({
		...commonOptionsShape,
		callAppData: optional(text(FIELD_LABELS.callAppData)),
		caller: optional(text(FIELD_LABELS.caller)),
		mediaAbility: optional(wholeNumber(FIELD_LABELS.mediaAbility, '0 Voice, 1 Video or 2 Best Available')),
		holdFlag: optional(booleanLike(FIELD_LABELS.holdFlag)),
		skillId: optional(wholeNumber(FIELD_LABELS.skillId, `${LIMITS.skillId.min} or more`)),
		waitForOutcome: optional(booleanLike(FIELD_LABELS.waitForOutcome)),
		waitLimit: optional(wholeNumber(FIELD_LABELS.waitLimit, 'seconds')),
	})
	.passthrough();

const rawSchema = z.object({
	agentId: agentIdField,
	deviceType: wholeNumber(
		FIELD_LABELS.deviceType,
		DEVICE_TYPE_VALUES.map((d) => `${d} ${DEVICE_TYPES[d].name}`).join(', '),
	),
	address: text(FIELD_LABELS.address),
	mode: z.union([z.literal(TARGET_DEFAULT), wholeNumber(FIELD_LABELS.mode, `a transfer mode number or "${TARGET_DEFAULT}"`)]),
	options: optionsSchema.default({}),
});

/** A transfer that passed every rule; names are the node's (camelCase), values normalised. */
export const transferRequestShape = z.object({
	agentId: z.number(),
	deviceType: z.custom<DeviceType>(),
	address: z.string(),
	mode: z.number(),
	callAppData: z.string().optional(),
	caller: z.string().optional(),
	mediaAbility: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
	holdFlag: z.boolean().optional(),
	skillId: z.number().optional(),
	timeoutMs: z.number(),
	ruleSet: z.enum(['documented', 'extended']),
	/** Options set on the node that do not apply to this item's target or mode, and were not sent. */
	ignoredOptions: z.array(z.string()),
	/** Wait for Outcome: how long to watch the agent's call after the transfer, or undefined. */
	waitLimitMs: z.number().optional(),
});
export type TransferRequest = z.infer<typeof transferRequestShape>;

const transferSchema = rawSchema.transform((raw, ctx): TransferRequest => {
	const fail = failer(ctx);
	const opts = raw.options;
	const ruleSet: RuleSet = opts.ruleSet ?? 'documented';
	checkAgentId(raw.agentId, ruleSet, fail);

	if (!(DEVICE_TYPE_VALUES as number[]).includes(raw.deviceType)) {
		return fail(
			'deviceType',
			`${FIELD_LABELS.deviceType} must be one of ${DEVICE_TYPE_VALUES.map((d) => `${d} ${DEVICE_TYPES[d].name}`).join(', ')}; got ${raw.deviceType}`,
		);
	}
	const deviceType = raw.deviceType as DeviceType;
	const target = DEVICE_TYPES[deviceType];

	const address = raw.address;
	if (address.length === 0) {
		return fail('address', `${FIELD_LABELS.address} (${target.addressLabel}) is required`);
	}
	if (CONTROL_CHARS.test(address)) {
		return fail('address', `${FIELD_LABELS.address} holds a control character (line break, tab …); got ${showValue(address)}`);
	}
	if ([...address].length > LIMITS.addressMaxChars) {
		return fail('address', `${FIELD_LABELS.address} may hold at most ${LIMITS.addressMaxChars} characters; got ${[...address].length}`);
	}
	if (deviceType !== EXTERNAL_NUMBER && !/^[0-9]+$/.test(address)) {
		return fail('address', `${FIELD_LABELS.address} (${target.addressLabel}) must be digits only, without spaces; got ${showValue(address)}`);
	}
	if (deviceType === AGENT_TARGET && Number(address) === raw.agentId) {
		return fail('address', `${FIELD_LABELS.address} (${target.addressLabel}) is the agent whose call is transferred (${raw.agentId}); an agent cannot transfer a call to itself`);
	}
	if (deviceType === EXTERNAL_NUMBER && !PHONE_NUMBER_PATTERN[ruleSet].regex.test(address)) {
		const hint = ruleSet === 'documented' && PHONE_NUMBER_PATTERN.extended.regex.test(address)
			? '; newer gateways also accept A-E, * and #: set Options › Rule Set to Extended'
			: '';
		return fail('address', `${FIELD_LABELS.address} (${target.addressLabel}) may hold only ${PHONE_NUMBER_PATTERN[ruleSet].allowed}; got ${showValue(address)}${hint}`);
	}

	const mode = raw.mode === TARGET_DEFAULT ? DEFAULT_MODE[deviceType] : raw.mode;
	const allowedModes = modesFor(deviceType, ruleSet);
	if (!allowedModes.some((m) => m.value === mode)) {
		return fail('mode', explainBadMode(deviceType, mode, ruleSet));
	}
	const isExternal = deviceType === EXTERNAL_NUMBER;
	const isBlind = mode === BLIND_MODE[deviceType];

	const request: TransferRequest = {
		agentId: raw.agentId,
		deviceType,
		address,
		mode,
		timeoutMs: checkTimeout(opts.timeout, fail),
		ruleSet,
		ignoredOptions: [],
	};
	// An option that does not apply to this item's target or mode is left out, not refused: with
	// Transfer To mapped from data, one node serves items of every target.
	const ignore = (name: string) => void request.ignoredOptions.push(name);

	if (opts.callAppData !== undefined) request.callAppData = checkCallAppData(opts.callAppData, fail);

	if (opts.caller !== undefined && (!isExternal || isBlind)) ignore('caller');
	else if (opts.caller !== undefined) {
		if (CONTROL_CHARS.test(opts.caller) || !PHONE_NUMBER_PATTERN[ruleSet].regex.test(opts.caller)) {
			return fail('caller', `${FIELD_LABELS.caller} may hold only ${PHONE_NUMBER_PATTERN[ruleSet].allowed}; got ${showValue(opts.caller)}`);
		}
		if (opts.caller.length > LIMITS.callerMaxChars) {
			return fail('caller', `${FIELD_LABELS.caller} may hold at most ${LIMITS.callerMaxChars} digits; got ${opts.caller.length}`);
		}
		request.caller = opts.caller;
	}

	if (opts.mediaAbility !== undefined && !isExternal) ignore('mediaAbility');
	else if (opts.mediaAbility !== undefined) request.mediaAbility = checkMediaAbility(opts.mediaAbility, fail);

	if (opts.holdFlag !== undefined && !(isExternal && mode === THREE_PARTY_MODE)) ignore('holdFlag');
	if (isExternal && mode === THREE_PARTY_MODE) request.holdFlag = opts.holdFlag ?? true;

	if (opts.skillId !== undefined && deviceType !== AGENT_TARGET) ignore('skillId');
	else if (opts.skillId !== undefined) {
		if (opts.skillId < LIMITS.skillId.min || opts.skillId > LIMITS.skillId.max) {
			return fail('skillId', `${FIELD_LABELS.skillId} must be between ${LIMITS.skillId.min} and ${LIMITS.skillId.max}; got ${opts.skillId}`);
		}
		request.skillId = opts.skillId;
	}

	if (opts.waitForOutcome === true) {
		const seconds = opts.waitLimit ?? LIMITS.waitLimitS.default;
		const { min, max } = LIMITS.waitLimitS;
		if (seconds < min || seconds > max) return fail('waitLimit', `${FIELD_LABELS.waitLimit} must be between ${min} and ${max} seconds; got ${seconds}`);
		request.waitLimitMs = seconds * 1000;
	} else if (opts.waitLimit !== undefined) ignore('waitLimit');
	return request;
});

function explainBadMode(deviceType: DeviceType, mode: number, ruleSet: RuleSet): string {
	const target = DEVICE_TYPES[deviceType].name;
	const allowed = `for ${target} use ${describeModes(modesFor(deviceType, ruleSet))}`;
	const own = modeInfo(deviceType, mode);
	if (own?.extendedOnly && ruleSet === 'documented') {
		return `Mode ${mode} (${own.name}) for ${target} is only accepted by newer gateways: set Options › Rule Set to Extended if yours is one; under the documented rules ${allowed}`;
	}
	const elsewhere = DEVICE_TYPE_VALUES.filter((d) => d !== deviceType)
		.map((d) => ({ d, info: modeInfo(d, mode) }))
		.filter((x) => x.info && (ruleSet === 'extended' || !x.info.extendedOnly));
	if (elsewhere.length > 0) {
		const names = [...new Set(elsewhere.map((x) => x.info!.name))].join(' / ');
		const targets = elsewhere.map((x) => DEVICE_TYPES[x.d].name).join(', ');
		return `Mode ${mode} (${names}) is only for ${targets}; ${allowed}`;
	}
	return `Mode ${mode} is not a transfer mode; ${allowed}`;
}

/** Checks one item's parameters. Never throws; the caller decides how to report. */
export function validateTransfer(input: unknown) {
	return check(transferSchema, input, FIELD_LABELS);
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
