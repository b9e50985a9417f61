/**
 * Dropdown lists the editor loads: the skill queues of the integration agent's VDN
 * (`GET queuedevice/{agentid}/agentvdnskill`, cec_07_0409). The field keeps taking an ID from an
 * expression; with the Agent's Guid authentication there is no session to ask, and the list says so.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { CREDENTIAL_OF } from '../helpers/authentication';
import { skillQueueOptions } from '../helpers/fields';
import { listVdnSkillQueues } from '../helpers/integration';

export async function listSkillQueues(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const authentication = this.getCurrentNodeParameter('authentication');
	if (authentication !== 'integrationAgent') {
		throw new NodeOperationError(
			this.getNode(),
			'Skill queues are listed through the integration agent: set Authentication to Integration Agent, or enter the skill queue ID with an expression',
		);
	}
	const credentials = await this.getCredentials(CREDENTIAL_OF.integrationAgent);
	try {
		const queues = await listVdnSkillQueues(this, credentials);
		return skillQueueOptions(queues);
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`The skill queues of the VDN could not be read: ${error instanceof Error ? error.message : String(error)}`,
			{ description: 'Enter the skill queue ID with an expression instead.' },
		);
	}
}
