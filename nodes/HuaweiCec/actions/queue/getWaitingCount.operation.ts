/**
 * Queue › Get Waiting Count: `GET queuedevice/{agentid}/skillwaitnum/{skillid}` (cec_07_0410),
 * read-only: how many calls wait in a skill queue, as the agent's session sees it. The answer's
 * result is a count; any other shape fails loudly.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { agentRequest } from '../../helpers/agentRequest';
import { unknownAnswer } from '../../helpers/errors';
import { agentIdField, optionsCollection } from '../../helpers/fields';
import { readItem } from '../../helpers/item';
import type { RetcodeTable } from '../../transport';
import { agentIdInRange, baseItemSchema, skillIdSchema } from '../../helpers/schema';
import { READ_ONLY } from '../../transport';
import type { Prepare } from '../operation';

export const isAction = false;

const LABELS = { skillId: 'Skill Queue ID' };

const properties: INodeProperties[] = [
	agentIdField(
		"ID of a signed-in agent whose session reads the queue (101-59999); the agent's call is not touched",
	),
	{
		displayName: 'Skill Queue ID',
		name: 'skillId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3 or {{ $json.skillId }}',
		description:
			'ID of the skill queue whose waiting calls are counted (the same ID Transfer To › Skill Queue takes)',
	},
	optionsCollection([]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['queue'], operation: ['getWaitingCount'] } },
	properties,
);

const schema = baseItemSchema
	.extend({ skillId: skillIdSchema(LABELS.skillId) })
	.superRefine(agentIdInRange);

/** The count: a whole number, or a string of digits. */
function countOf(result: unknown): number | undefined {
	if (typeof result === 'number' && Number.isInteger(result) && result >= 0) return result;
	if (typeof result === 'string' && /^[0-9]{1,9}$/.test(result)) return Number(result);
	return undefined;
}

const WAITING_COUNT_RETCODES: RetcodeTable = {
	'000-002': { remedy: 'check the Skill Queue ID: the gateway knows no such skill queue' },
};

export const prepare: Prepare = (ctx, i) => {
	const { input, guid } = readItem(ctx, i, schema, ['agentId', 'skillId'], LABELS);
	const facts = { agentId: input.agentId, skillId: input.skillId };
	return {
		key: String(input.agentId),
		send: async () => {
			const envelope = await agentRequest(ctx, i, {
				method: 'GET',
				path: `queuedevice/${input.agentId}/skillwaitnum/${input.skillId}`,
				guid,
				timeoutMs: input.options.timeout,
				effect: READ_ONLY,
				retcodes: WAITING_COUNT_RETCODES,
				facts,
			});
			const waitingCount = countOf(envelope.result);
			if (waitingCount === undefined) {
				throw unknownAnswer(
					ctx.node,
					i,
					{
						name: 'skillwaitnum',
						path: 'GET queuedevice/{agentid}/skillwaitnum/{skillid}',
						lacks: 'no count',
						expected: 'a whole number',
						retcode: envelope.retcode,
					},
					facts,
				);
			}
			return { ...facts, waitingCount };
		},
	};
};
