/**
 * The contract between the router and an operation (`*.operation.ts` under its resource): the
 * router prepares every item (no network), then sends each prepared item once.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { RequestContext } from '../helpers/agentRequest';
import type { Authentication } from '../helpers/authentication';
import type { ItemContext } from '../helpers/item';

/** What every operation gets: n8n's functions, the node, the gateway client and the credential's Guid. */
export interface OperationContext extends RequestContext, ItemContext {}

/** One checked item, ready to be sent. */
export interface PreparedItem {
	/** Items with the same key (the agent) are sent one after the other, never at once. */
	key: string;
	/**
	 * Sends the item's request(s) once and returns its output json. `accepted` is called as soon as
	 * the gateway has accepted the action, when more work follows (Wait for Outcome). A list
	 * operation (queue statistics, a queue's agents) returns a list: one output item per entry.
	 */
	send(accepted?: () => void): Promise<IDataObject | IDataObject[]>;
}

/**
 * Reads and checks one item with no network; throws a NodeOperationError naming the field for
 * invalid input. The router runs it for every item before the first request.
 */
export type Prepare = (ctx: OperationContext, itemIndex: number) => PreparedItem;

/** An operation module. */
export interface Operation {
	description: INodeProperties[];
	prepare: Prepare;
	/** Whether it acts on a call (not idempotent) rather than reads (a read-only query). */
	isAction: boolean;
	/** The authentication it works under; the agent's Guid when not said. */
	authentication?: Authentication;
}
