import type { INodeProperties } from 'n8n-workflow';

import { operationSelector, toolDescriptionFields, type OperationText } from '../../helpers/fields';
import * as getWaitingCount from './getWaitingCount.operation';

export { getWaitingCount };

const OPERATIONS: OperationText[] = [
	{
		name: 'Get Waiting Count',
		value: 'getWaitingCount',
		description: 'Read-only, safe to repeat: how many calls wait in a skill queue',
		action: 'Get waiting count',
		tool: 'Read-only, safe to repeat: counts the calls waiting in a skill queue, e.g. to choose the shorter queue. Changes nothing.',
	},
];

export const toolDescription = toolDescriptionFields('queue', OPERATIONS);

export const description: INodeProperties[] = [
	operationSelector('queue', OPERATIONS, 'getWaitingCount'),
	...getWaitingCount.description,
];
