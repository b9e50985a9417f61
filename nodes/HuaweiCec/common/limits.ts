/**
 * Limits shared by every agent interface (docs/gateway.md), in a module without zod: the node's field
 * descriptions, which n8n loads at start, need them; the schemas, loaded on first use, too.
 */
export const RULE_SETS = ['documented', 'extended'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

/** Limits shared by every agent interface (docs/gateway.md). */
export const COMMON_LIMITS = {
	agentId: {
		documented: { min: 101, max: 59999 },
		extended: { min: 101, max: 999999 },
	},
	guidMaxChars: 512,
	callAppDataMaxBytes: 16 * 1024,
	timeoutMs: { min: 100, max: 600000, default: 10000 },
} as const;
