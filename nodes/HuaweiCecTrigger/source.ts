/**
 * What one poll reads, through the session of n8n's own integration agent (never a person's
 * desktop, never anyone's events): queue figures of up to 100 queues in one request (cec_07_0411),
 * agents one work number per request (cec_07_0415) or one skill queue per request (cec_07_0414).
 * Every request is a read-only query. Any failure becomes n8n's error for the poll, with the facts
 * in its context.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INode,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';

import {
	getAgentByWorkNo,
	getAgentsBySkill,
	getQueueStatistics,
	listVdnSkillQueues,
	parseIntegrationCredentials,
	type IntegrationCredentials,
} from '../HuaweiCec/helpers/integration';
import { withFacts } from '../HuaweiCec/helpers/errors';
import { skillQueueOptions } from '../HuaweiCec/helpers/fields';
import { integrationFailure } from '../HuaweiCec/helpers/integrationItem';
import { READ_ONLY } from '../HuaweiCec/transport';
import type { AgentObservation } from './events/agentState';
import type { QueueFigures } from './events/queueThreshold';

export const CREDENTIAL = 'huaweiCecIntegrationAgentApi';

const READ_ONLY_REPEAT =
	'The trigger only makes read-only queries: nothing changed on the gateway.';
const LAST_GOOD_POLL =
	'Until a poll succeeds, the state of the last good poll stays what the next one is compared with.';

/** The poll's error for a failed read: the node's words for it (integrationFailure), and what the trigger keeps. */
export function pollError(node: INode, error: unknown, facts: IDataObject): Error {
	const failure = integrationFailure(node, error, undefined, READ_ONLY, facts, '');
	failure.description = `${failure.description ?? ''} ${READ_ONLY_REPEAT} ${LAST_GOOD_POLL}`.trim();
	return failure;
}

/** The reads of one poll. */
export interface Source {
	queueFigures(skillIds: number[]): Promise<QueueFigures[]>;
	agentsByWorkNo(workNos: string[]): Promise<AgentObservation[]>;
	agentsBySkill(skillIds: number[]): Promise<AgentObservation[]>;
}

async function credentialsOf(
	ctx: IPollFunctions | ILoadOptionsFunctions,
	node: INode,
): Promise<IntegrationCredentials> {
	try {
		return parseIntegrationCredentials(await ctx.getCredentials(CREDENTIAL));
	} catch (error) {
		throw pollError(node, error, {});
	}
}

export async function openSource(ctx: IPollFunctions, node: INode): Promise<Source> {
	const credentials = await credentialsOf(ctx, node);
	const read = async <T>(facts: IDataObject, query: () => Promise<T>): Promise<T> => {
		try {
			return await query();
		} catch (error) {
			throw pollError(node, error, facts);
		}
	};
	return {
		async queueFigures(skillIds) {
			const rows = await read(
				{ skillIds },
				async () => await getQueueStatistics(ctx, credentials, skillIds),
			);
			const byId = new Map(rows.map((row) => [row.skillId, row]));
			const missing = skillIds.filter((id) => !byId.has(id));
			if (missing.length > 0) {
				throw withFacts(
					new NodeOperationError(
						node,
						`The gateway returned no statistics for skill queue ${missing.join(', ')}`,
						{
							description: `Check "Skill Queue Names or IDs": the queue may have been deleted or belong to another VDN than the integration agent's. ${READ_ONLY_REPEAT} ${LAST_GOOD_POLL}`,
						},
					),
					{ errorKind: 'gateway', missingSkillIds: missing },
				);
			}
			return skillIds.map((id) => {
				const row = byId.get(id) as (typeof rows)[number];
				return {
					skillId: id,
					skillName: row.description,
					waitingCalls: row.waitingCalls,
					longestWaitSeconds: row.longestWaitSeconds,
					agentsSignedIn: row.agentsSignedIn,
					agentsAvailable: row.agentsAvailable,
				};
			});
		},
		async agentsByWorkNo(workNos) {
			const agents: AgentObservation[] = [];
			for (const workNo of workNos) {
				const info = await read(
					{ workNo },
					async () => await getAgentByWorkNo(ctx, credentials, Number(workNo)),
				);
				agents.push({ workNo, name: info.name, code: info.status ?? 0 });
			}
			return agents;
		},
		async agentsBySkill(skillIds) {
			const agents: AgentObservation[] = [];
			for (const skillId of skillIds) {
				const list = await read(
					{ skillId },
					async () => await getAgentsBySkill(ctx, credentials, skillId),
				);
				for (const info of list)
					agents.push({ workNo: String(info.workNo), name: info.name, code: info.status ?? 0 });
			}
			return agents;
		},
	};
}

/** The VDN's skill queues for the Skill Queue dropdowns (cec_07_0409). */
export async function getSkillQueues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const node = this.getNode();
	const credentials = await credentialsOf(this, node);
	try {
		const queues = await listVdnSkillQueues(this, credentials);
		return skillQueueOptions(queues);
	} catch (error) {
		throw pollError(node, error, {});
	}
}
