/**
 * The request schema of Transfer Call: coerces what n8n hands us (numbers, or strings from
 * expressions) and checks every rule of the transfer table before anything is sent.
 * Error texts name the field, the value and what is allowed.
 */
import { z } from 'zod';

import {
	AGENT_TARGET,
	BLIND_MODE,
	DEVICE_TYPES,
	DEVICE_TYPE_VALUES,
	EXTERNAL_NUMBER,
	LIMITS,
	MEDIA_ABILITIES,
	PHONE_NUMBER_PATTERN,
	RULE_SETS,
	THREE_PARTY_MODE,
	DEFAULT_MODE,
	TARGET_DEFAULT,
	describeModes,
	modeInfo,
	modesFor,
	type DeviceType,
	type RuleSet,
} from './transferTable';

/** Field names as the user sees them in the node, for messages. */
export const FIELD_LABELS: Record<string, string> = {
	agentId: 'Agent ID',
	deviceType: 'Transfer To',
	address: 'Address',
	mode: 'Mode',
	callAppData: 'Call App Data',
	caller: 'Caller Number',
	mediaAbility: 'Media Ability',
	holdFlag: 'Hold During Three-Party',
	skillId: 'Skill ID',
	timeout: 'Timeout',
	concurrency: 'Requests in Flight',
	ruleSet: 'Rule Set',
};

/** C0 and C1 control characters and the Unicode line/paragraph separators. */
const CONTROL_CHARS = /[\p{Cc}\u2028\u2029]/u;

