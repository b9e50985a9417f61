/**
 * What the Supervisor operations share: the agent acted on (by work number), the item schema and
 * the request through the integration agent's session. Each sets the agent's state or skills;
 * none acts on a call, so Retry On Fail may run, and each says what a repeat does.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import {
	integrationItemRequest,
	integrationOptions,
	integrationOptionsSchema,
	readIntegrationItem,
	workNoSchema,
} from '../../helpers/integrationItem';
import { z } from '../../helpers/schema';
import type { Prepare } from '../operation';

export const LABELS = { workNo: 'Work Number' };

export const workNoField: INodeProperties = {
	displayName: 'Work Number',
	name: 'workNo',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1001 or {{ $json.workNo }}',
	description:
		"Work number (agent ID) of the agent acted on, 101-999999; it must be in the integration agent's VDN",
};

/** An operation's fields, shown for it alone. */
export function supervisorDescription(
	operation: string,
	own: INodeProperties[],
): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: ['supervisor'], operation: [operation] } }, [
		workNoField,
		...own,
		integrationOptions(),
	]);
}

/** The schema of an item: the work number, the operation's own fields, the timeout. */
export function supervisorSchema<Extra extends z.ZodRawShape>(extra: Extra) {
	return z.object({
		workNo: workNoSchema(LABELS.workNo),
		...extra,
		options: integrationOptionsSchema,
	});
}

/** All requests go through the one integration agent: one at a time. */
export const INTEGRATION_KEY = 'integration-agent';

export interface SupervisorAction<S extends z.ZodType> {
	/** The operation's value, e.g. forceIdle. */
	action: string;
	/** Its name in messages, e.g. "force idle". */
	label: string;
	schema: S;
	fields: string[];
	labels?: Record<string, string>;
	/** What sending it again does. */
	repeat: string;
	request(input: z.output<S>): { path: string; body?: unknown; facts?: IDataObject };
}

/** The prepare of a supervisor action: check the item, then one POST through the session. */
export function supervisorPrepare<S extends z.ZodType>(spec: SupervisorAction<S>): Prepare {
	return (ctx, i) => {
		const input = readIntegrationItem(ctx, i, spec.schema, ['workNo', ...spec.fields], {
			...LABELS,
			...spec.labels,
		}) as z.output<S> & { workNo: number; options: { timeout: number } };
		const { path, body, facts: more } = spec.request(input);
		const facts = { workNo: input.workNo, action: spec.action, ...more };
		return {
			key: INTEGRATION_KEY,
			send: async () => {
				await integrationItemRequest(ctx, i, {
					method: 'POST',
					path,
					body,
					timeoutMs: input.options.timeout,
					effect: { kind: 'action', name: spec.label },
					facts,
					repeat: spec.repeat,
				});
				return { ...facts, accepted: true };
			},
		};
	};
}
