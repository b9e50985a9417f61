/**
 * An action on the agent's current call that needs nothing but the agent (and, for some, a call
 * ID): hang up, hold, unhold. Sent once, never retried; every failure says what became of the call.
 * This module holds what n8n loads at start (the fields); callActionRun.ts the checks and request.
 */
import type { IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import { agentIdField, optionsCollection } from '../../common/fields';
import type { RetcodeTable } from '../../common/retcodes';
import type { OperationDefinition } from '../types';

export interface CallAction {
	value: string;
	name: string;
	action: string;
	description: string;
	agentDescription: string;
	method: IHttpRequestMethods;
	/** Below /agentgateway/resource/, for the agent. */
	path: (agentId: number) => string;
	/** The name of the action in "the hang-up may or may not have happened". */
	effectName: string;
	retcodes: RetcodeTable;
	/** With a call ID field: sent as the `callid` query parameter. */
	callIdField?: INodeProperties;
}

export const CALL_ID_LABEL = 'Held Call ID';

export function callAction(a: CallAction): OperationDefinition {
	return {
		value: a.value,
		name: a.name,
		action: a.action,
		description: a.description,
		fields: [agentIdField(a.agentDescription), ...(a.callIdField ? [a.callIdField] : []), optionsCollection([])],
		load: async () => (await import('./callActionRun')).callActionPreparer(a),
	};
}
