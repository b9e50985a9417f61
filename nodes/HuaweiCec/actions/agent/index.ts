import type { INodeProperties } from 'n8n-workflow';

import { operationSelector, toolDescriptionFields, type OperationText } from '../../helpers/fields';
import * as getStatus from './getStatus.operation';
import * as getStatusByWorkNo from './getStatusByWorkNo.operation';

export { getStatus, getStatusByWorkNo };

const OPERATIONS: OperationText[] = [
	{
		name: 'Get Status',
		value: 'getStatus',
		description: "Read-only, safe to repeat: the agent's state (idle, talking, busy, rest …)",
		action: 'Get agent status',
		tool: "Read-only, safe to repeat: reads an agent's state (idle, talking, busy, rest, wrap-up, signed out) and whether it is working. Changes nothing.",
	},
	{
		name: 'Get Status by Work Number',
		value: 'getStatusByWorkNo',
		description:
			"Read-only, safe to repeat: any agent's state, skill queues and group (Integration Agent)",
		action: 'Get agent status by work number',
		tool: "Read-only, safe to repeat: reads any agent's state, skill queues and group by its work number. Changes nothing.",
	},
];

export const toolDescription = toolDescriptionFields('agent', OPERATIONS);

export const description: INodeProperties[] = [
	operationSelector('agent', OPERATIONS, 'getStatus'),
	...getStatus.description,
	...getStatusByWorkNo.description,
];
