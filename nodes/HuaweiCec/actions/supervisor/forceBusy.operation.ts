/**
 * Supervisor › Force Busy: `POST qualitycontrol/{agentid}/forcebusy/{workNo}` (cec_07_0439), through the
 * integration agent (inspector rights). Sets the agent busy (not offered calls). Repeating it is harmless: the agent is set busy again.
 */
import type { INodeProperties } from 'n8n-workflow';

import { supervisorDescription, supervisorPrepare, supervisorSchema } from './target';

export const isAction = false;
export const authentication = 'integrationAgent';

const properties: INodeProperties[] = [];

export const description = supervisorDescription('forceBusy', properties);

export const prepare = supervisorPrepare({
	action: 'forceBusy',
	label: 'force busy',
	schema: supervisorSchema({}),
	fields: [],
	repeat: 'Repeating it is harmless: the agent is set busy again.',
	request: (input) => ({ path: `qualitycontrol/{agentid}/forcebusy/${input.workNo}` }),
});
