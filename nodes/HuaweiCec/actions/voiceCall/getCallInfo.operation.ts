/**
 * Voice Call › Get Call Info: `GET calldata/{agentid}/callinfo` (cec_07_0419), read-only: the call
 * the agent is in now, or hasCall false.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { readCall } from '../../helpers/callInfo';
import { agentIdField, optionsCollection } from '../../helpers/fields';
import { readItem } from '../../helpers/item';
import {
	agentIdInRange,
	baseItemSchema,
	booleanLike,
	withDefault,
	withOptions,
} from '../../helpers/schema';
import type { Prepare } from '../operation';

export const isAction = false;

const LABELS = { includeLastCall: 'Include Last Call' };

const properties: INodeProperties[] = [
	agentIdField('ID of the signed-in agent whose current call is read (101-59999)'),
	optionsCollection([
		{
			displayName: 'Include Last Call',
			name: 'includeLastCall',
			type: 'boolean',
			default: false,
			description:
				"Whether to return the agent's last call when it has none now (the gateway's isNoContainLastCall=false). The answer does not say which of the two it is.",
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voiceCall'], operation: ['getCallInfo'] } },
	properties,
);

const schema = baseItemSchema
	.extend({
		options: withOptions({
			includeLastCall: withDefault(booleanLike(LABELS.includeLastCall), false),
		}),
	})
	.superRefine(agentIdInRange);

export const prepare: Prepare = (ctx, i) => {
	const { input, guid } = readItem(ctx, i, schema, ['agentId'], LABELS);
	const agent = { agentId: input.agentId, guid, timeoutMs: input.options.timeout };
	return {
		key: String(input.agentId),
		send: async () => {
			const call = await readCall(
				ctx,
				i,
				agent,
				{ agentId: input.agentId },
				input.options.includeLastCall,
			);
			return call
				? { agentId: input.agentId, hasCall: true, ...call }
				: { agentId: input.agentId, hasCall: false };
		},
	};
};
