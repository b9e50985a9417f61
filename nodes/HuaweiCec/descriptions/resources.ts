import type { INodeProperties } from 'n8n-workflow';

/** Resource and operation selectors; each operation's own fields live beside its action. */
export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Voice Call', value: 'voiceCall' }],
	default: 'voiceCall',
};

export const voiceCallOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['voiceCall'] } },
	options: [
		{
			name: 'Transfer',
			value: 'transfer',
			description: "Move an agent's live call to a skill queue, agent, IVR, access code or external number",
			action: 'Transfer a call',
		},
	],
	default: 'transfer',
};
