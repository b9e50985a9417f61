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
 * One parameter of an item, expressions resolved. The operation's zod schema checks it, so n8n's own
 * check is skipped: it searches the node's properties for the one displayed under that name, and
 * with a property per operation and target that search costs more than the rest of the item.
 */
export function itemParameter(
	fn: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback: unknown,
): IDataObject[string] {
	return fn.getNodeParameter(name, itemIndex, fallback, {
		skipValidation: true,
	}) as IDataObject[string];
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
	const raw: IDataObject = {};
	for (const name of fields) raw[name] = itemParameter(ctx.fn, name, itemIndex, undefined);
	const { guid: guidOverride, ...options } = itemParameter(
		ctx.fn,
		'options',
		itemIndex,
		{},
	) as IDataObject;
	for (const name of intoOptions) {
		const value = itemParameter(ctx.fn, name, itemIndex, null);
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
