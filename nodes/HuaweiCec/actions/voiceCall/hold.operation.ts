/** Voice Call › Hold: `POST voicecall/{agentid}/hold` (cec_07_1239). Not idempotent. */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { agentIdField, onlyIfCallIdOption, optionsCollection } from '../../helpers/fields';
import { agentIdInRange, baseItemSchema, guardOptions, withOptions } from '../../helpers/schema';
import type { Prepare } from '../operation';
import { prepareCallAction, type CallActionSpec } from './callAction';

export const isAction = true;

const properties: INodeProperties[] = [
	agentIdField('ID of the signed-in agent whose current call is held (101-59999)'),
	optionsCollection([onlyIfCallIdOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voiceCall'], operation: ['hold'] } },
	properties,
);

const schema = baseItemSchema
	.extend({ options: withOptions(guardOptions) })
	.superRefine(agentIdInRange);

/** What the action sends and how its answers read: built once, used for every item. */
const spec: CallActionSpec<typeof schema> = {
	schema,
	fields: ['agentId'],
	method: 'POST',
	path: (input) => `voicecall/${input.agentId}/hold`,
	action: 'hold',
	retcodes: {
		'200-017': { meaning: 'the agent has no talking call to hold', remedy: 'nothing was changed' },
		'100-007': {
			meaning: 'the gateway failed while holding the call',
			remedy: 'check the agent desktop: the call may or may not be on hold',
		},
	},
	facts: (input) => ({ agentId: input.agentId }),
};

export const prepare: Prepare = (ctx, i) => prepareCallAction(ctx, i, spec);
