/** Builders for the small workflows the tests run: Manual Trigger (pinned items) → Huawei CEC. */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { NODE_TYPE, TRIGGER_TYPE, type WorkflowJson } from './engine';

export const TRIGGER = 'Manual Trigger';
export const CEC = 'Huawei CEC';

export function transferWorkflow(
	parameters: Record<string, unknown>,
	items: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return operationWorkflow('voiceCall', 'transfer', parameters, items, extra);
}

/** Manual Trigger (pinned items) → Huawei CEC with the given resource and operation. */
export function operationWorkflow(
	resource: string,
	operation: string,
	parameters: Record<string, unknown>,
	items: IDataObject[] = [{}],
	extra: Partial<INode> = {},
): WorkflowJson {
	return {
		nodes: [
			{
				id: 't',
				name: TRIGGER,
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'c',
				name: CEC,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource, operation, ...parameters } as INodeParameters,
				credentials: { huaweiCecApi: { id: '1', name: 'CC-Gateway' } },
				...extra,
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: CEC, type: 'main', index: 0 }]] } },
		pinData: { [TRIGGER]: items.map((json) => ({ json })) },
	};
}

/**
 * Manual Trigger → Huawei CEC where each item brings its agent: Agent ID and Options › Guid are
 * mapped from the item (`agentId`, `guid`); `params` adds the operation's fields and options.
 */
export function perItemWorkflow(
	resource: string,
	operation: string,
	params: Record<string, unknown>,
	items: IDataObject[],
	extra: Partial<INode> = {},
): WorkflowJson {
	return operationWorkflow(
		resource,
		operation,
		{
			agentId: '={{ $json.agentId }}',
			...params,
			options: { guid: '={{ $json.guid }}', ...((params.options as object) ?? {}) },
		},
		items,
		extra,
	);
}
