import { agentIdField, optionsCollection } from '../../../common/fields';
import type { OperationDefinition } from '../../types';

export const getStatus: OperationDefinition = {
	value: 'getStatus',
	name: 'Get Status',
	action: "Get an agent's status",
	description:
		"Read an agent's state (idle, talking, busy, rest, wrap-up, signed out …) and whether the agent is working. Read-only and safe to repeat: changes nothing and takes no event from the agent's desktop.",
	fields: [agentIdField('ID of the agent whose status is read (101-59999)'), optionsCollection([])],
	load: async () => (await import('./execute')).prepareGetStatus,
};
