/**
 * The node's errors: n8n's own classes, with what the builder should do in `description` and the
 * facts (errorKind, fate, retcode, field, the item's agent and target …) in the error's `context`,
 * where n8n shows them and Continue On Fail outputs them.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';

import type { Refusal } from './schema';

export type NodeError = NodeApiError | NodeOperationError;

/**
 * What kind of failure it is: the item's input, the credential, the call guard's refusal, the
 * gateway's refusal (a retcode) or the way there (transport).
 */
export type ErrorKind = 'validation' | 'credential' | 'callGuard' | 'gateway' | 'transport';

/**
 * Did the item's request happen? One answer per failed item:
 * - `notSent`: nothing of it reached the gateway (bad input, the call guard, a refused connection …);
 * - `refused`: the gateway answered with a retcode that means it did nothing;
 * - `accepted`: the gateway accepted it (retcode 0) and something after that failed, e.g. watching
 *   the call after a transfer, or an answer of an unknown shape to a read-only query;
 * - `unknown`: it may have reached the gateway and no answer says what happened (a timeout, a lost
 *   connection, a stop while it was under way, a retcode meaning "failed part-way").
 */
export type Fate = 'notSent' | 'refused' | 'accepted' | 'unknown';

const FATES: readonly Fate[] = ['notSent', 'refused', 'accepted', 'unknown'];

export interface Facts extends IDataObject {
	errorKind: ErrorKind;
	fate: Fate;
}

/** The fate an error records; an error without one (a bug, not a request) is `unknown`. */
export function fateOf(error: NodeError): Fate {
	const fate = error.context.fate;
	return FATES.includes(fate as Fate) ? (fate as Fate) : 'unknown';
}

/** Adds the facts to n8n's error context. */
/** A remedy or meaning as a sentence: capitalised, with a full stop; nothing for nothing. */
export const sentence = (s: string) => (s ? `${s[0].toUpperCase()}${s.slice(1)}.` : '');

export function withFacts<E extends NodeError>(error: E, facts: IDataObject): E {
	Object.assign(error.context, facts);
	return error;
}

export function operationError(
	node: INode,
	message: string,
	options: { itemIndex?: number; description?: string },
	facts: Facts,
): NodeOperationError {
	return withFacts(new NodeOperationError(node, message, options), facts);
}

export function apiError(
	node: INode,
	response: JsonObject,
	options: { itemIndex?: number; message: string; description: string; httpCode?: string },
	facts: Facts,
): NodeApiError {
	return withFacts(new NodeApiError(node, response, options), facts);
}

/**
 * A retcode-0 answer of a shape the node does not know (`what` the answer lacks): fails loudly,
 * naming the interface, rather than being read as something it may not mean.
 */
export function unknownAnswer(
	node: INode,
	itemIndex: number,
	answer: { name: string; path: string; lacks: string; expected: string; retcode: string },
	facts: IDataObject,
): NodeApiError {
	return apiError(
		node,
		{ retcode: answer.retcode } as JsonObject,
		{
			message: `The gateway's ${answer.name} answer has a shape this node does not know (${answer.lacks}); a read-only query, safe to run again`,
			description: `${answer.path} answered retcode 0, but its result is not ${answer.expected}. This is a read-only query: nothing changed. Please report the answer's shape.`,
			itemIndex,
		},
		// The gateway took the query (retcode 0): it happened, and a query changes nothing.
		{ ...facts, errorKind: 'gateway', retcode: answer.retcode, fate: 'accepted', readOnly: true },
	);
}

/** What to do about a refused input. */
export function refusalDescription(refusal: Refusal, labels: Record<string, string>): string {
	const more =
		refusal.more > 0
			? ` (${refusal.more} more problem${refusal.more > 1 ? 's' : ''} in this item.)`
			: '';
	return `Fix the field "${labels[refusal.field] ?? refusal.field}" and run again. Nothing was sent to the gateway for this item.${more}`;
}

/** An input that breaks a rule: nothing was sent for the item. */
export function invalidItem(
	node: INode,
	itemIndex: number,
	refusal: Refusal,
	labels: Record<string, string>,
): NodeOperationError {
	return operationError(
		node,
		refusal.message,
		{ itemIndex, description: refusalDescription(refusal, labels) },
		{ errorKind: 'validation', field: refusal.field, fate: 'notSent' },
	);
}

/** Anything unexpected still reaches n8n as one of its own errors, tied to the item. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	// Not one of the node's own failures: nothing says whether a request went out.
	return withFacts(
		new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex }),
		{ fate: 'unknown' },
	);
}

/** The facts of an error as plain data: its description and context, without n8n's own bookkeeping. */
export function factsOf(error: NodeError): IDataObject {
	const details: IDataObject = {};
	if (error.description) details.description = error.description;
	for (const [name, value] of Object.entries(error.context)) {
		if (value !== undefined && name !== 'runIndex' && name !== 'metadata') details[name] = value;
	}
	return details;
}

/**
 * A failed item under Continue On Fail, one shape in both modes: `{ error, details }`. n8n routes
 * an item whose json holds only error/message/details to the error output (adding the input item's
 * fields there); an item with its own `error` property would lose its json to `{ error }`.
 */
export function failureItem(error: NodeError, itemIndex: number): INodeExecutionData {
	return {
		json: { error: error.message, details: factsOf(error) },
		pairedItem: { item: itemIndex },
	};
}
