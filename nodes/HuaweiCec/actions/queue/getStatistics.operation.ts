/**
 * Queue › Get Statistics: `POST queuedevice/{agentid}/queryacdstat` (cec_07_0411) through the
 * integration agent: for up to 100 skill queues, the calls waiting, the longest wait (seconds),
 * the agents signed in and the agents available. One output item per queue. Read-only.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { getQueueStatistics, MAX_QUEUES_PER_QUERY } from '../../helpers/integration';
import {
	integrationFailure,
	integrationOptions,
	integrationOptionsSchema,
	readIntegrationItem,
	skillIdList,
} from '../../helpers/integrationItem';
import { z } from '../../helpers/schema';
import { READ_ONLY } from '../../transport';
import type { Prepare } from '../operation';

export const isAction = false;
export const authentication = 'integrationAgent';

const LABELS = { skillIds: 'Skill Queues' };
const REPEAT = 'This is a read-only query: it changed nothing and is safe to run again.';

const properties: INodeProperties[] = [
	{
		displayName: 'Skill Queue Names or IDs',
		name: 'skillIds',
		type: 'multiOptions',
		required: true,
		default: [],
		typeOptions: { loadOptionsMethod: 'listSkillQueues' },
		description: `Up to ${MAX_QUEUES_PER_QUERY} skill queues. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	},
	integrationOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['queue'], operation: ['getStatistics'] } },
	properties,
);

const schema = z.object({
	skillIds: skillIdList(LABELS.skillIds, MAX_QUEUES_PER_QUERY),
	options: integrationOptionsSchema,
});

export const prepare: Prepare = (ctx, i) => {
	const input = readIntegrationItem(ctx, i, schema, ['skillIds'], LABELS);
	const facts = { skillIds: input.skillIds };
	return {
		key: 'integration-agent',
		send: async () => {
			try {
				const queues = await getQueueStatistics(ctx.fn, ctx.integration!, input.skillIds, {
					timeoutMs: input.options.timeout,
				});
				return queues.map((q) => ({ ...q }));
			} catch (error) {
				throw integrationFailure(ctx.node, error, i, READ_ONLY, facts, REPEAT);
			}
		},
	};
};
