/**
 * The trigger's fields. n8n adds Poll Times itself to a node with `polling: true` (every minute by
 * default, never more often).
 */
import type { INodeProperties } from 'n8n-workflow';

import { MAX_AGENT_SKILLS, MAX_QUEUES, MAX_WORK_NUMBERS } from './settings';

const queueEvent = { show: { event: ['queueThreshold'] } };
const agentEvent = { show: { event: ['agentStateChanged'] } };

export const STATE_OPTIONS = [
	{ name: 'Busy', value: 'busy' },
	{ name: 'Idle', value: 'idle' },
	{
		name: 'Not in Watched Queues',
		value: 'notInQueues',
		description: 'Gone from every watched skill queue: signed out, or its skills were changed',
	},
	{ name: 'Pre-Rest', value: 'preRest' },
	{ name: 'Rest', value: 'rest' },
	{ name: 'Signed Out', value: 'signedOut' },
	{ name: 'Talking', value: 'talking' },
	{ name: 'Unknown', value: 'unknown', description: 'A status code this node does not know' },
	{ name: 'Wrap-Up', value: 'wrapUp' },
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Queue Threshold Crossed',
				value: 'queueThreshold',
				description:
					'A skill queue starts (or stops) meeting a condition: waiting calls, longest wait or available agents',
			},
			{
				name: 'Agent State Changed',
				value: 'agentStateChanged',
				description: 'An agent is seen in another state than at the previous poll',
			},
		],
		default: 'queueThreshold',
	},
	{
		displayName:
			'Polls see states, not events: a change that reverts between two polls (e.g. a 20-second rest between two polls a minute apart) is never seen. The first poll after activation only records the current state.',
		name: 'pollingNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Skill Queue Names or IDs',
		name: 'skillIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getSkillQueues' },
		required: true,
		default: [],
		displayOptions: queueEvent,
		description: `Skill queues to watch, at most ${MAX_QUEUES} (their figures come in one request per poll). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	},
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'collection',
		placeholder: 'Add Condition',
		default: {},
		displayOptions: queueEvent,
		description:
			'A queue is in the condition while any of these holds. Add at least one. The trigger fires when a queue enters the condition, not on every poll while it stays there.',
		options: [
			{
				displayName: 'Available Agents At Most',
				name: 'availableAgentsAtMost',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Whether the queue has this many idle agents or fewer (0: no agent available)',
			},
			{
				displayName: 'Longest Wait At Least (Seconds)',
				name: 'longestWaitAtLeastSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 120,
				description: 'The longest wait of a caller in the queue',
			},
			{
				displayName: 'Waiting Calls At Least',
				name: 'waitingCallsAtLeast',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description: 'Calls waiting in the queue',
			},
		],
	},
	{
		displayName: 'Notify on Recovery',
		name: 'notifyRecovery',
		type: 'boolean',
		default: false,
		displayOptions: queueEvent,
		description:
			'Whether to fire once more when a queue leaves the condition (an item with event "recovered")',
	},
	{
		displayName: 'Watch',
		name: 'watch',
		type: 'options',
		default: 'workNumbers',
		displayOptions: agentEvent,
		options: [
			{
				name: 'Listed Agents',
				value: 'workNumbers',
				description: 'Agents by work number: one request per agent and poll',
			},
			{
				name: 'Agents of Skill Queues',
				value: 'skillQueues',
				description:
					'Every agent signed in to the chosen skill queues: one request per queue and poll',
			},
		],
	},
	{
		displayName: 'Work Numbers',
		name: 'workNumbers',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1001, 1002',
		displayOptions: { show: { event: ['agentStateChanged'], watch: ['workNumbers'] } },
		description: `Work numbers (agent IDs, 101-999999) of the agents to watch, separated by commas; at most ${MAX_WORK_NUMBERS}`,
	},
	{
		displayName: 'Skill Queue Names or IDs',
		name: 'agentSkillIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getSkillQueues' },
		required: true,
		default: [],
		displayOptions: { show: { event: ['agentStateChanged'], watch: ['skillQueues'] } },
		description: `Skill queues whose signed-in agents are watched, at most ${MAX_AGENT_SKILLS}. An agent that leaves all of them is reported once as "notInQueues". Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: agentEvent,
		options: [
			{
				displayName: 'Minimum Time in State (Seconds)',
				name: 'minSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'0: fire at each change. More: fire once when an agent has stayed in a state at least this long, while it is still in it (e.g. 1200 with State Rest: rest for 20 minutes), counted from the first poll that saw the state.',
			},
			{
				displayName: 'States',
				name: 'states',
				type: 'multiOptions',
				options: STATE_OPTIONS,
				default: [],
				description:
					'Only changes into or out of these states (with a minimum time: only stays in them). None chosen: every state.',
			},
		],
	},
];
