import { agentIdField, optionsCollection } from '../../../common/fields';
import type { OperationDefinition } from '../../types';

export const getCallInfo: OperationDefinition = {
	value: 'getCallInfo',
	name: 'Get Call Info',
	action: "Get an agent's current call",
	description:
		"Read the call an agent is in now: call ID, caller, called number, skill, media and begin time, or hasCall false when the agent has none. Read-only and safe to repeat: changes nothing and takes no event from the agent's desktop.",
	fields: [
		agentIdField('ID of the signed-in agent whose current call is read (101-59999)'),
		optionsCollection([
			{
				displayName: 'Include Last Call',
				name: 'includeLastCall',
				type: 'boolean',
				default: false,
				description: 'Whether to return the agent\'s last call when it has none now (the gateway\'s isNoContainLastCall=false)',
			},
		]),
	],
	load: async () => (await import('./execute')).prepareGetCallInfo,
};
