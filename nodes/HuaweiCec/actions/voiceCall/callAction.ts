/**
 * An action on the agent's current call that needs nothing but the agent (and, for some, a call
 * ID): hang up, hold, unhold. Sent once, never retried; every failure says what became of the call.
 */
import type { IDataObject, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { agentCall } from '../../common/agentCall';
import { agentIdField, optionsCollection } from '../../common/fields';
import { invalidField, readAgentItem } from '../../common/prepare';
import type { RetcodeTable } from '../../common/retcodes';
import { agentOnlySchema, CONTROL_CHARS, showValue, text } from '../../common/schema';
import type { OperationDefinition } from '../types';

interface CallAction {
	value: string;
	name: string;
	action: string;
	description: string;
	agentDescription: string;
	method: IHttpRequestMethods;
	/** Below /agentgateway/resource/, for the agent. */
	path: (agentId: number) => string;
	/** The name of the action in "the hang-up may or may not have happened". */
	effectName: string;
	retcodes: RetcodeTable;
	/** With a call ID field: sent as the `callid` query parameter. */
	callIdField?: INodeProperties;
}

const CALL_ID_LABEL = 'Held Call ID';
const callIdSchema = text(CALL_ID_LABEL).superRefine((value, ctx) => {
	if (value === '' || CONTROL_CHARS.test(value) || value.length > 64) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['callId'], message: `${CALL_ID_LABEL} must be the call's ID, e.g. 1700000000-3; got ${showValue(value)}` });
	}
});

export function callAction(a: CallAction): OperationDefinition {
	const schema = agentOnlySchema({});
	return {
		value: a.value,
		name: a.name,
		action: a.action,
		description: a.description,
		fields: [agentIdField(a.agentDescription), ...(a.callIdField ? [a.callIdField] : []), optionsCollection([])],
		prepare(ctx, i) {
			const { input, guid } = readAgentItem(ctx, i, schema, { callId: CALL_ID_LABEL });
			let query: IDataObject | undefined;
			if (a.callIdField) {
				const checked = callIdSchema.safeParse(ctx.fn.getNodeParameter('callId', i, undefined));
				if (!checked.success) throw invalidField(ctx, i, 'callId', checked.error.issues[0].message, CALL_ID_LABEL);
				query = { callid: checked.data };
			}
			const facts: IDataObject = { agentId: input.agentId, ...(query ? { callId: query.callid } : {}) };
			return {
				key: String(input.agentId),
				send: async (): Promise<IDataObject> => {
					const envelope = await agentCall(ctx, i, {
						method: a.method,
						path: a.path(input.agentId),
						query,
						guid,
						timeoutMs: input.timeoutMs,
						effect: { kind: 'action', name: a.effectName },
						retcodes: a.retcodes,
						facts,
					});
					return { success: true, retcode: envelope.retcode, message: envelope.message, ...facts };
				},
			};
		},
	};
}
