import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as agent from './actions/agent';
import * as queue from './actions/queue';
import { router } from './actions/router';
import * as supervisor from './actions/supervisor';
import * as voiceCall from './actions/voiceCall';
import { listSkillQueues } from './methods/loadOptions';
import { huaweiCecApiTest } from './credentialTest';
import { authenticationProperty } from './helpers/authentication';
import { huaweiCecIntegrationAgentApiTest } from './integrationCredentialTest';

export class HuaweiCec implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Huawei CEC',
		name: 'huaweiCec',
		icon: { light: 'file:huaweiCec.svg', dark: 'file:huaweiCec.dark.svg' },
		group: ['output'],
		// 2: Transfer's target options and Wait for Outcome left Options (0.2.0 workflows stay version 1).
		version: [1, 2],
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			"Control calls on a Huawei Cloud Contact Center (CEC) CC-Gateway: transfer, hold or end an agent's call, place call-backs, read agent status, calls and queues",
		defaults: { name: 'Huawei CEC' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'huaweiCecApi',
				required: true,
				testedBy: 'huaweiCecApiTest',
				displayOptions: { show: { authentication: ['agentGuid'] } },
			},
			{
				name: 'huaweiCecIntegrationAgentApi',
				required: true,
				testedBy: 'huaweiCecIntegrationAgentApiTest',
				displayOptions: { show: { authentication: ['integrationAgent'] } },
			},
		],
		properties: [
			...voiceCall.toolDescription,
			...agent.toolDescription,
			...queue.toolDescription,
			...supervisor.toolDescription,
			authenticationProperty,
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Queue', value: 'queue' },
					{ name: 'Supervisor', value: 'supervisor' },
					{ name: 'Voice Call', value: 'voiceCall' },
				],
				default: 'voiceCall',
			},
			...voiceCall.description,
			...agent.description,
			...queue.description,
			...supervisor.description,
		],
	};

	methods = {
		credentialTest: { huaweiCecApiTest, huaweiCecIntegrationAgentApiTest },
		loadOptions: { listSkillQueues },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router(this);
	}
}
