/** Voice Call › Unhold: `POST voicecall/{agentid}/gethold?callid=` (cec_07_1241). Not idempotent. */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { agentIdField, optionsCollection } from '../../helpers/fields';
import { agentIdInRange, baseItemSchema, callId } from '../../helpers/schema';
import type { Prepare } from '../operation';
import { prepareCallAction, type CallActionSpec } from './callAction';

export const isAction = true;

const LABELS = { callId: 'Held Call ID' };

const properties: INodeProperties[] = [
	agentIdField('ID of the signed-in agent who holds the call (101-59999)'),
	{
		displayName: 'Held Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.callId }}',
		description:
			'ID of the held call to take back, as Get Call Info showed it before the call was held',
	},
	optionsCollection([]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voiceCall'], operation: ['unhold'] } },
	properties,
);

const schema = baseItemSchema.extend({ callId: callId(LABELS.callId) }).superRefine(agentIdInRange);

/** What the action sends and how its answers read: built once, used for every item. */
const spec: CallActionSpec<typeof schema> = {
	schema,
	fields: ['agentId', 'callId'],
	labels: LABELS,
	method: 'POST',
	path: (input) => `voicecall/${input.agentId}/gethold`,
	query: (input) => ({ callid: input.callId }),
	action: 'unhold',
	retcodes: {
		'000-002': {
			meaning: 'the agent has no held call with that ID',
			remedy: 'nothing was changed; use the call ID the call had before it was held',
		},
		'100-007': {
			meaning:
				'the gateway could not take the call back (the agent is in another call, or it failed)',
			remedy: 'release or hold the other call first, then try again',
		},
	},
	facts: (input) => ({ agentId: input.agentId, callId: input.callId }),
};

export const prepare: Prepare = (ctx, i) => prepareCallAction(ctx, i, spec);
