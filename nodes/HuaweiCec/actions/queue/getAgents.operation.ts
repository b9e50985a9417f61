/**
 * Queue › Get Agents: `GET agentgroup/{agentid}/agentbyskill/{skillid}` (cec_07_0414) through the
 * integration agent: the agents signed in to one skill queue, one output item each (none when no
 * agent is signed in). Agents with the right to reject inbound calls are left out by the gateway.
 * Read-only.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { getAgentsBySkill } from '../../helpers/integration';
import {
	integrationFailure,
	integrationOptions,
	integrationOptionsSchema,
	readIntegrationItem,
} from '../../helpers/integrationItem';
import { skillIdSchema, z } from '../../helpers/schema';
import { READ_ONLY } from '../../transport';
import type { Prepare } from '../operation';
import { agentOutput } from '../agent/getStatusByWorkNo.operation';

export const isAction = false;
export const authentication = 'integrationAgent';

const LABELS = { skillId: 'Skill Queue' };
const REPEAT = 'This is a read-only query: it changed nothing and is safe to run again.';

const properties: INodeProperties[] = [
	{
		displayName: 'Skill Queue Name or ID',
		name: 'skillId',
		type: 'options',
		required: true,
		default: '',
		typeOptions: { loadOptionsMethod: 'listSkillQueues' },
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	integrationOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['queue'], operation: ['getAgents'] } },
	properties,
);

const schema = z.object({
	skillId: skillIdSchema(LABELS.skillId),
	options: integrationOptionsSchema,
});

export const prepare: Prepare = (ctx, i) => {
	const input = readIntegrationItem(ctx, i, schema, ['skillId'], LABELS);
	const facts = { skillId: input.skillId };
	return {
		key: 'integration-agent',
		send: async () => {
			try {
				const agents = await getAgentsBySkill(ctx.fn, ctx.integration!, input.skillId, {
					timeoutMs: input.options.timeout,
				});
				return agents.map((a) => ({ skillId: input.skillId, ...agentOutput(a) }));
			} catch (error) {
				throw integrationFailure(ctx.node, error, i, READ_ONLY, facts, REPEAT);
			}
		},
	};
};
