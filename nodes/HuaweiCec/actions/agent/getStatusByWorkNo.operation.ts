/**
 * Agent › Get Status by Work Number: `GET agentgroup/{agentid}/agentbyworkno/{workno}`
 * (cec_07_0415) through the integration agent: any agent of its VDN, without that agent's Guid.
 * Read-only. The state names are those of the agentstatus query (cec_07_0581); that this
 * interface uses the same codes is our reading (docs/integration-agent.md).
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { getAgentByWorkNo, type AgentInfo } from '../../helpers/integration';
import {
	integrationFailure,
	integrationOptions,
	integrationOptionsSchema,
	readIntegrationItem,
	workNoSchema,
} from '../../helpers/integrationItem';
import { z } from '../../helpers/schema';
import { READ_ONLY } from '../../transport';
import type { Prepare } from '../operation';
import { AGENT_STATES } from './getStatus.operation';

export const isAction = false;
export const authentication = 'integrationAgent';

const LABELS = { workNo: 'Work Number' };
const REPEAT = 'This is a read-only query: it changed nothing and is safe to run again.';

const properties: INodeProperties[] = [
	{
		displayName: 'Work Number',
		name: 'workNo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1001 or {{ $json.workNo }}',
		description:
			"Work number (agent ID) of the agent to read, 101-999999; it must be in the integration agent's VDN",
	},
	integrationOptions(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['agent'], operation: ['getStatusByWorkNo'] } },
	properties,
);

const schema = z.object({
	workNo: workNoSchema(LABELS.workNo),
	options: integrationOptionsSchema,
});

/** An agent as the node outputs it: the gateway's fields by name, and the state's name. */
export function agentOutput(a: AgentInfo): IDataObject {
	return {
		workNo: a.workNo,
		name: a.name,
		status: a.status ?? null,
		stateName:
			a.status === undefined ? 'unknown' : (AGENT_STATES[a.status] ?? `unknown (${a.status})`),
		ctiStatus: a.ctiStatus ?? null,
		groupId: a.groupId ?? null,
		skills: a.skills,
		signedInMedia: a.mediaType,
		vdnId: a.vdnId ?? null,
		phoneNumber: a.phoneNumber,
	};
}

export const prepare: Prepare = (ctx, i) => {
	const input = readIntegrationItem(ctx, i, schema, ['workNo'], LABELS);
	const facts = { workNo: input.workNo };
	return {
		key: 'integration-agent',
		send: async () => {
			try {
				const agent = await getAgentByWorkNo(ctx.fn, ctx.integration!, input.workNo, {
					timeoutMs: input.options.timeout,
				});
				return agentOutput(agent);
			} catch (error) {
				throw integrationFailure(ctx.node, error, i, READ_ONLY, facts, REPEAT);
			}
		},
	};
};
