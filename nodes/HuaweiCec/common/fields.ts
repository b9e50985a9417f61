/**
 * Fields every operation has, declared once: the agent, and the options that concern the request
 * rather than the operation (the Guid, the timeout, how many requests run at once, the rule set).
 */
import type { INodeProperties } from 'n8n-workflow';

import { COMMON_LIMITS } from './limits';

export const MAX_IN_FLIGHT = 16;

export function agentIdField(description: string): INodeProperties {
	return {
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 101 or {{ $json.agentId }}',
		description,
	};
}

const COMMON_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Guid',
		name: 'guid',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			"The agent's current Guid for this item, overriding the credential's. Use an expression reading the Guid your agent desktop or CRM integration sends with the agent ID (needed with dynamic authentication, where the Guid changes every minute).",
	},
	{
		displayName: 'Requests in Flight',
		name: 'concurrency',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1, maxValue: MAX_IN_FLIGHT },
		description:
			'How many items, for different agents, may be under way at once (read from the first item). Output keeps the input order; two requests for the same agent never overlap.',
	},
	{
		displayName: 'Rule Set',
		name: 'ruleSet',
		type: 'options',
		default: 'documented',
		options: [
			{ name: 'Documented', value: 'documented', description: "The rules of the gateway's interface pages (agent IDs 101-59999)" },
			{
				name: 'Extended (Newer Gateways)',
				value: 'extended',
				description: 'Also what newer gateways accept: agent IDs up to 999999, Designated mode for agents, A-E, * and # in numbers',
			},
		],
		description: 'Which version of the gateway rules to check the input against before sending it',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		default: 10000, // COMMON_LIMITS.timeoutMs.default (a test keeps the two equal)
		typeOptions: { minValue: COMMON_LIMITS.timeoutMs.min, maxValue: COMMON_LIMITS.timeoutMs.max },
		description:
			'Milliseconds for the whole request: connecting, TLS and the answer. An action that times out is never resent: it may still have happened.',
	},
];

/**
 * An operation's Options: its own and the common ones, sorted by name as n8n's linter wants (a plain
 * comparison: localeCompare would load ICU's collator, ~6 ms of every n8n start).
 */
export function optionsCollection(own: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...own, ...COMMON_OPTIONS].sort((a, b) => {
			const [x, y] = [a.displayName.toLowerCase(), b.displayName.toLowerCase()];
			return x < y ? -1 : x > y ? 1 : 0;
		}),
	};
}
