import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { route } from './actions/router';
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
		return route(this);
	}
}
