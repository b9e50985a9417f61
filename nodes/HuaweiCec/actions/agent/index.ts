import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';

export { getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['agent'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				description:
					"Read an agent's state (idle, talking, busy, rest, wrap-up, signed out …) and whether it is working. Read-only: changes nothing, safe to repeat, takes no event from the agent's desktop.",
				action: 'Get the status of an agent without changing anything',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
];
