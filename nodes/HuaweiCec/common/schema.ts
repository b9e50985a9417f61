/**
 * The zod pieces every operation's input schema is built from: how values that n8n hands over
 * (numbers, or strings from expressions) are coerced, what "not set" means, the agent ID and the
 * options every operation has, and how a failed check becomes one message naming the field.
 */
import { z } from 'zod';

import { COMMON_LIMITS, RULE_SETS, type RuleSet } from './limits';

export { COMMON_LIMITS, RULE_SETS, type RuleSet };

/** Field names as the user sees them in the node, for messages. */
export const COMMON_LABELS: Record<string, string> = {
	agentId: 'Agent ID',
	timeout: 'Timeout',
	concurrency: 'Requests in Flight',
	ruleSet: 'Rule Set',
	guid: 'Guid',
};

/** C0 and C1 control characters and the Unicode line/paragraph separators. */
export const CONTROL_CHARS = /[\p{Cc}\u2028\u2029]/u;

/** A short, safe rendering of a user value for an error message. */
export function showValue(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	if (value === undefined) return 'empty';
	if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
	return `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

/** From mapped data, "" and null mean "not set", like an option that was never added. */
export const notSet = (value: unknown) => (value === '' || value === null ? undefined : value);

/** Whole numbers arrive as numbers or, from expressions, as strings of digits. Nothing else. */
export function wholeNumber(label: string, allowed: string) {
	return z.unknown().transform((value, ctx): number => {
		if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
		if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value)) return Number(value);
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be a whole number (${allowed}); got ${showValue(value)}` });
		return z.NEVER;
	});
}

/** Text fields may arrive as numbers from expressions ({{ 1001 }}); whole non-negative numbers only. */
export function text(label: string) {
	return z.unknown().transform((value, ctx): string => {
		if (typeof value === 'string') return value;
		if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be text; got ${showValue(value)}` });
		return z.NEVER;
	});
}

export function booleanLike(label: string) {
	return z.unknown().transform((value, ctx): boolean => {
		if (typeof value === 'boolean') return value;
		if (value === 'true' || value === 'false') return value === 'true';
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${label} must be true or false; got ${showValue(value)}` });
		return z.NEVER;
	});
}

/** An optional field: "" and null are "not set". */
export const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(notSet, schema.optional());

/** The options every operation has (the Guid is picked apart: it is a secret, see common/guid.ts). */
export const commonOptionsShape = {
	timeout: optional(wholeNumber(COMMON_LABELS.timeout, 'milliseconds')),
	ruleSet: optional(
		z.enum(RULE_SETS, {
			errorMap: (_issue, ctx) => ({ message: `${COMMON_LABELS.ruleSet} must be "documented" or "extended"; got ${showValue(ctx.data)}` }),
		}),
	),
};

export const agentIdField = wholeNumber(COMMON_LABELS.agentId, 'the ID of a signed-in agent, e.g. 101');

type Fail = (path: string, message: string) => never;

/** The agent ID's range under the rule set; under the documented rules it names the option that widens it. */
export function checkAgentId(agentId: number, ruleSet: RuleSet, fail: Fail): number {
	const range = COMMON_LIMITS.agentId[ruleSet];
	if (agentId >= range.min && agentId <= range.max) return agentId;
	const hint =
		ruleSet === 'documented' && agentId > range.max && agentId <= COMMON_LIMITS.agentId.extended.max
			? '; newer gateways accept IDs up to 999999: set Options › Rule Set to Extended'
			: '';
	return fail('agentId', `${COMMON_LABELS.agentId} must be between ${range.min} and ${range.max}; got ${agentId}${hint}`);
}

/** Call-associated data, shared by transfer and call out: at most 16 KB of UTF-8. */
export function checkCallAppData(value: string, fail: Fail): string {
	const bytes = Buffer.byteLength(value, 'utf8');
	if (bytes > COMMON_LIMITS.callAppDataMaxBytes) {
		return fail('callAppData', `Call App Data may hold at most ${COMMON_LIMITS.callAppDataMaxBytes} bytes (16 KB, UTF-8); got ${bytes} bytes`);
	}
	return value;
}

/** 0 voice, 1 video, 2 best available (transfer to an external number, call out). */
export function checkMediaAbility(value: number, fail: Fail): 0 | 1 | 2 {
	if (value === 0 || value === 1 || value === 2) return value;
	return fail('mediaAbility', `Media Ability must be 0 Voice, 1 Video or 2 Best Available; got ${value}`);
}

export function checkTimeout(timeout: number | undefined, fail: Fail): number {
	if (timeout === undefined) return COMMON_LIMITS.timeoutMs.default;
	const { min, max } = COMMON_LIMITS.timeoutMs;
	if (timeout < min || timeout > max) return fail('timeout', `${COMMON_LABELS.timeout} must be between ${min} and ${max} ms; got ${timeout}`);
	return timeout;
}

/** A `fail` for a zod transform: records the issue on the field and stops. */
export function failer(ctx: z.RefinementCtx): Fail {
	return (path, message) => {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
		return z.NEVER as never;
	};
}

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string; description: string };

/** Runs a schema; a failure names the first field (by its label) and says nothing was sent. */
export function check<S extends z.ZodTypeAny>(schema: S, input: unknown, labels: Record<string, string>): Checked<z.output<S>> {
	const parsed = schema.safeParse(input);
	if (parsed.success) return { ok: true, value: parsed.data as z.output<S> };
	const issue = parsed.error.issues[0];
	const field = issue.path.filter((p) => p !== 'options').join('.') || 'parameters';
	const others = parsed.error.issues.length - 1;
	return {
		ok: false,
		field,
		message: issue.message,
		description:
			`Fix the field "${labels[field] ?? COMMON_LABELS[field] ?? field}" and run again. Nothing was sent to the gateway for this item.` +
			(others > 0 ? ` (${others} more problem${others > 1 ? 's' : ''} in this item.)` : ''),
	};
}

/** The input of an operation that needs only the agent (and its own options): a query, a hang-up … */
export function agentOnlySchema<Extra extends z.ZodRawShape>(extraOptions: Extra) {
	const options = z.object({ ...commonOptionsShape, ...extraOptions }).passthrough();
	return z
		.object({ agentId: agentIdField, options: z.preprocess((value) => value ?? {}, options) })
		.transform((raw, ctx) => {
			const fail = failer(ctx);
			const ruleSet: RuleSet = raw.options?.ruleSet ?? 'documented';
			return {
				agentId: checkAgentId(raw.agentId, ruleSet, fail),
				timeoutMs: checkTimeout(raw.options?.timeout, fail),
				ruleSet,
				options: raw.options,
			};
		});
}
