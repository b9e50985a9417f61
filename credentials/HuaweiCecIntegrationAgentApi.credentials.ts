import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An agent account n8n signs in itself (an integration or inspector agent), for scheduled jobs
 * that have no agent's Guid. The node holds its session in memory (transport/session.ts). The
 * connection test lives in the node (`testedBy: huaweiCecIntegrationAgentApiTest`): it signs in
 * and out once.
 */
export class HuaweiCecIntegrationAgentApi implements ICredentialType {
	name = 'huaweiCecIntegrationAgentApi';

	displayName = 'Huawei CEC Integration Agent API';

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-huawei-cec#scheduled-automations';

	icon = 'file:huaweiCec.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://cc-gateway.example.com:8043',
			required: true,
			description:
				"The CC-Gateway's HTTPS address as https://host:port. The gateway's HTTPS port is 8043 by default; in a cluster use the load balancer's address.",
		},
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1001',
			required: true,
			hint: 'An agent account for n8n alone: n8n signs it in and keeps its session; a person signing in with it signs n8n out',
			description:
				'Work number of an agent account created for n8n alone (no person signs in with it). Supervisor operations need inspector (quality control) rights on it, and the agents they act on must be in its VDN.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Tried once: after a wrong password n8n signs in with this credential again only once it is saved again, so the account cannot lock',
			description:
				"The agent's CTI password; may be empty where the contact centre uses none. A gateway set to expect an encrypted password (LOGIN_PWD_DECRYPT_ENABLE=true) is not supported. After one refusal for a wrong password, n8n does not sign in with this credential again until it is saved again (repeated failures lock the account).",
		},
		{
			displayName: 'Softphone Number',
			name: 'phoneNumber',
			type: 'string',
			default: '',
			placeholder: 'e.g. 6001',
			required: true,
			description: 'The softphone number the agent account signs in with (up to 24 characters)',
		},
		{
			displayName: 'Gateway Authentication Mode',
			name: 'authMode',
			type: 'options',
			default: 'dynamic',
			options: [
				{
					name: 'Dynamic (Gateway Default)',
					value: 'dynamic',
					description:
						'AUTHMODE 2: the Guid changes every minute and reaches n8n in the answers of its own event polls',
				},
				{
					name: 'Static',
					value: 'static',
					description: 'AUTHMODE 1: the Guid of the sign-in lasts until sign-out',
				},
			],
			description: "The gateway's AUTHMODE setting, as its administrator configured it",
		},
		{
			displayName: 'If Signed In Elsewhere',
			name: 'ifSignedInElsewhere',
			type: 'options',
			default: 'takeOver',
			options: [
				{
					name: 'Fail',
					value: 'fail',
					description: 'Do not sign out whoever holds the agent; the run fails and says so',
				},
				{
					name: 'Take Over (Force Sign-In)',
					value: 'takeOver',
					description:
						"Sign the other session out (forcelogin). Right when the agent is n8n's own, e.g. after n8n restarted.",
				},
			],
			description:
				'What to do when the agent is already signed in and n8n did not sign it in itself',
		},
		{
			displayName: 'State After Sign-In',
			name: 'stateAfterSignIn',
			type: 'options',
			default: 4,
			options: [
				{ name: 'Busy', value: 3 },
				{ name: 'Idle (Gateway Default)', value: 4 },
				{ name: 'Wrap-Up', value: 5 },
			],
			description:
				'The state the agent takes when n8n signs it in. An agent with skill queues that is idle can be offered customer calls: give the integration agent no skill queues, or choose Busy.',
		},
		{
			displayName: 'Auto Answer',
			name: 'autoAnswer',
			type: 'boolean',
			default: true,
			description: 'Whether offered calls are answered automatically (gateway default: on)',
		},
		{
			displayName: 'Auto Enter Idle',
			name: 'autoEnterIdle',
			type: 'boolean',
			default: true,
			description:
				'Whether the agent goes idle after a call rather than to wrap-up (gateway default: on)',
		},
		{
			displayName: 'Release Phone',
			name: 'releasePhone',
			type: 'boolean',
			default: true,
			description: 'Whether the phone is hung up after each call (gateway default: on)',
		},
		{
			displayName: 'Sign In to WebM',
			name: 'checkInWebm',
			type: 'boolean',
			default: true,
			description:
				'Whether the agent also signs in to the text-chat media server (gateway default: on)',
		},
		{
			displayName: 'IP Address',
			name: 'ip',
			type: 'string',
			default: '',
			placeholder: 'e.g. 10.1.2.3',
			description:
				"The agent's IPv4 address as the gateway records it; empty leaves the gateway's default (127.0.0.1)",
		},
		{
			displayName: 'CA Certificate',
			name: 'caPem',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: 'e.g. -----BEGIN CERTIFICATE-----',
			description:
				"PEM of the certificate authority that issued the gateway's TLS certificate, usually a private CA. When set, only this CA is trusted for this gateway.",
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the certificate cannot be verified. Insecure: anyone on the network path could read the password and the session. Prefer CA Certificate.',
		},
	];
}
