/**
 * An action on the agent's call that needs only the agent (hang up, hold; unhold with its held
 * call's ID): checked, guarded when Only If Call ID Is is set, sent once, never retried.
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { agentRequest, type OperationContext, type PreparedItem } from './agentRequest';
import { guardAction } from './callGuard';
import { readItem } from './item';
import type { RetcodeTable } from './retcodes';
import type { AgentInput, z } from './schema';

export interface CallActionSpec<
	S extends z.ZodType<AgentInput & { options?: { onlyIfCallId?: string } }>,
> {
	schema: S;
	/** The operation's top-level parameters besides the options. */
	fields: string[];
	labels?: Record<string, string>;
	method: IHttpRequestMethods;
	/** Below /agentgateway/resource/. */
	path: (input: z.output<S>) => string;
	query?: (input: z.output<S>) => IDataObject;
	/** The action in "the hang-up may or may not have happened". */
	action: string;
	retcodes: RetcodeTable;
	/** The item's facts for its output and its errors. */
	facts: (input: z.output<S>) => IDataObject;
}

export function prepareCallAction<
	S extends z.ZodType<AgentInput & { options?: { onlyIfCallId?: string } }>,
>(ctx: OperationContext, itemIndex: number, spec: CallActionSpec<S>): PreparedItem {
	const { input, guid } = readItem(ctx, itemIndex, spec.schema, spec.fields, spec.labels);
	const agent = { agentId: input.agentId, guid, timeoutMs: input.timeoutMs };
	const expectedCallId = input.options?.onlyIfCallId;
	const facts = { ...spec.facts(input), ...(expectedCallId ? { expectedCallId } : {}) };
	return {
		key: String(input.agentId),
		send: async () => {
			await guardAction(ctx, itemIndex, agent, { expectedCallId, action: spec.action, facts });
			const envelope = await agentRequest(ctx, itemIndex, {
				method: spec.method,
				path: spec.path(input),
				query: spec.query?.(input),
				guid,
				timeoutMs: input.timeoutMs,
				effect: { kind: 'action', name: spec.action },
				retcodes: spec.retcodes,
				facts,
			});
			return { success: true, retcode: envelope.retcode, message: envelope.message, ...facts };
		},
	};
}
