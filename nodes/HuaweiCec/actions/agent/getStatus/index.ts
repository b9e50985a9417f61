import type { IDataObject } from 'n8n-workflow';

import { agentCall } from '../../../common/agentCall';
import { agentIdField, optionsCollection } from '../../../common/fields';
import { readAgentItem } from '../../../common/prepare';
import { agentOnlySchema } from '../../../common/schema';
import { READ_ONLY } from '../../../transport';
import type { OperationDefinition } from '../../types';

/** Agent states of the agentstatus query (docs/gateway.md). */
export const AGENT_STATES: Record<number, string> = {
	0: 'unknown',
	2: 'signed out',
	3: 'busy',
	4: 'idle',
	5: 'wrap-up',
	7: 'talking',
	8: 'rest',
	9: 'pre-rest',
};

const schema = agentOnlySchema({});

export const getStatus: OperationDefinition = {
	value: 'getStatus',
	name: 'Get Status',
	action: "Get an agent's status",
	description:
		"Read an agent's state (idle, talking, busy, rest, wrap-up, signed out …) and whether the agent is working. Read-only and safe to repeat: changes nothing and takes no event from the agent's desktop.",
	fields: [agentIdField('ID of the agent whose status is read (101-59999)'), optionsCollection([])],
	prepare(ctx, i) {
		const { input, guid } = readAgentItem(ctx, i, schema, {});
		return {
			key: String(input.agentId),
			send: async (): Promise<IDataObject> => {
				const envelope = await agentCall(ctx, i, {
					method: 'GET',
					path: `onlineagent/${input.agentId}/agentstatus`,
					guid,
					timeoutMs: input.timeoutMs,
					effect: READ_ONLY,
					facts: { agentId: input.agentId },
				});
				// Documented: {agentState, isWorking}; a bare number is read as the state.
				const result = envelope.result as { agentState?: unknown; isWorking?: unknown } | number | null;
				const code = Number(typeof result === 'object' && result !== null ? result.agentState : result);
				const isWorking = typeof result === 'object' && result !== null && typeof result.isWorking === 'boolean' ? result.isWorking : undefined;
				return {
					agentId: input.agentId,
					agentState: Number.isFinite(code) ? code : null,
					stateName: AGENT_STATES[code] ?? `unknown (${String(code)})`,
					...(isWorking !== undefined ? { isWorking } : {}),
					inCall: code === 7,
				};
			},
		};
	},
};
