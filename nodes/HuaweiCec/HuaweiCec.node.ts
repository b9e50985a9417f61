import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { nodeProperties } from './actions/registry';
import { huaweiCecApiTest } from './credentialTest';

export class HuaweiCec implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei CEC',
		name: 'huaweiCec',
		icon: { light: 'file:huaweiCec.svg', dark: 'file:huaweiCec.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: "Control calls on a Huawei Cloud Contact Center (CEC) CC-Gateway: transfer an agent's live call, read its status and call",
		defaults: { name: 'Huawei CEC' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'huaweiCecApi', required: true, testedBy: 'huaweiCecApiTest' }],
		properties: nodeProperties(),
	};

	methods = { credentialTest: { huaweiCecApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Loaded on first use: n8n loads every node at start, and the request code is not needed then.
		const { route } = await import('./actions/router');
		return await route(this);
	}
}
