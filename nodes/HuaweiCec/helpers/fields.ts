/**
 * Fields every operation has, declared once: the agent, and the options that concern the request
 * rather than the operation (the Guid, the timeout, how many requests run at once, the rule set),
 * plus the call guard of the actions on the agent's current call.
 */
import type { INodeProperties } from 'n8n-workflow';

import { LIMITS, MEDIA_ABILITIES } from './schema';

export const MAX_IN_FLIGHT = 16;

/** One operation as the editor and an AI agent see it. */
export interface OperationText {
	name: string;
	value: string;
	/** The Operation dropdown's line: what matters first, within two lines. */
	description: string;
	/** Short, in n8n's style: the nodes panel's entry and a new node's name. */
	action: string;
	/** What an AI model reads about the tool: what it changes, whether it may be repeated. */
	tool: string;
}

/** A resource's Operation selector, in n8n's alphabetical order. */
export function operationSelector(
	resource: string,
	operations: OperationText[],
	defaultOperation: string,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: sortedByName(operations).map(({ name, value, description, action }) => ({
			name,
			value,
			description,
			action,
		})),
		default: defaultOperation,
	};
}

const TOOL_DESCRIPTION: INodeProperties = {
	displayName: 'Description',
	name: 'toolDescription',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	description:
		'What the AI model reads about this tool. The default says what the operation changes and whether it may be repeated.',
};

/**
 * The node used as an AI agent's tool: n8n hands the model this Description; in place of n8n's
 * own "{action} in Huawei CEC", one per operation saying what the tool changes.
 */
export function toolDescriptionFields(
	resource: string,
	operations: OperationText[],
): INodeProperties[] {
	return operations.map((op) => ({
		...TOOL_DESCRIPTION,
		default: op.tool,
		displayOptions: { show: { '@tool': [true], resource: [resource], operation: [op.value] } },
	}));
}

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

/** Options › Only If Call ID Is, on Transfer, Hang Up and Hold. */
export const onlyIfCallIdOption: INodeProperties = {
	displayName: 'Only If Call ID Is',
	name: 'onlyIfCallId',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.callId }}',
	description:
		"Call ID the action is meant for, e.g. from the CRM event or Get Call Info. The agent's call is read first (read-only) and nothing is sent unless it is this call: a late or repeated event cannot act on the agent's next customer.",
	hint: "Nothing is sent unless the agent's current call has this ID",
};

/** Options › Call App Data, on Transfer and Call Out. */
export const callAppDataOption: INodeProperties = {
	displayName: 'Call App Data',
	name: 'callAppData',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	placeholder: 'e.g. {{ $json.caseId }}',
	description:
		'Call-associated data handed on with the call, e.g. a CRM case ID: text, at most 16 KB (UTF-8)',
};

/** Options › Media Ability, on Transfer (to an external number) and Call Out. */
export function mediaAbilityOption(
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Media Ability',
		name: 'mediaAbility',
		type: 'options',
		default: 0,
		options: [
			{ name: MEDIA_ABILITIES[2], value: 2 },
			{ name: MEDIA_ABILITIES[1], value: 1 },
			{ name: MEDIA_ABILITIES[0], value: 0 },
		],
		description,
		...(displayOptions ? { displayOptions } : {}),
	};
}

const COMMON_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Guid',
		name: 'guid',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		placeholder: 'e.g. {{ $json.guid }}',
		description:
			"Map the agent's current Guid here with an expression when each item brings its own; otherwise leave empty and keep it in the credential. A value typed here is stored in plain text in the workflow.",
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
			{
				name: 'Documented',
				value: 'documented',
				description: "The rules of the gateway's interface pages (agent IDs 101-59999)",
			},
			{
				name: 'Extended (Newer Gateways)',
				value: 'extended',
				description:
					'Also what newer gateways accept: agent IDs up to 999999, Designated mode for agents, A-E, * and # in numbers',
			},
		],
		description: 'Which version of the gateway rules to check the input against before sending it',
	},
	{
		displayName: 'Timeout (Milliseconds)',
		name: 'timeout',
		type: 'number',
		default: 10000,
		typeOptions: { minValue: LIMITS.timeoutMs.min, maxValue: LIMITS.timeoutMs.max },
		description: `Milliseconds for the whole request (${LIMITS.timeoutMs.min}-${LIMITS.timeoutMs.max}): connecting, TLS and the answer. An action that times out is never resent: it may still have happened.`,
	},
];

const byName = (a: { name: string }, b: { name: string }) => {
	const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
	return x < y ? -1 : x > y ? 1 : 0;
};

/** Option lists built from data, in n8n's alphabetical order. */
export function sortedByName<T extends { name: string }>(options: T[]): T[] {
	return [...options].sort(byName);
}

/** A collection's fields, in n8n's alphabetical order of what the user reads. */
export function sortedByDisplayName(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => byName({ name: a.displayName }, { name: b.displayName }));
}

/** Skill queues as dropdown options, "Name (ID)" (the ID alone for a queue without a name), sorted. */
export function skillQueueOptions(queues: Array<{ id: number; name?: string }>) {
	return sortedByName(
		queues.map((q) => ({ name: q.name ? `${q.name} (${q.id})` : String(q.id), value: q.id })),
	);
}

/** An operation's Options: its own and the common ones, in n8n's alphabetical order. */
export function optionsCollection(own: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: sortedByDisplayName([...own, ...COMMON_OPTIONS]),
	};
}
