/**
 * The node's execute: finds the operation, reads the credential once, then runs the items. Every
 * item is checked before the first request (an invalid item must not leave the items before it
 * sent and the rest not); each valid item is then sent once, one by one or a bounded number at a
 * time (never two of one agent at once). Output keeps input order, one item per input, pairedItem
 * set. Failures follow n8n's On Error setting; a stopped batch says what became of every item.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation, OperationContext, PreparedItem } from '../helpers/agentRequest';
import {
	asAuthentication,
	AUTHENTICATION_LABELS,
	CREDENTIAL_OF,
	type Authentication,
} from '../helpers/authentication';
import {
	asNodeError,
	failureItem,
	operationError,
	withFacts,
	type NodeError,
} from '../helpers/errors';
import { MAX_IN_FLIGHT } from '../helpers/fields';
import { parseIntegrationCredentials, SessionError } from '../helpers/integration';
import { showValue, wholeNumber } from '../helpers/schema';
import { parseConnection, TransportError } from '../transport';
import * as agent from './agent';
import * as queue from './queue';
import * as supervisor from './supervisor';
import * as voiceCall from './voiceCall';

const RESOURCES: Record<string, Record<string, unknown>> = { agent, queue, supervisor, voiceCall };

/** The authentication an operation works under (an operation module's `authentication`). */
const authenticationOf = (op: Operation): Authentication =>
	asAuthentication((op as { authentication?: unknown }).authentication);

function findOperation(resource: string, operation: string): Operation | undefined {
	const op = RESOURCES[resource]?.[operation] as Partial<Operation> | undefined;
	return op && typeof op.prepare === 'function' ? (op as Operation) : undefined;
}

const concurrencySchema = wholeNumber('Requests in Flight', `1 to ${MAX_IN_FLIGHT}`).refine(
	(n) => n >= 1 && n <= MAX_IN_FLIGHT,
);

/** What became of an item that reached the sending stage. */
type Fate = 'accepted' | 'mayHaveBeenSent' | 'notSent';

