/** Agent › Get Status for one item: the agent checked, then the read-only agentstatus query. */
import type { IDataObject } from 'n8n-workflow';

import { agentCall } from '../../../common/agentCall';
import { readAgentItem } from '../../../common/prepare';
import { agentOnlySchema } from '../../../common/schema';
import { READ_ONLY } from '../../../transport';
import type { Prepare } from '../../types';
import { AGENT_STATES } from './states';

const schema = agentOnlySchema({});

export const prepareGetStatus: Prepare = (ctx, i) => {
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
};
