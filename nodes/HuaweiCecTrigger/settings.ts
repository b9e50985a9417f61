/**
 * The trigger's parameters, checked before any request: a bad value fails the poll with an error
 * naming the field and what is allowed, and nothing is sent.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INode, IPollFunctions } from 'n8n-workflow';

import { LIMITS, showValue, z } from '../HuaweiCec/helpers/schema';
import type { QueueThresholds } from './events/queueThreshold';

/** The statistics query takes at most 100 skill queues (cec_07_0411). */
export const MAX_QUEUES = 100;
/** Each listed agent costs one request per poll (cec_07_0415). */
export const MAX_WORK_NUMBERS = 50;
/** Each watched queue costs one request per poll (cec_07_0414). */
export const MAX_AGENT_SKILLS = 20;
const WORK_NO = { min: 101, max: 999999 };

export const LABELS: Record<string, string> = {
	skillIds: 'Skill Queue Names or IDs',
	agentSkillIds: 'Skill Queue Names or IDs',
	conditions: 'Conditions',
	workNumbers: 'Work Numbers',
	minSeconds: 'Options › Minimum Time in State (Seconds)',
	states: 'Options › States',
};

export const STATES = [
	'busy',
	'idle',
	'notInQueues',
	'preRest',
	'rest',
	'signedOut',
	'talking',
	'unknown',
	'wrapUp',
] as const;

export interface QueueSettings {
	event: 'queueThreshold';
	skillIds: number[];
	thresholds: QueueThresholds;
	notifyRecovery: boolean;
}

export interface AgentSettings {
	event: 'agentStateChanged';
	watch: 'workNumbers' | 'skillQueues';
	/** Listed agents' work numbers, or empty when watching skill queues. */
	workNumbers: string[];
	/** Watched skill queues, or empty when watching listed agents. */
	skillIds: number[];
	states: string[];
	minSeconds: number;
}

export type TriggerSettings = QueueSettings | AgentSettings;

/** A list from the multi-select (an array) or from an expression (an array, a number or "1, 2"). */
function entries(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'number') return [value];
	if (typeof value === 'string') return value.split(/[\s,;]+/).filter((part) => part !== '');
	return value === undefined || value === null ? [] : [value];
}

function idList(label: string, min: number, max: number, most: number) {
	return z.preprocess(
		entries,
		z
			.array(
				z.union(
					[
						z.number().int(),
						z
							.string()
							.regex(/^[0-9]{1,10}$/)
							.transform(Number),
					],
					{
						error: (issue) =>
							`${label} must hold whole numbers (${min}-${max}); got ${showValue(issue.input)}`,
					},
				),
			)
			.transform((ids) => [...new Set(ids)])
			.refine((ids) => ids.length > 0, { error: `${label} is required: choose at least one` })
			.refine((ids) => ids.length <= most, {
				error: `${label} may hold at most ${most} entries`,
			})
			.refine((ids) => ids.every((id) => id >= min && id <= max), {
				error: (issue) =>
					`${label} must hold whole numbers between ${min} and ${max}; got ${(issue.input as number[]).filter((id) => id < min || id > max).join(', ')}`,
			}),
	);
}

const count = (label: string, min: number) =>
	z
		.union(
			[
				z.number().int(),
				z
					.string()
					.regex(/^[0-9]{1,9}$/)
					.transform(Number),
			],
			{
				error: (issue) => `${label} must be a whole number; got ${showValue(issue.input)}`,
			},
		)
		.refine((value) => value >= min, { error: `${label} must be at least ${min}` });

const queueSchema = z.object({
	skillIds: idList(LABELS.skillIds, LIMITS.skillId.min, LIMITS.skillId.max, MAX_QUEUES),
	conditions: z
		.preprocess(
			(value) => value ?? {},
			z.object({
				waitingCallsAtLeast: count('Conditions › Waiting Calls At Least', 1).optional(),
				longestWaitAtLeastSeconds: count(
					'Conditions › Longest Wait At Least (Seconds)',
					1,
				).optional(),
				availableAgentsAtMost: count('Conditions › Available Agents At Most', 0).optional(),
			}),
		)
		.refine((c) => Object.values(c).some((v) => v !== undefined), {
			error:
				'Conditions is empty: add at least one (Waiting Calls At Least, Longest Wait At Least or Available Agents At Most)',
		}),
	notifyRecovery: z.boolean(),
});

const agentOptions = z.preprocess(
	(value) => value ?? {},
	z.object({
		minSeconds: count(LABELS.minSeconds, 0).optional(),
		states: z
			.array(
				z.enum(STATES, {
					error: (issue) =>
						`${LABELS.states} must be among ${STATES.join(', ')}; got ${showValue(issue.input)}`,
				}),
			)
			.optional(),
	}),
);

function refuse(node: INode, error: z.ZodError): NodeOperationError {
	const issue = error.issues[0];
	const field = String(issue.path[0] ?? '');
	return new NodeOperationError(node, issue.message, {
		description: `Fix the field "${LABELS[field] ?? field}". Nothing was sent to the gateway.`,
	});
}

function check<S extends z.ZodType>(node: INode, schema: S, value: unknown): z.output<S> {
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw refuse(node, parsed.error);
	return parsed.data;
}

export function readSettings(ctx: IPollFunctions, node: INode): TriggerSettings {
	const event = ctx.getNodeParameter('event') as string;
	if (event === 'queueThreshold') {
		const input = check(node, queueSchema, {
			skillIds: ctx.getNodeParameter('skillIds', []),
			conditions: ctx.getNodeParameter('conditions', {}),
			notifyRecovery: ctx.getNodeParameter('notifyRecovery', false),
		});
		return {
			event,
			skillIds: input.skillIds,
			thresholds: input.conditions,
			notifyRecovery: input.notifyRecovery,
		};
	}
	const watch = ctx.getNodeParameter('watch', 'workNumbers') as AgentSettings['watch'];
	const options = check(node, agentOptions, ctx.getNodeParameter('options', {}));
	const common = {
		event: 'agentStateChanged' as const,
		watch,
		states: options.states ?? [],
		minSeconds: options.minSeconds ?? 0,
	};
	if (watch === 'skillQueues') {
		const { agentSkillIds } = check(
			node,
			z.object({
				agentSkillIds: idList(
					LABELS.agentSkillIds,
					LIMITS.skillId.min,
					LIMITS.skillId.max,
					MAX_AGENT_SKILLS,
				),
			}),
			{ agentSkillIds: ctx.getNodeParameter('agentSkillIds', []) },
		);
		return { ...common, workNumbers: [], skillIds: agentSkillIds };
	}
	const { workNumbers } = check(
		node,
		z.object({
			workNumbers: idList(LABELS.workNumbers, WORK_NO.min, WORK_NO.max, MAX_WORK_NUMBERS),
		}),
		{ workNumbers: ctx.getNodeParameter('workNumbers', '') },
	);
	return { ...common, workNumbers: workNumbers.map(String), skillIds: [] };
}
