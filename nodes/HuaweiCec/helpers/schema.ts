/**
 * The zod pieces every operation's item schema is built from. n8n hands a node numbers, booleans or,
 * from expressions, strings; these accept each value in the forms a builder can produce and name
 * the field, the value and what is allowed when they refuse one.
 *
 * Imported from `zod/v4`: the same API under zod 3.25 (which n8n 2.41 provides) and zod 4.
 */
import { z } from 'zod/v4';

export { z };

/** Limits shared by every agent interface (docs/gateway.md). */
export const LIMITS = {
	agentId: {
		documented: { min: 101, max: 59999 },
		extended: { min: 101, max: 999999 },
	},
	guidMaxChars: 512,
	callAppDataMaxBytes: 16 * 1024,
	/** Called and calling numbers (transfer to an external number, call out). */
	numberMaxChars: 24,
	/** Skill IDs (a skill queue, the skill of a call). */
	skillId: { min: 1, max: 2147483647 },
	/** Call IDs as the gateway writes them, e.g. 1700000000-3. */
	callIdMaxChars: 64,
	timeoutMs: { min: 100, max: 600000, default: 10000 },
} as const;

const RULE_SETS = ['documented', 'extended'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

/** Field names as the builder sees them in the node, for messages. */
export const COMMON_LABELS: Record<string, string> = {
	agentId: 'Agent ID',
	timeout: 'Timeout',
	concurrency: 'Requests in Flight',
	ruleSet: 'Rule Set',
	guid: 'Guid',
	onlyIfCallId: 'Only If Call ID Is',
};

/** C0 and C1 control characters and the Unicode line/paragraph separators. */
export const CONTROL_CHARS = /[\p{Cc}\u2028\u2029]/u;

/** A short, safe rendering of a builder's value for an error message. */
export function showValue(value: unknown): string {
	if (typeof value === 'string') {
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	}
	if (value === undefined) return 'nothing';
	if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
		return String(value);
	}
	return Array.isArray(value) ? 'a list' : 'an object';
}

const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** "" and null from mapped data mean "not set", like an option that was never added. */
export const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((value) => (isEmpty(value) ? undefined : value), schema.optional());

/** A field with a value when it is not set (or set to "" or null from mapped data). */
export const withDefault = <T extends z.ZodType>(
	schema: T,
	value: Exclude<z.output<T>, undefined>,
) => z.preprocess((input) => (isEmpty(input) ? undefined : input), schema.default(value));

/**
 * A whole number, as a number or a string of digits (nothing else: not " 101", not "1e3"). Every
 * refusal, including zod's own integer checks, gives the same message naming the field.
 */
export function wholeNumber(label: string, allowed: string) {
	const error = (issue: { input?: unknown }) =>
		isEmpty(issue.input)
			? `${label} is required`
			: `${label} must be a whole number (${allowed}); got ${showValue(issue.input)}`;
	return z.union(
		[
			z.number().int({ error }),
			z
				.string()
				.regex(/^[0-9]{1,15}$/, { error })
				.transform(Number),
		],
		{ error },
	);
}

/** A whole number within a range; `unit` follows the bounds in the message (" ms"). */
function numberBetween(
	label: string,
	allowed: string,
	{ min, max }: { min: number; max: number },
	unit = '',
) {
	return wholeNumber(label, allowed).refine((value) => value >= min && value <= max, {
		error: (issue) =>
			`${label} must be between ${min} and ${max}${unit}; got ${showValue(issue.input)}`,
	});
}

/**
 * Text; a whole number from an expression ({{ 1001 }}) is taken as its digits. Trimmed, unless a
 * surrounding space is to be refused like any other character out of place.
 */
export function text(label: string, { trim = true } = {}) {
	const error = (issue: { input?: unknown }) =>
		`${label} must be text; got ${showValue(issue.input)}`;
	return z.union(
		[
			z.string().transform((value) => (trim ? value.trim() : value)),
			z
				.number()
				.int({ error })
				.nonnegative({ error })
				.transform((value) => String(value)),
		],
		{ error },
	);
}

/** Text that must not be empty once trimmed. */
export function requiredText(label: string) {
	return text(label).refine((value) => value !== '', { error: `${label} is required` });
}

