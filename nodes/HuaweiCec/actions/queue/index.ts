import type { INodeProperties } from 'n8n-workflow';

import * as getAgents from './getAgents.operation';
import * as getStatistics from './getStatistics.operation';
import * as getWaitingCount from './getWaitingCount.operation';

export { getAgents, getStatistics, getWaitingCount };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['queue'] } },
		options: [
			{
				name: 'Get Agents',
				value: 'getAgents',
				description:
					'List the agents signed in to a skill queue with their state, one item each. Needs Authentication: Integration Agent. Read-only: safe to repeat.',
				action: 'Get the agents of a skill queue',
			},
			{
				name: 'Get Statistics',
				value: 'getStatistics',
				description:
					'Read waiting calls, longest wait, agents signed in and available for up to 100 skill queues, one item per queue, e.g. for a wallboard. Needs Authentication: Integration Agent. Read-only: safe to repeat.',
				action: 'Get the statistics of skill queues',
			},
			{
				name: 'Get Waiting Count',
				value: 'getWaitingCount',
				description:
					"Count the calls waiting in a skill queue, e.g. to choose the shorter queue or offer a call-back. Read-only: changes nothing, safe to repeat, takes no event from the agent's desktop.",
				action: 'Get the number of calls waiting in a skill queue without changing anything',
			},
		],
		default: 'getWaitingCount',
	},
	...getWaitingCount.description,
	...getAgents.description,
	...getStatistics.description,
];
