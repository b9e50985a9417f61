/**
 * Routes each item to its operation and applies n8n's per-item error contract: one output item per
 * input item, `pairedItem` always set, Continue On Fail turning an error into an item.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ConnectionSettings } from '../transport';
import { gatewayOrigin, TransportError } from '../transport';
import type { OperationContext } from './context';
import { detailsOf } from './failure';
import * as transfer from './voiceCall/transfer.operation';

/**
 * An operation in two steps: `prepare` decides everything that needs no network (and throws for
 * invalid input); `send` does the one request. `key` names what must never run twice at once.
 */
interface Operation<P = unknown> {
	prepare(ctx: OperationContext, itemIndex: number): P;
	send(ctx: OperationContext, itemIndex: number, prepared: P): Promise<INodeExecutionData>;
	key(prepared: P): string;
}

const transferOperation: Operation<transfer.PreparedTransfer> = {
	prepare: transfer.prepare,
	send: transfer.send,
	key: (p) => p.agentKey,
};

const operations: Record<string, Record<string, Operation>> = {
	voiceCall: { transfer: transferOperation as Operation },
};

export const MAX_IN_FLIGHT = 16;

async function connectionFor(fn: IExecuteFunctions): Promise<{ connection: ConnectionSettings; guid: string }> {
	const credentials = await fn.getCredentials('huaweiCecApi');
	let origin: string;
	try {
		origin = gatewayOrigin(credentials.baseUrl);
	} catch (error) {
		const e = error as TransportError;
		throw new NodeOperationError(fn.getNode(), e.message, { description: e.remedy });
	}
	return {
		connection: {
			origin,
			caCertificate: typeof credentials.caCertificate === 'string' ? credentials.caCertificate.trim() : undefined,
			allowUnauthorizedCerts: credentials.allowUnauthorizedCerts === true,
		},
		guid: typeof credentials.guid === 'string' ? credentials.guid : '',
	};
}

export async function route(fn: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = fn.getInputData();
	const resource = fn.getNodeParameter('resource', 0) as string;
	const operation = fn.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(fn.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const { connection, guid } = await connectionFor(fn);
	const ctx: OperationContext = { fn, connection, credentialGuid: guid };

	const limit = inFlightLimit(fn);
	return [limit === 1 ? await oneByOne(fn, ctx, run, items.length) : await overlapped(fn, ctx, run, items.length, limit)];
}

function inFlightLimit(fn: IExecuteFunctions): number {
	const value = fn.getNodeParameter('options.concurrency', 0, 1) as unknown;
	const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_IN_FLIGHT) {
		throw new NodeOperationError(fn.getNode(), `Requests in Flight must be a whole number from 1 to ${MAX_IN_FLIGHT}; got ${String(value)}`, {
			description: 'It is read from the first item. Nothing was sent.',
		});
	}
	return n;
}

async function oneByOne(fn: IExecuteFunctions, ctx: OperationContext, op: Operation, count: number): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		try {
			out.push(await op.send(ctx, i, op.prepare(ctx, i)));
		} catch (error) {
			if (!fn.continueOnFail()) throw error;
			out.push({ json: failureItem(error), pairedItem: { item: i } });
		}
	}
	return out;
}

/**
 * Up to `limit` requests at once, for items of different agents: output stays in input order, two
 * transfers of the same agent never overlap, and without Continue On Fail the first failure stops
 * new requests (those already sent finish) and is raised.
 */
async function overlapped(fn: IExecuteFunctions, ctx: OperationContext, op: Operation, count: number, limit: number): Promise<INodeExecutionData[]> {
	const out = new Array<INodeExecutionData>(count);
	const continueOnFail = fn.continueOnFail();
	const lastOfAgent = new Map<string, Promise<void>>();
	const inFlight = new Set<Promise<void>>();
	let failure: { error: unknown } | undefined;
	const fail = (i: number, error: unknown) => {
		if (continueOnFail) out[i] = { json: failureItem(error), pairedItem: { item: i } };
		else failure ??= { error };
	};

	for (let i = 0; i < count && !failure; i++) {
		let prepared: unknown;
		try {
			prepared = op.prepare(ctx, i);
		} catch (error) {
			fail(i, error);
			continue;
		}
		while (inFlight.size >= limit) await Promise.race(inFlight);
		if (failure) break;
		const key = op.key(prepared);
		const task = (lastOfAgent.get(key) ?? Promise.resolve()).then(() =>
			op.send(ctx, i, prepared).then(
				(item) => void (out[i] = item),
				(error: unknown) => fail(i, error),
			),
		);
		lastOfAgent.set(key, task);
		const tracked = task.finally(() => {
			inFlight.delete(tracked);
			if (lastOfAgent.get(key) === task) lastOfAgent.delete(key);
		});
		inFlight.add(tracked);
	}
	await Promise.all(inFlight);
	if (failure) throw failure.error;
	return out;
}

function failureItem(error: unknown): IDataObject {
	const e = error as { message?: string; description?: string | null };
	return {
		success: false,
		error: e.message ?? String(error),
		...(e.description ? { description: e.description } : {}),
		...detailsOf(error),
	};
}
