import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';
import * as getStatusByWorkNo from './getStatusByWorkNo.operation';

export { getStatus, getStatusByWorkNo };

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
			{
				name: 'Get Status by Work Number',
				value: 'getStatusByWorkNo',
				description:
					"Read any agent's state, skill queues and group by its work number, without that agent's Guid. Needs Authentication: Integration Agent. Read-only: safe to repeat.",
				action: 'Get the status of an agent by work number',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
	...getStatusByWorkNo.description,
];
