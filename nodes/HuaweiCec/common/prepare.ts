/**
 * Reading and checking an item for an operation whose input is the agent plus options: the
 * parameters as n8n resolved them, the schema's verdict as a named-field NodeOperationError, the Guid.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import type { z } from 'zod';

import type { OperationContext } from '../actions/context';
import { withDetails } from './failure';
import { pickGuid } from './guid';
import { check } from './schema';

/** A named-field validation failure: never sent. */
export function invalidField(ctx: OperationContext, i: number, field: string, message: string, label: string): NodeOperationError {
	return withDetails(
		new NodeOperationError(ctx.fn.getNode(), message, { itemIndex: i, description: `Fix the field "${label}" and run again. Nothing was sent to the gateway for this item.` }),
		{ errorKind: 'validation', field, sent: false },
	);
}

export function readAgentItem<S extends z.ZodTypeAny>(ctx: OperationContext, i: number, schema: S, labels: Record<string, string>) {
	const { fn } = ctx;
	const { guid: guidOverride, ...options } = fn.getNodeParameter('options', i, {}) as IDataObject;
	const checked = check(schema, { agentId: fn.getNodeParameter('agentId', i, undefined), options }, labels);
	if (!checked.ok) {
		throw withDetails(new NodeOperationError(fn.getNode(), checked.message, { itemIndex: i, description: checked.description }), {
			errorKind: 'validation',
			field: checked.field,
			sent: false,
		});
	}
	return { input: checked.value as z.output<S>, guid: pickGuid(fn, i, guidOverride, ctx.credentialGuid) };
}