/** A short, safe rendering of a user value for an error message. */
export function showValue(value: unknown): string {
	if (typeof value === 'string') {
		const text = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
		return text;
	}
	if (value === undefined) return 'empty';
	if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
	return `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

/** Whole numbers arrive as numbers or, from expressions, as strings of digits. Nothing else. */
function wholeNumber(label: string, allowed: string) {
	return z.unknown().transform((value, ctx): number => {
		if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
		if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value)) return Number(value);
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `${label} must be a whole number (${allowed}); got ${showValue(value)}`,
		});
		return z.NEVER;
	});
}

/** Text fields may arrive as numbers from expressions ({{ 1001 }}); whole non-negative numbers only. */
function text(label: string) {
	return z.unknown().transform((value, ctx): string => {
		if (typeof value === 'string') return value;
		if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `${label} must be text; got ${showValue(value)}`,
		});
		return z.NEVER;
	});
}

const booleanLike = z.unknown().transform((value, ctx): boolean => {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	ctx.addIssue({
		code: z.ZodIssueCode.custom,
		message: `${FIELD_LABELS.holdFlag} must be true or false; got ${showValue(value)}`,
	});
	return z.NEVER;
});

/** From mapped data, "" and null mean "not set", like an option that was never added. */
const notSet = (value: unknown) => (value === '' || value === null ? undefined : value);

const optionsSchema = z
	.object({
		callAppData: z.preprocess(notSet, text(FIELD_LABELS.callAppData).optional()),
		caller: z.preprocess(notSet, text(FIELD_LABELS.caller).optional()),
		mediaAbility: z.preprocess(notSet, wholeNumber(FIELD_LABELS.mediaAbility, '0 Voice, 1 Video or 2 Best Available').optional()),
		holdFlag: z.preprocess(notSet, booleanLike.optional()),
		skillId: z.preprocess(notSet, wholeNumber(FIELD_LABELS.skillId, `${LIMITS.skillId.min} or more`).optional()),
		timeout: z.preprocess(notSet, wholeNumber(FIELD_LABELS.timeout, 'milliseconds').optional()),
		ruleSet: z.preprocess(
			notSet,
			z
				.enum(RULE_SETS, {
					errorMap: (_issue, ctx) => ({
						message: `${FIELD_LABELS.ruleSet} must be "documented" or "extended"; got ${showValue(ctx.data)}`,
					}),
				})
				.optional(),
		),
	})
	.passthrough();

const rawSchema = z.object({
	agentId: wholeNumber(FIELD_LABELS.agentId, 'the ID of a signed-in agent, e.g. 101'),
	deviceType: wholeNumber(
		FIELD_LABELS.deviceType,
		DEVICE_TYPE_VALUES.map((d) => `${d} ${DEVICE_TYPES[d].name}`).join(', '),
	),
	address: text(FIELD_LABELS.address),
	mode: z.union([z.literal(TARGET_DEFAULT), wholeNumber(FIELD_LABELS.mode, `a transfer mode number or "${TARGET_DEFAULT}"`)]),
	options: optionsSchema.default({}),
});

/** A transfer that passed every rule; names are the node's (camelCase), values normalised. */
export interface TransferRequest {
	agentId: number;
	deviceType: DeviceType;
	address: string;
	mode: number;
	callAppData?: string;
	caller?: string;
	mediaAbility?: 0 | 1 | 2;
	holdFlag?: boolean;
	skillId?: number;
	timeoutMs: number;
	ruleSet: RuleSet;
	/** Options set on the node that do not apply to this item's target or mode, and were not sent. */
	ignoredOptions: string[];
}

const transferSchema = rawSchema.transform((raw, ctx): TransferRequest => {
	const fail = (path: string, message: string) => {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
		return z.NEVER;
	};
	const opts = raw.options;
	const ruleSet: RuleSet = opts.ruleSet ?? 'documented';

	const agentRange = LIMITS.agentId[ruleSet];
	if (raw.agentId < agentRange.min || raw.agentId > agentRange.max) {
		const hint =
			ruleSet === 'documented' && raw.agentId > agentRange.max && raw.agentId <= LIMITS.agentId.extended.max
				? '; newer gateways accept IDs up to 999999: set Options › Rule Set to Extended'
				: '';
		return fail('agentId', `${FIELD_LABELS.agentId} must be between ${agentRange.min} and ${agentRange.max}; got ${raw.agentId}${hint}`);
	}

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
		timeoutMs: LIMITS.timeoutMs.default,
		ruleSet,
		ignoredOptions: [],
	};
	// An option that does not apply to this item's target or mode is left out, not refused: with
	// Transfer To mapped from data, one node serves items of every target.
	const ignore = (name: string) => void request.ignoredOptions.push(name);

	if (opts.callAppData !== undefined) {
		const bytes = Buffer.byteLength(opts.callAppData, 'utf8');
		if (bytes > LIMITS.callAppDataMaxBytes) {
			return fail('callAppData', `${FIELD_LABELS.callAppData} may hold at most ${LIMITS.callAppDataMaxBytes} bytes (16 KB, UTF-8); got ${bytes} bytes`);
		}
		request.callAppData = opts.callAppData;
	}

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
	else if (opts.mediaAbility !== undefined) {
		if (!(opts.mediaAbility in MEDIA_ABILITIES)) {
			return fail('mediaAbility', `${FIELD_LABELS.mediaAbility} must be 0 Voice, 1 Video or 2 Best Available; got ${opts.mediaAbility}`);
		}
		request.mediaAbility = opts.mediaAbility as 0 | 1 | 2;
	}

	if (opts.holdFlag !== undefined && !(isExternal && mode === THREE_PARTY_MODE)) ignore('holdFlag');
	if (isExternal && mode === THREE_PARTY_MODE) request.holdFlag = opts.holdFlag ?? true;

	if (opts.skillId !== undefined && deviceType !== AGENT_TARGET) ignore('skillId');
	else if (opts.skillId !== undefined) {
		if (opts.skillId < LIMITS.skillId.min || opts.skillId > LIMITS.skillId.max) {
			return fail('skillId', `${FIELD_LABELS.skillId} must be between ${LIMITS.skillId.min} and ${LIMITS.skillId.max}; got ${opts.skillId}`);
		}
		request.skillId = opts.skillId;
	}

	if (opts.timeout !== undefined) {
		const { min, max } = LIMITS.timeoutMs;
		if (opts.timeout < min || opts.timeout > max) {
			return fail('timeout', `${FIELD_LABELS.timeout} must be between ${min} and ${max} ms; got ${opts.timeout}`);
		}
		request.timeoutMs = opts.timeout;
	}
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

export type ValidationResult =
	| { ok: true; request: TransferRequest }
	| { ok: false; field: string; message: string; description: string };

/** Checks one item's parameters. Never throws; the caller decides how to report. */
export function validateTransfer(input: unknown): ValidationResult {
	const parsed = transferSchema.safeParse(input);
	if (parsed.success) return { ok: true, request: parsed.data };
	const issue = parsed.error.issues[0];
	const field = issue.path.filter((p) => p !== 'options').join('.') || 'parameters';
	const others = parsed.error.issues.length - 1;
	return {
		ok: false,
		field,
		message: issue.message,
		description:
			`Fix the field "${FIELD_LABELS[field] ?? field}" and run again. Nothing was sent to the gateway for this item.` +
			(others > 0 ? ` (${others} more problem${others > 1 ? 's' : ''} in this item.)` : ''),
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
