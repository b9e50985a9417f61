/**
 * The node's errors: n8n's own classes, with what the builder should do in `description` and the
 * facts (errorKind, retcode, field, sent, mayHaveBeenSent, the item's agent and target …) in the
 * error's `context`, where n8n shows them and Continue On Fail outputs them.
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

export interface Facts extends IDataObject {
	errorKind: ErrorKind;
	/** true when nothing of this item reached the gateway. */
	sent?: boolean;
	/** true when the request may have reached the gateway (an action may have happened). */
	mayHaveBeenSent?: boolean;
}

/** Adds the facts to n8n's error context. */
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
	options: { itemIndex: number; message: string; description: string; httpCode?: string },
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
			message: `The gateway's ${answer.name} answer has a shape this node does not know (${answer.lacks})`,
			description: `${answer.path} answered retcode 0, but its result is not ${answer.expected}. This is a read-only query: nothing changed. Please report the answer's shape.`,
			itemIndex,
		},
		{ errorKind: 'gateway', retcode: answer.retcode, sent: true, mayHaveBeenSent: true, ...facts },
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
		{ errorKind: 'validation', field: refusal.field, sent: false, mayHaveBeenSent: false },
	);
}

/** Anything unexpected still reaches n8n as one of its own errors, tied to the item. */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
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
