/**
 * An action on the agent's call that needs only the agent (hang up, hold; unhold with its held
 * call's ID): checked, guarded when Only If Call ID Is is set, sent once, never retried.
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { agentRequest } from '../../helpers/agentRequest';
import { guardAction } from '../../helpers/callGuard';
import { readItem } from '../../helpers/item';
import type { RetcodeTable } from '../../transport';
import type { BaseItem, z } from '../../helpers/schema';
import type { OperationContext, PreparedItem } from '../operation';

/** The item of a call action: the agent, its options, and the call guard when the action has it. */
type CallActionItem = BaseItem & { options: { onlyIfCallId?: string } };

export interface CallActionSpec<S extends z.ZodType<CallActionItem>> {
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

export function prepareCallAction<S extends z.ZodType<CallActionItem>>(
	ctx: OperationContext,
	itemIndex: number,
	spec: CallActionSpec<S>,
): PreparedItem {
	const { input, guid } = readItem(ctx, itemIndex, spec.schema, spec.fields, spec.labels);
	const timeoutMs = input.options.timeout;
	const agent = { agentId: input.agentId, guid, timeoutMs };
	const expectedCallId = input.options.onlyIfCallId;
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
				timeoutMs,
				effect: { kind: 'action', name: spec.action },
				retcodes: spec.retcodes,
				facts,
			});
			return { success: true, retcode: envelope.retcode, message: envelope.message, ...facts };
		},
	};
}
