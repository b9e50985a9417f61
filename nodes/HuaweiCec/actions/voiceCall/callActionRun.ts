/**
 * The checks and the request of a call action (hang up, hold, unhold), loaded on first use.
 */
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { agentCall } from '../../common/agentCall';
import { invalidField, readAgentItem } from '../../common/prepare';
import { agentOnlySchema, CONTROL_CHARS, showValue, text } from '../../common/schema';
import type { Prepare } from '../types';
import { CALL_ID_LABEL, type CallAction } from './callAction';

const callIdSchema = text(CALL_ID_LABEL).superRefine((value, ctx) => {
	if (value === '' || CONTROL_CHARS.test(value) || value.length > 64) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['callId'], message: `${CALL_ID_LABEL} must be the call's ID, e.g. 1700000000-3; got ${showValue(value)}` });
	}
});

const schema = agentOnlySchema({});

export function callActionPreparer(a: CallAction): Prepare {
	return (ctx, i) => {
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
	};
}
