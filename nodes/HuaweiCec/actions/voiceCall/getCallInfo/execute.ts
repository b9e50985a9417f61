/** Voice Call › Get Call Info for one item: the agent checked, then the read-only callinfo query. */
import type { IDataObject } from 'n8n-workflow';

import { readAgentItem } from '../../../common/prepare';
import { agentOnlySchema, booleanLike, optional } from '../../../common/schema';
import type { Prepare } from '../../types';
import { readCall } from './read';

const LABELS = { includeLastCall: 'Include Last Call' };
const schema = agentOnlySchema({ includeLastCall: optional(booleanLike(LABELS.includeLastCall)) });

export const prepareGetCallInfo: Prepare = (ctx, i) => {
	const { input, guid } = readAgentItem(ctx, i, schema, LABELS);
	const agent = { agentId: input.agentId, guid, timeoutMs: input.timeoutMs };
	return {
		key: String(input.agentId),
		send: async (): Promise<IDataObject> => {
			const call = await readCall(ctx, i, agent, { agentId: input.agentId }, input.options?.includeLastCall === true);
			return call ? { agentId: input.agentId, hasCall: true, ...call } : { agentId: input.agentId, hasCall: false };
		},
	};
};
