/**
 * Supervisor › Force Sign Out: `POST qualitycontrol/{agentid}/forcelogout/{workNo}` (cec_07_0441), through the
 * integration agent (inspector rights). Sets the agent signed out. A repeat is refused with 100-006 (the agent is no longer signed in) and changes nothing.
 */
import type { INodeProperties } from 'n8n-workflow';

import { supervisorDescription, supervisorPrepare, supervisorSchema } from './target';

export const isAction = false;
export const authentication = 'integrationAgent';

const properties: INodeProperties[] = [];

export const description = supervisorDescription('forceSignOut', properties);

export const prepare = supervisorPrepare({
	action: 'forceSignOut',
	label: 'force sign-out',
	schema: supervisorSchema({}),
	fields: [],
	repeat:
		'A repeat is refused with 100-006 (the agent is no longer signed in) and changes nothing.',
	request: (input) => ({ path: `qualitycontrol/{agentid}/forcelogout/${input.workNo}` }),
});