export async function router(fn: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = fn.getNode();
	const count = fn.getInputData().length;
	const resource = fn.getNodeParameter('resource', 0) as string;
	const operation = fn.getNodeParameter('operation', 0) as string;
	const op = findOperation(resource, operation);
	if (!op)
		throw new NodeOperationError(
			node,
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	const continueOnFail = fn.continueOnFail();

	/** A failure of the whole run (the credential, a node-wide setting) fails every item; nothing is sent. */
	const everyItemFails = (error: NodeError): INodeExecutionData[][] => {
		if (!continueOnFail) throw error;
		return [Array.from({ length: count }, (_, i) => failureItem(error, i))];
	};

	if (op.isAction && node.retryOnFail === true) {
		return everyItemFails(
			operationError(
				node,
				'Retry On Fail is on: this operation acts on a live call and does not run with it',
				{
					description:
						"n8n's Retry On Fail runs the whole node again after any failure, which would send every item's action again, including those the gateway had already accepted. Turn off Settings › Retry On Fail. To handle failures, set Settings › On Error to Continue (using error output): each failed item says whether it may have been sent. To make a re-run safe, set Options › Only If the Call Is. Nothing was sent.",
				},
				{ errorKind: 'validation', field: 'retryOnFail', sent: false, mayHaveBeenSent: false },
			),
		);
	}

	const authentication = asAuthentication(fn.getNodeParameter('authentication', 0, 'agentGuid'));
	const needs = authenticationOf(op);
	if (needs !== authentication) {
		return everyItemFails(
			operationError(
				node,
				`This operation needs Authentication: ${AUTHENTICATION_LABELS[needs]}`,
				{
					description: `Set Authentication to ${AUTHENTICATION_LABELS[needs]}${needs === 'integrationAgent' ? ' (an agent account n8n signs in itself, with inspector rights for the Supervisor operations)' : ' (the Guid of the agent the operation acts for)'}. Nothing was sent.`,
				},
				{ errorKind: 'validation', field: 'authentication', sent: false, mayHaveBeenSent: false },
			),
		);
	}
	const credentials = await fn.getCredentials(CREDENTIAL_OF[authentication]);
	let ctx: OperationContext;
	try {
		ctx = {
			fn,
			node,
			client: {
				connection: parseConnection(credentials),
				send: async (options) => await fn.helpers.httpRequest(options),
				cancelSignal: fn.getExecutionCancelSignal(),
			},
			credentialGuid: typeof credentials.guid === 'string' ? credentials.guid : '',
			...(authentication === 'integrationAgent'
				? { integration: parseIntegrationCredentials(credentials) }
				: {}),
		};
	} catch (error) {
		const known =
			error instanceof TransportError || error instanceof SessionError ? error : undefined;
		return everyItemFails(
			operationError(
				node,
				known?.message ?? String(error),
				{ description: known?.remedy },
				{
					errorKind: 'credential',
					field:
						known instanceof SessionError
							? (known.field ?? 'baseUrl')
							: known?.kind === 'badCaCertificate'
								? 'caPem'
								: 'baseUrl',
					sent: false,
					mayHaveBeenSent: false,
				},
			),
		);
	}
	const inFlight = fn.getNodeParameter('options.concurrency', 0, 1);
	const concurrency = concurrencySchema.safeParse(inFlight);
	if (!concurrency.success) {
		return everyItemFails(
			operationError(
				node,
				`Requests in Flight must be a whole number from 1 to ${MAX_IN_FLIGHT}; got ${showValue(inFlight)}`,
				{ description: 'It is read from the first item. Nothing was sent.' },
				{ errorKind: 'validation', field: 'concurrency', sent: false, mayHaveBeenSent: false },
			),
		);
	}
	const limit = concurrency.data;

	// Every item is checked before anything is sent.
	const out = new Array<INodeExecutionData | INodeExecutionData[]>(count);
	const ready: Array<{ index: number; item: PreparedItem }> = [];
	const invalid: Array<{ index: number; error: NodeError }> = [];
	for (let i = 0; i < count; i++) {
		try {
			ready.push({ index: i, item: op.prepare(ctx, i) });
		} catch (error) {
			const nodeError = asNodeError(node, error, i);
			invalid.push({ index: i, error: nodeError });
			out[i] = failureItem(nodeError, i);
		}
	}
	if (invalid.length > 0 && !continueOnFail) throw batchRefused(invalid, count);

	const fates = new Map<number, Fate>();
	let stop: { index: number; error: NodeError } | undefined;
	const sendOne = async ({ index, item }: { index: number; item: PreparedItem }) => {
		try {
			const json = await item.send();
			// A list operation (queue statistics, a queue's agents) gives one output item per entry.
			out[index] = Array.isArray(json)
				? json.map((entry) => ({ json: entry, pairedItem: { item: index } }))
				: { json, pairedItem: { item: index } };
			fates.set(index, 'accepted');
		} catch (error) {
			const nodeError = asNodeError(node, error, index);
			fates.set(index, nodeError.context.mayHaveBeenSent === false ? 'notSent' : 'mayHaveBeenSent');
			if (continueOnFail) out[index] = failureItem(nodeError, index);
			else stop ??= { index, error: nodeError };
		}
	};
	if (limit === 1) {
		for (const entry of ready) {
			if (stop) break;
			await sendOne(entry);
		}
	} else {
		await overlapped(
			ready,
			limit,
			(entry) => entry.item.key,
			sendOne,
			() => stop !== undefined,
		);
	}
	if (stop) throw batchStopped(stop, fates, count, op.isAction);
	return [out.flat()];
}

const list = (numbers: number[]) =>
	numbers.length === 1
		? `item ${numbers[0]}`
		: `items ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;

/** Without Continue On Fail, one invalid item stops the batch before anything is sent. */
function batchRefused(
	invalid: Array<{ index: number; error: NodeError }>,
	count: number,
): NodeError {
	const [first] = invalid;
	const rest = list(invalid.slice(1).map((x) => x.index + 1));
	const others =
		invalid.length > 1
			? ` ${rest[0].toUpperCase()}${rest.slice(1)} of the ${count} items ${invalid.length > 2 ? 'are' : 'is'} invalid too.`
			: '';
	first.error.message = `Item ${first.index + 1}: ${first.error.message}`;
	first.error.description =
		`${first.error.description ?? ''} Nothing was sent for any item: every item is checked before the first request.${others}`.trim();
	return withFacts(first.error, {
		sent: false,
		mayHaveBeenSent: false,
		batch: {
			itemCount: count,
			numbering: 'from 1',
			accepted: [],
			mayHaveBeenSent: [],
			notSent: Array.from({ length: count }, (_, i) => i + 1),
		},
	});
}

/**
 * On Error = Stop: the failed item's error, with what became of every item of the batch (numbered
 * from 1), so a builder can act on exactly those that were or may have been sent.
 */
function batchStopped(
	stop: { index: number; error: NodeError },
	fates: Map<number, Fate>,
	count: number,
	isAction: boolean,
): NodeError {
	const batch: IDataObject = {
		itemCount: count,
		numbering: 'from 1',
		accepted: [],
		mayHaveBeenSent: [],
		notSent: [],
	};
	for (let i = 0; i < count; i++) (batch[fates.get(i) ?? 'notSent'] as number[]).push(i + 1);
	const accepted = batch.accepted as number[];
	const maybe = batch.mayHaveBeenSent as number[];
	const notSent = batch.notSent as number[];
	const parts = [
		accepted.length > 0
			? `${list(accepted)} ${accepted.length > 1 ? 'were' : 'was'} accepted by the gateway`
			: 'no item was accepted',
		maybe.length > 0 ? `${list(maybe)} may have been sent` : '',
		notSent.length > 0 ? `${list(notSent)} ${notSent.length > 1 ? 'were' : 'was'} never sent` : '',
	].filter(Boolean);
	const advice =
		isAction && accepted.length + maybe.length > 0
			? ' Running the node again sends the accepted items again: run only the items that were never sent, or set Options › Only If the Call Is.'
			: '';
	stop.error.description =
		`${stop.error.description ?? ''} This run stopped at item ${stop.index + 1} of ${count}: ${parts.join('; ')}.${advice}`.trim();
	return withFacts(stop.error, { batch });
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
		const task = (lastOfKey.get(key) ?? Promise.resolve()).then(() =>
			stopped() ? undefined : run(item),
		);
		lastOfKey.set(key, task);
		const tracked = task.finally(() => {
			inFlight.delete(tracked);
			if (lastOfKey.get(key) === task) lastOfKey.delete(key);
		});
		inFlight.add(tracked);
	}
	await Promise.all(inFlight);
}
