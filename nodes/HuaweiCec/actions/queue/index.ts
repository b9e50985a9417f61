import type { INodeProperties } from 'n8n-workflow';

import * as getWaitingCount from './getWaitingCount.operation';

export { getWaitingCount };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['queue'] } },
		options: [
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
];
