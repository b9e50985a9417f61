import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { huaweiCecIntegrationAgentApiTest } from '../HuaweiCec/integrationCredentialTest';
import { properties } from './description';
import { pollTrigger } from './poll';
import { getSkillQueues } from './source';

export class HuaweiCecTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei CEC Trigger',
		name: 'huaweiCecTrigger',
		icon: { light: 'file:huaweiCec.svg', dark: 'file:huaweiCec.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["event"] === "queueThreshold" ? "Queue Threshold Crossed" : "Agent State Changed" }}',
		description:
			"Starts the workflow when a Huawei CEC skill queue crosses a threshold or an agent's state changes, by polling the CC-Gateway as n8n's own integration agent",
		defaults: { name: 'Huawei CEC Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'huaweiCecIntegrationAgentApi',
				required: true,
				testedBy: 'huaweiCecIntegrationAgentApiTest',
			},
		],
		properties,
	};

	methods = {
		credentialTest: { huaweiCecIntegrationAgentApiTest },
		loadOptions: { getSkillQueues },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollTrigger(this);
	}
}
