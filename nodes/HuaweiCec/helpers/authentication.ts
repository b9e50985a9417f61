/**
 * How the node authenticates: with an agent's Guid (the huaweiCecApi credential; the default, so a
 * workflow saved before this selector existed runs as before) or as the integration agent n8n signs
 * in itself (huaweiCecIntegrationAgentApi; transport/session.ts). Each operation works under one.
 */
import type { INodeProperties } from 'n8n-workflow';

export type Authentication = 'agentGuid' | 'integrationAgent';

export const CREDENTIAL_OF: Record<Authentication, string> = {
	agentGuid: 'huaweiCecApi',
	integrationAgent: 'huaweiCecIntegrationAgentApi',
};

export const AUTHENTICATION_LABELS: Record<Authentication, string> = {
	agentGuid: "Agent's Guid",
	integrationAgent: 'Integration Agent',
};

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: "Agent's Guid",
			value: 'agentGuid',
			description:
				"Act for an agent whose current Guid the workflow has (from the agent's desktop or CRM event): call control, the agent's own status, waiting count",
		},
		{
			name: 'Integration Agent',
			value: 'integrationAgent',
			description:
				'An agent account n8n signs in itself: supervisor actions, queue statistics, other agents by work number. For schedules.',
		},
	],
	default: 'agentGuid',
};

export function asAuthentication(value: unknown): Authentication {
	return value === 'integrationAgent' ? 'integrationAgent' : 'agentGuid';
}