export function booleanLike(label: string) {
	return z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
		error: (issue) => `${label} must be true or false; got ${showValue(issue.input)}`,
	});
}

/** A call ID as the gateway writes it (e.g. 1700000000-3): trimmed, one line, at most 64 characters. */
export function callId(label: string) {
	return requiredText(label).refine(
		(value) => !CONTROL_CHARS.test(value) && value.length <= LIMITS.callIdMaxChars,
		{
			error: `${label} must be a call's ID, e.g. 1700000000-3 (one line, at most ${LIMITS.callIdMaxChars} characters)`,
		},
	);
}

/**
 * A skill queue ID, one rule everywhere (Transfer To › Skill Queue, a transfer's or call-out's Skill
 * ID, Get Waiting Count): a whole number from 1 to 2147483647 as the vendor's pages type skill IDs,
 * given as a number or as digits; leading zeros are dropped (0012 is queue 12). The ID, or a message
 * saying what is wrong.
 */
export function skillQueueId(
	label: string,
	value: unknown,
): { ok: true; id: number } | { ok: false; message: string } {
	const digits =
		typeof value === 'number' && Number.isSafeInteger(value)
			? String(value)
			: typeof value === 'string' && /^[0-9]+$/.test(value)
				? value
				: undefined;
	const { min, max } = LIMITS.skillId;
	if (digits === undefined)
		return {
			ok: false,
			message: isEmpty(value)
				? `${label} is required`
				: `${label} must be digits only, without spaces: a skill queue's ID from ${min} to ${max}; got ${showValue(value)}`,
		};
	const trimmed = digits.replace(/^0+(?=[0-9])/, '');
	const id = trimmed.length <= 10 ? Number(trimmed) : Infinity;
	if (id < min || id > max)
		return {
			ok: false,
			message: `${label} must be between ${min} and ${max}; got ${showValue(value)}`,
		};
	return { ok: true, id };
}

/** A skill ID (a skill queue, the skill of a call), by the one rule of `skillQueueId`. */
export function skillIdSchema(label: string) {
	return z.unknown().transform((value, ctx): number => {
		const checked = skillQueueId(label, value);
		if (checked.ok) return checked.id;
		ctx.addIssue({ code: 'custom', message: checked.message });
		return z.NEVER;
	});
}

/** Call-associated data (transfer, call out): at most 16 KB of UTF-8. */
export const callAppDataSchema = text('Call App Data').refine(
	(value) => Buffer.byteLength(value, 'utf8') <= LIMITS.callAppDataMaxBytes,
	{
		error: (issue) =>
			`Call App Data may hold at most ${LIMITS.callAppDataMaxBytes} bytes (16 KB, UTF-8); got ${Buffer.byteLength(String(issue.input), 'utf8')} bytes`,
	},
);

export const MEDIA_ABILITIES = { 0: 'Voice', 1: 'Video', 2: 'Best Available' } as const;
type MediaAbility = keyof typeof MEDIA_ABILITIES;
const MEDIA_ABILITY_VALUES: MediaAbility[] = [0, 1, 2];
const MEDIA_ABILITY_LIST = '0 Voice, 1 Video or 2 Best Available';

export const mediaAbilitySchema = wholeNumber('Media Ability', MEDIA_ABILITY_LIST).pipe(
	z.literal(MEDIA_ABILITY_VALUES, {
		error: (issue) => `Media Ability must be ${MEDIA_ABILITY_LIST}; got ${showValue(issue.input)}`,
	}),
);

const agentIdSchema = wholeNumber(COMMON_LABELS.agentId, 'the ID of a signed-in agent, e.g. 101');

/**
 * An Options collection: n8n gives {} when no option was added, and mapped data may give null. An
 * option that was added and whose expression resolved to undefined is kept, as null: added is not
 * the same as left out (the call guard refuses an empty value; other options treat null as unset).
 */
export const optionsObject = <Shape extends z.ZodRawShape>(shape: Shape) =>
	z.preprocess(
		(value) =>
			value && typeof value === 'object' && !Array.isArray(value)
				? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === undefined ? null : v]))
				: (value ?? {}),
		z.object(shape),
	);

