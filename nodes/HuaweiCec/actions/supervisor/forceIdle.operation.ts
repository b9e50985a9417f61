/**
 * Supervisor › Force Idle: `POST qualitycontrol/{agentid}/forceidle/{workNo}` (cec_07_0440), through the
 * integration agent (inspector rights). Sets the agent idle (ready for calls). Repeating it is harmless: the agent is set idle again.
 */
import type { INodeProperties } from 'n8n-workflow';

import { supervisorDescription, supervisorPrepare, supervisorSchema } from './target';

export const isAction = false;
export const authentication = 'integrationAgent';

const properties: INodeProperties[] = [];

export const description = supervisorDescription('forceIdle', properties);

export const prepare = supervisorPrepare({
	action: 'forceIdle',
	label: 'force idle',
	schema: supervisorSchema({}),
	fields: [],
	repeat: 'Repeating it is harmless: the agent is set idle again.',
	request: (input) => ({ path: `qualitycontrol/{agentid}/forceidle/${input.workNo}` }),
});
