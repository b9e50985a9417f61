/**
 * The one per-item runner. Every item is checked before the first request (an invalid item in a
 * batch must not leave the items before it transferred and the rest not); then each valid item is
 * sent once, one by one or a bounded number at a time (never two of one agent at once), and the
 * output keeps input order, one item per input with pairedItem. Failures follow n8n's settings:
 * stop the run, or become items that "Continue (using error output)" routes to the error output
 * and "Continue (regular output)" keeps in the main one.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { detailsOf, withDetails } from '../common/failure';
import { settle, settleAsync } from '../common/settle';
import type { OperationContext } from './context';
import type { OperationDefinition, PreparedItem } from './types';

type NodeError = NodeApiError | NodeOperationError;

/** Anything unexpected still reaches n8n as one of its own error classes, tied to the item. */
function asNodeError(fn: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return withDetails(new NodeOperationError(fn.getNode(), error instanceof Error ? error : String(error), { itemIndex }), detailsOf(error));
}

/**
 * A failed item under Continue On Fail. n8n routes an item to the error output only when its json
 * holds nothing but error/message/details (an item carrying `.error` is flattened to its message,
 * losing every fact), so the facts go into `details` there, and stay flat in the regular output.
 */
export function failureItem(fn: IExecuteFunctions, error: NodeError, itemIndex: number): INodeExecutionData {
	const facts: IDataObject = { ...(error.description ? { description: error.description } : {}), ...detailsOf(error) };
	if (fn.getNode().onError === 'continueErrorOutput') {
		return { json: { error: error.message, details: facts }, pairedItem: { item: itemIndex } };
	}
	return { json: { success: false, error: error.message, ...facts }, pairedItem: { item: itemIndex } };
}

/** Without Continue On Fail, one invalid item stops the batch before anything is sent. */
function batchRefused(fn: IExecuteFunctions, first: { index: number; error: NodeError }, invalid: number, count: number): NodeError {
	const others = invalid > 1 ? ` ${invalid - 1} more of the ${count} items ${invalid > 2 ? 'are' : 'is'} invalid too.` : '';
	return withDetails(
		new NodeOperationError(fn.getNode(), `Item ${first.index + 1}: ${first.error.message}`, {
			itemIndex: first.index,
			description: `${first.error.description ?? ''} Nothing was sent for any item: every item is checked before the first request.${others}`.trim(),
		}),
		{ ...detailsOf(first.error), sent: false },
	);
}

export async function runItems(ctx: OperationContext, op: OperationDefinition, count: number, limit: number): Promise<INodeExecutionData[]> {
	const { fn } = ctx;
	const prepare = await op.load();
	const continueOnFail = fn.continueOnFail();
	const out = new Array<INodeExecutionData>(count);
	const ready: Array<{ index: number; prepared: PreparedItem }> = [];
	let firstInvalid: { index: number; error: NodeError } | undefined;
	let invalid = 0;
	for (let i = 0; i < count; i++) {
		const checked = settle(() => prepare(ctx, i));
		if (checked.ok) {
			ready.push({ index: i, prepared: checked.value });
			continue;
		}
		const error = asNodeError(fn, checked.error, i);
		invalid++;
		firstInvalid ??= { index: i, error };
		out[i] = failureItem(fn, error, i);
	}
	if (firstInvalid && !continueOnFail) throw batchRefused(fn, firstInvalid, invalid, count);

	let stop: NodeError | undefined;
	const sendOne = async ({ index, prepared }: { index: number; prepared: PreparedItem }) => {
		const sent = await settleAsync(() => prepared.send());
		if (sent.ok) {
			out[index] = { json: sent.value, pairedItem: { item: index } };
			return;
		}
		const error = asNodeError(fn, sent.error, index);
		if (continueOnFail) out[index] = failureItem(fn, error, index);
		else stop ??= error;
	};

	if (limit <= 1) {
		for (const item of ready) {
			if (stop) break;
			await sendOne(item);
		}
	} else {
		await overlapped(ready, limit, (item) => item.prepared.key, sendOne, () => stop !== undefined);
	}
	if (stop) throw stop;
	return out;
}

/**
 * Up to `limit` at once, for items of different keys (agents); two of one key run one after the
 * other. Once `stopped()` says so, no new item starts; those under way finish.
 */
async function overlapped<T>(
	items: T[],
	limit: number,
	keyOf: (item: T) => string,
	run: (item: T) => Promise<void>,
	stopped: () => boolean,
): Promise<void> {
	const lastOfKey = new Map<string, Promise<void>>();
	const inFlight = new Set<Promise<void>>();
	for (const item of items) {
		while (inFlight.size >= limit) await Promise.race(inFlight);
		if (stopped()) break;
		const key = keyOf(item);
		const task = (lastOfKey.get(key) ?? Promise.resolve()).then(() => (stopped() ? undefined : run(item)));
		lastOfKey.set(key, task);
		const tracked = task.finally(() => {
			inFlight.delete(tracked);
			if (lastOfKey.get(key) === task) lastOfKey.delete(key);
		});
		inFlight.add(tracked);
	}
	await Promise.all(inFlight);
}