/** The options every operation has. The Guid is not here: it is a secret, read apart (helpers/guid.ts). */
/** Options › Timeout: milliseconds for a request, 10000 when not set. */
export const timeoutSchema = withDefault(
	numberBetween(COMMON_LABELS.timeout, 'milliseconds', LIMITS.timeoutMs, ' ms'),
	LIMITS.timeoutMs.default,
);

const commonOptions = {
	timeout: timeoutSchema,
	ruleSet: withDefault(
		z.enum(RULE_SETS, {
			error: (issue) =>
				`${COMMON_LABELS.ruleSet} must be "documented" or "extended"; got ${showValue(issue.input)}`,
		}),
		'documented',
	),
};

/** An operation's Options: the common ones and its own. */
export const withOptions = <Shape extends z.ZodRawShape>(own: Shape) =>
	optionsObject({ ...commonOptions, ...own });

/**
 * Options › Only If Call ID Is: left out, the guard is off; added, it must name a call. An added
 * guard that resolves to nothing ("", white space, null, a missing field) is refused: acting on
 * whatever call the agent has is what the guard is there to prevent.
 */
function guardCallId(label: string) {
	const id = callId(label);
	return z
		.unknown()
		.optional()
		.transform((value, ctx): string | undefined => {
			if (value === undefined) return undefined;
			if (isEmpty(value)) {
				ctx.addIssue({
					code: 'custom',
					message: `${label} is set but empty for this item (got ${value === null ? 'nothing' : showValue(value)}): map the ID of the call the action is meant for, or remove the option to act on any call`,
				});
				return z.NEVER;
			}
			const parsed = id.safeParse(value);
			if (parsed.success) return parsed.data;
			for (const issue of parsed.error.issues)
				ctx.addIssue({ code: 'custom', message: issue.message });
			return z.NEVER;
		});
}

/** The options of an action on the agent's current call: the call guard. */
export const guardOptions = {
	onlyIfCallId: guardCallId(COMMON_LABELS.onlyIfCallId),
};

/**
 * What every item has: the agent and the common options. Each operation `.extend()`s it with its
 * own fields (and `options: withOptions({...})` for its own options), then adds `agentIdInRange`.
 */
export const baseItemSchema = z.object({
	agentId: agentIdSchema,
	options: withOptions({}),
});

export type BaseItem = z.output<typeof baseItemSchema>;

type Ctx = Pick<z.RefinementCtx, 'addIssue'>;

/** Records a failed rule on one field. */
export function fail(ctx: Ctx, field: string, message: string): void {
	ctx.addIssue({ code: 'custom', path: [field], message });
}

/**
 * The agent ID's range under the item's rule set; under the documented rules it names the option
 * that widens it. A rule of two fields, so it runs in the item's superRefine.
 */
export function agentIdInRange(item: BaseItem, ctx: Ctx): void {
	const { agentId } = item;
	const { ruleSet } = item.options;
	const range = LIMITS.agentId[ruleSet];
	if (agentId >= range.min && agentId <= range.max) return;
	const widen =
		ruleSet !== 'extended' && agentId > range.max && agentId <= LIMITS.agentId.extended.max
			? '; newer gateways accept IDs up to 999999: set Options › Rule Set to Extended'
			: '';
	fail(
		ctx,
		'agentId',
		`${COMMON_LABELS.agentId} must be between ${range.min} and ${range.max}; got ${agentId}${widen}`,
	);
}

/** Checks a value with a field's schema where the field applies only to some items (a cross-field rule). */
export function checkAs(ctx: Ctx, field: string, schema: z.ZodType, value: unknown): void {
	if (value === undefined) return;
	const checked = schema.safeParse(value);
	if (!checked.success) fail(ctx, field, checked.error.issues[0].message);
}

/** The first broken rule of an item, by field; every other one is counted. */
export interface Refusal {
	field: string;
	message: string;
	more: number;
}

/** Runs an item schema: its request, or the first field it refuses. */
export function checkItem<S extends z.ZodType>(
	schema: S,
	raw: unknown,
): { ok: true; value: z.output<S> } | { ok: false; refusal: Refusal } {
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true, value: parsed.data };
	const [first, ...rest] = parsed.error.issues;
	const field = first.path.filter((p) => p !== 'options').join('.') || 'parameters';
	return { ok: false, refusal: { field, message: first.message, more: rest.length } };
}
