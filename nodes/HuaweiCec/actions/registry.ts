/**
 * Every resource and its operations, and the node's properties built from them: the Resource
 * selector, one Operation selector per resource, and each operation's fields shown only for it.
 * Adding an operation is one line in its resource's index.ts; nothing here changes.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { agent } from './agent';
import type { OperationDefinition, ResourceDefinition } from './types';
import { voiceCall } from './voiceCall';

export const RESOURCES: ResourceDefinition[] = [voiceCall, agent];

function operationSelector(resource: ResourceDefinition): INodeProperties {
	const first = resource.operations[0].value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: resource.operations.map((op) => ({ name: op.name, value: op.value, description: op.description, action: op.action })),
		default: first,
	};
}

export function nodeProperties(): INodeProperties[] {
	const firstResource = RESOURCES[0].value;
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: RESOURCES.map((r) => ({ name: r.name, value: r.value })),
			default: firstResource,
		},
		...RESOURCES.map(operationSelector),
		...RESOURCES.flatMap((r) => r.operations.flatMap((op) => updateDisplayOptions({ show: { resource: [r.value], operation: [op.value] } }, op.fields))),
	];
}

export function findOperation(resource: string, operation: string): OperationDefinition | undefined {
	return RESOURCES.find((r) => r.value === resource)?.operations.find((op) => op.value === operation);
}
