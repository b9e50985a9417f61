import type { INodeProperties } from 'n8n-workflow';

import { operationSelector, toolDescriptionFields, type OperationText } from '../../helpers/fields';
import * as getAgents from './getAgents.operation';
import * as getStatistics from './getStatistics.operation';
import * as getWaitingCount from './getWaitingCount.operation';

export { getAgents, getStatistics, getWaitingCount };

const OPERATIONS: OperationText[] = [
	{
		name: 'Get Agents',
		value: 'getAgents',
		description:
			'Read-only, safe to repeat: the agents signed in to a skill queue, one item each (Integration Agent)',
		action: 'Get queue agents',
		tool: 'Read-only, safe to repeat: lists the agents signed in to a skill queue with their states. Changes nothing.',
	},
	{
		name: 'Get Statistics',
		value: 'getStatistics',
		description:
			'Read-only, safe to repeat: waiting calls, longest wait, agents of up to 100 skill queues (Integration Agent)',
		action: 'Get queue statistics',
		tool: 'Read-only, safe to repeat: reads waiting calls, longest wait and agents signed in and available for skill queues, one result per queue. Changes nothing.',
	},
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
	...getAgents.description,
	...getStatistics.description,
	...getWaitingCount.description,
];
