/**
 * Agent › Get Status: `GET onlineagent/{agentid}/agentstatus` (cec_07_0355), read-only. The answer
 * is `{agentState, isWorking}`; any other shape fails loudly rather than becoming a state.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { agentRequest } from '../../helpers/agentRequest';
import { unknownAnswer } from '../../helpers/errors';
import { agentIdField, optionsCollection } from '../../helpers/fields';
import { readItem } from '../../helpers/item';
import { agentIdInRange, baseItemSchema } from '../../helpers/schema';
import { READ_ONLY } from '../../transport';
import type { Prepare } from '../operation';

export const isAction = false;

/** Agent states of the agentstatus query (cec_07_0581). */
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
const TALKING = 7;

const properties: INodeProperties[] = [
	agentIdField('ID of the agent whose status is read (101-59999)'),
	optionsCollection([]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['getStatus'] } },
	properties,
);

const schema = baseItemSchema.superRefine(agentIdInRange);

/** The state code of an answer: `{agentState: <whole number>}`, or a bare whole number. */
function stateOf(result: unknown): number | undefined {
	const code =
		typeof result === 'object' && result !== null ? (result as IDataObject).agentState : result;
	if (typeof code === 'number' && Number.isInteger(code)) return code;
	if (typeof code === 'string' && /^[0-9]{1,3}$/.test(code)) return Number(code);
	return undefined;
}

export const prepare: Prepare = (ctx, i) => {
	const { input, guid } = readItem(ctx, i, schema, ['agentId']);
	const facts = { agentId: input.agentId };
	return {
		key: String(input.agentId),
		send: async () => {
			const envelope = await agentRequest(ctx, i, {
				method: 'GET',
				path: `onlineagent/${input.agentId}/agentstatus`,
				guid,
				timeoutMs: input.options.timeout,
				effect: READ_ONLY,
				facts,
			});
			const state = stateOf(envelope.result);
			if (state === undefined) {
				throw unknownAnswer(
					ctx.node,
					i,
					{
						name: 'agentstatus',
						path: 'GET onlineagent/{agentid}/agentstatus',
						lacks: 'no agentState',
						expected: 'an object with a whole-number agentState',
						retcode: envelope.retcode,
					},
					facts,
				);
			}
			const result = envelope.result as IDataObject;
			const isWorking = typeof result?.isWorking === 'boolean' ? result.isWorking : undefined;
			return {
				agentId: input.agentId,
				agentState: state,
				stateName: AGENT_STATES[state] ?? `unknown (${state})`,
				...(isWorking !== undefined ? { isWorking } : {}),
				inCall: state === TALKING,
			};
		},
	};
};
