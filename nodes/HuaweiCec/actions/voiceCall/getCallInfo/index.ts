import type { IDataObject } from 'n8n-workflow';

import { agentIdField, optionsCollection } from '../../../common/fields';
import { readAgentItem } from '../../../common/prepare';
import { agentOnlySchema, booleanLike, optional } from '../../../common/schema';
import type { OperationDefinition } from '../../types';
import { readCall } from './read';

const LABELS = { includeLastCall: 'Include Last Call' };
const schema = agentOnlySchema({ includeLastCall: optional(booleanLike(LABELS.includeLastCall)) });

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
	prepare(ctx, i) {
		const { input, guid } = readAgentItem(ctx, i, schema, LABELS);
		const agent = { agentId: input.agentId, guid, timeoutMs: input.timeoutMs };
		return {
			key: String(input.agentId),
			send: async (): Promise<IDataObject> => {
				const call = await readCall(ctx, i, agent, { agentId: input.agentId }, input.options?.includeLastCall === true);
				return call ? { agentId: input.agentId, hasCall: true, ...call } : { agentId: input.agentId, hasCall: false };
			},
		};
	},
};
