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

export const RULE_SETS = ['documented', 'extended'] as const;
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

/** A whole number, as a number or a string of digits (nothing else: not " 101", not "1e3"). */
export function wholeNumber(label: string, allowed: string) {
	return z.union(
		[
			z.number().int(),
			z
				.string()
				.regex(/^[0-9]{1,15}$/)
				.transform(Number),
		],
		{
			error: (issue) =>
				isEmpty(issue.input)
					? `${label} is required`
					: `${label} must be a whole number (${allowed}); got ${showValue(issue.input)}`,
		},
	);
}

/** Text; a whole number from an expression ({{ 1001 }}) is taken as its digits. Trimmed. */
export function text(label: string) {
	return z.union(
		[
			z.string().transform((value) => value.trim()),
			z
				.number()
				.int()
				.nonnegative()
				.transform((value) => String(value)),
		],
		{ error: (issue) => `${label} must be text; got ${showValue(issue.input)}` },
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

export const agentIdSchema = wholeNumber(
	COMMON_LABELS.agentId,
	'the ID of a signed-in agent, e.g. 101',
);

/** An Options collection: n8n gives {} when no option was added, and mapped data may give null. */
export const optionsObject = <Shape extends z.ZodRawShape>(shape: Shape) =>
	z.preprocess((value) => value ?? {}, z.object(shape));

/** The options every operation has. The Guid is not here: it is a secret, read apart (helpers/guid.ts). */
export const commonOptions = {
	timeout: optional(wholeNumber(COMMON_LABELS.timeout, 'milliseconds')),
	ruleSet: optional(
		z.enum(RULE_SETS, {
			error: (issue) =>
				`${COMMON_LABELS.ruleSet} must be "documented" or "extended"; got ${showValue(issue.input)}`,
		}),
	),
};

/** The options of an action on the agent's current call: the call guard. */
export const guardOptions = {
	onlyIfCallId: optional(callId(COMMON_LABELS.onlyIfCallId)),
};

type Ctx = Pick<z.RefinementCtx, 'addIssue'>;

/** Records a failed rule on one field. */
export function fail(ctx: Ctx, field: string, message: string): void {
	ctx.addIssue({ code: 'custom', path: [field], message });
}

/** The agent ID's range under the rule set; under the documented rules it names the option that widens it. */
export function checkAgentId(ctx: Ctx, agentId: number, ruleSet: RuleSet | undefined): void {
	const range = LIMITS.agentId[ruleSet ?? 'documented'];
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

export function checkTimeout(ctx: Ctx, timeout: number | undefined): void {
	const { min, max } = LIMITS.timeoutMs;
	if (timeout !== undefined && (timeout < min || timeout > max)) {
		fail(
			ctx,
			'timeout',
			`${COMMON_LABELS.timeout} must be between ${min} and ${max} ms; got ${timeout}`,
		);
	}
}

export function checkSkillId(
	ctx: Ctx,
	field: string,
	label: string,
	skillId: number | undefined,
): void {
	const { min, max } = LIMITS.skillId;
	if (skillId !== undefined && (skillId < min || skillId > max)) {
		fail(ctx, field, `${label} must be between ${min} and ${max}; got ${skillId}`);
	}
}

/** Call-associated data (transfer, call out): at most 16 KB of UTF-8. */
export function checkCallAppData(ctx: Ctx, value: string | undefined): void {
	if (value === undefined) return;
	const bytes = Buffer.byteLength(value, 'utf8');
	if (bytes > LIMITS.callAppDataMaxBytes) {
		fail(
			ctx,
			'callAppData',
			`Call App Data may hold at most ${LIMITS.callAppDataMaxBytes} bytes (16 KB, UTF-8); got ${bytes} bytes`,
		);
	}
}

export const MEDIA_ABILITIES = { 0: 'Voice', 1: 'Video', 2: 'Best Available' } as const;
export type MediaAbility = keyof typeof MEDIA_ABILITIES;

export const mediaAbilitySchema = wholeNumber(
	'Media Ability',
	'0 Voice, 1 Video or 2 Best Available',
).refine((value): value is MediaAbility => value in MEDIA_ABILITIES, {
	error: (issue) =>
		`Media Ability must be 0 Voice, 1 Video or 2 Best Available; got ${showValue(issue.input)}`,
});

/** What every item needs, whatever the operation: the agent, the deadline, the rule set. */
export interface AgentInput {
	agentId: number;
	timeoutMs: number;
	ruleSet: RuleSet;
}

type CommonOptions = { timeout?: number; ruleSet?: RuleSet };

/** The item schema of an operation that needs the agent and its options (a query, a hang-up …). */
export function agentItemSchema<Extra extends z.ZodRawShape>(extraOptions: Extra) {
	return z
		.object({
			agentId: agentIdSchema,
			options: optionsObject({ ...commonOptions, ...extraOptions }),
		})
		.superRefine((item, ctx) => {
			const common = item.options as CommonOptions;
			checkAgentId(ctx, item.agentId, common.ruleSet);
			checkTimeout(ctx, common.timeout);
		})
		.transform((item) => {
			const common = item.options as CommonOptions;
			return {
				agentId: item.agentId,
				timeoutMs: common.timeout ?? LIMITS.timeoutMs.default,
				ruleSet: common.ruleSet ?? 'documented',
				options: item.options,
			};
		});
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
