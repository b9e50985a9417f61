import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { route } from './actions/router';
import * as transfer from './actions/voiceCall/transfer.operation';
import { huaweiCecApiTest } from './credentialTest';
import { resourceProperty, voiceCallOperations } from './descriptions/resources';

export class HuaweiCec implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei CEC',
		name: 'huaweiCec',
		icon: { light: 'file:huaweiCec.svg', dark: 'file:huaweiCec.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ $parameter["operation"] === "transfer" ? "Transfer to " + ({1: "Skill Queue", 2: "Agent", 3: "IVR", 4: "System Access Code", 5: "External Number"})[$parameter["deviceType"]] : $parameter["operation"] }}',
		description: "Control calls on a Huawei Cloud Contact Center (CEC) CC-Gateway: transfer an agent's live call",
		defaults: { name: 'Huawei CEC' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'huaweiCecApi', required: true, testedBy: 'huaweiCecApiTest' }],
		properties: [resourceProperty, voiceCallOperations, ...transfer.description],
	};

	methods = { credentialTest: { huaweiCecApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return route(this);
	}
}
