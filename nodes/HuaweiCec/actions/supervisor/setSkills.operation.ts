/**
 * Supervisor › Set Skills: `POST qualitycontrol/{agentid}/adjustskill` with `{workNo, skills}`
 * (cec_07_0443), through the integration agent (inspector rights). Replaces the agent's skill
 * queues with the given list (at most 1000). A repeat sets the same list again: harmless.
 */
import type { INodeProperties } from 'n8n-workflow';

import { skillIdList } from '../../helpers/integrationItem';
import { supervisorDescription, supervisorPrepare, supervisorSchema } from './target';

export const isAction = false;
export const authentication = 'integrationAgent';

export const MAX_SKILLS = 1000;
const LABELS = { skillIds: 'Skill Queues' };

const properties: INodeProperties[] = [
	{
		displayName: 'Skill Queue Names or IDs',
		name: 'skillIds',
		type: 'multiOptions',
		required: true,
		default: [],
		typeOptions: { loadOptionsMethod: 'listSkillQueues' },
		description:
			'The skill queues the agent will have; they replace all its current ones. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const description = supervisorDescription('setSkills', properties);

export const prepare = supervisorPrepare({
	action: 'setSkills',
	label: 'skill change',
	schema: supervisorSchema({ skillIds: skillIdList(LABELS.skillIds, MAX_SKILLS) }),
	fields: ['skillIds'],
	labels: LABELS,
	repeat: 'A repeat sets the same skill queues again: harmless.',
	request: (input) => ({
		path: 'qualitycontrol/{agentid}/adjustskill',
		body: { workNo: String(input.workNo), skills: input.skillIds },
		facts: { skillIds: input.skillIds },
	}),
});
