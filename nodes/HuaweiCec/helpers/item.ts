/**
 * Reading one item for an operation: its parameters as n8n resolved them (expressions evaluated),
 * checked by the operation's zod schema, and its Guid. Nothing here touches the network.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { invalidItem } from './errors';
import { pickGuid } from './guid';
import { checkItem, COMMON_LABELS, type z } from './schema';

/** What reading an item needs: n8n's functions, the node and the credential's Guid. */
export interface ItemContext {
	fn: IExecuteFunctions;
	node: INode;
	/** The credential's Guid, as entered (helpers/guid.ts normalizes it per item). */
	credentialGuid: string;
}

/**
 * The item's checked input and Guid. `fields` names the operation's top-level parameters;
 * `options` is always read (Options › Guid apart: it is a secret, and not the schema's business).
 * `intoOptions` names top-level parameters read as options (a collection's values spread), for
 * operations whose node versions keep the same setting in different places.
 */
export function readItem<S extends z.ZodType>(
	ctx: ItemContext,
	itemIndex: number,
	schema: S,
	fields: string[],
	labels: Record<string, string> = {},
	intoOptions: string[] = [],
): { input: z.output<S>; guid: string } {
	const { fn } = ctx;
	const raw: IDataObject = {};
	for (const name of fields)
		raw[name] = fn.getNodeParameter(name, itemIndex, undefined) as IDataObject[string];
	const { guid: guidOverride, ...options } = fn.getNodeParameter(
		'options',
		itemIndex,
		{},
	) as IDataObject;
	for (const name of intoOptions) {
		const value = fn.getNodeParameter(name, itemIndex, null) as IDataObject[string];
		if (value === null || value === undefined) continue;
		if (typeof value === 'object' && !Array.isArray(value)) Object.assign(options, value);
		else options[name] = value;
	}
	raw.options = options;
	const checked = checkItem(schema, raw);
	if (!checked.ok) {
		throw invalidItem(ctx.node, itemIndex, checked.refusal, { ...COMMON_LABELS, ...labels });
	}
	return {
		input: checked.value,
		guid: pickGuid(ctx.node, itemIndex, guidOverride, ctx.credentialGuid),
	};
}
