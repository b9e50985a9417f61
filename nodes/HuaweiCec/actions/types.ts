import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OperationContext } from './context';

/** One checked item, ready to be sent: what must never run twice at once, and how to send it. */
export interface PreparedItem {
	/** Items with the same key (the agent) are sent one after the other, never at once. */
	key: string;
	/** Sends the item's request(s) once and returns its output json. */
	send(): Promise<IDataObject>;
}

/**
 * Decides everything about one item that needs no network, and throws a NodeOperationError (with
 * itemIndex and `validation` details) for invalid input; it runs for every item before any sends.
 */
export type Prepare = (ctx: OperationContext, itemIndex: number) => PreparedItem;

/**
 * An operation: one folder under its resource, registered by one line in the resource's index.ts.
 * Its fields are loaded with the node (n8n loads every node at start); its checks and requests are
 * loaded by `load` on first use, so they cost nothing until a workflow runs the operation.
 */
export interface OperationDefinition {
	value: string;
	name: string;
	/** n8n's action text, e.g. "Transfer a call". */
	action: string;
	/** What the operation does; also the description an AI agent reads to choose the tool. */
	description: string;
	/** The operation's own fields; the resource adds its resource/operation display condition. */
	fields: INodeProperties[];
	load(): Promise<Prepare>;
}

export interface ResourceDefinition {
	value: string;
	name: string;
	operations: OperationDefinition[];
}
