import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Where and how to reach a CC-Gateway. The connection test lives in the node
 * (`testedBy: huaweiCecApiTest`) because it needs the per-credential CA, which n8n's declarative
 * credential test cannot apply.
 */
export class HuaweiCecApi implements ICredentialType {
	name = 'huaweiCecApi';

	displayName = 'Huawei CEC CC-Gateway API';

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-huawei-cec#credentials';

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
			displayName: 'Guid',
			name: 'guid',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			hint: 'Under dynamic authentication (the gateway default) the Guid changes every minute: leave this empty and map it per item in the node, Options › Guid',
			description:
				"The agent's session token. It comes from the Set-GUID header (JSESSIONID=&lt;guid&gt;) of the agent's sign-in, or of the event poll when the gateway uses dynamic authentication (its default), where it changes every minute. Leave empty when every item brings its own Guid in Options › Guid.",
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
				'Whether to connect even if the certificate cannot be verified. Insecure: anyone on the network path could read the Guid and alter transfers. Prefer CA Certificate.',
		},
		{
			displayName: 'Agent ID for Connection Test',
			name: 'testAgentId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 101',
			hint: "Optional: with an agent ID and a Guid, the test also checks the Guid by reading that agent's status (read-only)",
			description:
				"Optional. With an agent ID (and a Guid above), the connection test also checks that the gateway accepts the Guid for that agent, by reading the agent's status. Nothing is changed and no event is consumed.",
		},
	];
}
