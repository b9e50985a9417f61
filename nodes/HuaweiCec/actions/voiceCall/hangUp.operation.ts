/** Voice Call › Hang Up: `DELETE voicecall/{agentid}/release` (cec_07_1247). Not idempotent. */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { agentIdField, onlyIfCallIdOption, optionsCollection } from '../../helpers/fields';
import { agentIdInRange, baseItemSchema, guardOptions, withOptions } from '../../helpers/schema';
import type { Prepare } from '../operation';
import { prepareCallAction, type CallActionSpec } from './callAction';

export const isAction = true;

const properties: INodeProperties[] = [
	agentIdField('ID of the signed-in agent whose current call is ended (101-59999)'),
	optionsCollection([onlyIfCallIdOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voiceCall'], operation: ['hangUp'] } },
	properties,
);

const schema = baseItemSchema
	.extend({ options: withOptions(guardOptions) })
	.superRefine(agentIdInRange);

/** What the action sends and how its answers read: built once, used for every item. */
const spec: CallActionSpec<typeof schema> = {
	schema,
	fields: ['agentId'],
	method: 'DELETE',
	path: (input) => `voicecall/${input.agentId}/release`,
	action: 'hang-up',
	retcodes: {
		'200-017': {
			meaning: 'the agent has no call to hang up',
			remedy:
				'nothing was changed: the agent was not in a call (a call on hold is not hung up by this)',
		},
		'100-007': {
			meaning: 'the gateway failed while ending the call',
			remedy: 'check the agent desktop: the call may or may not have ended',
		},
	},
	facts: (input) => ({ agentId: input.agentId }),
};

export const prepare: Prepare = (ctx, i) => prepareCallAction(ctx, i, spec);
