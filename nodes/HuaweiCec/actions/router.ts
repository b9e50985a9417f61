/**
 * The node's execute: finds the operation, reads the credential once, then runs the items. Every
 * item is checked before the first request (an invalid item must not leave the items before it
 * sent and the rest not); each valid item is then sent once, one by one or a bounded number at a
 * time (never two of one agent at once). Output keeps input order, one item per input, pairedItem
 * set. Failures follow n8n's On Error setting; a stopped batch says what became of every item.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asAuthentication, AUTHENTICATION_LABELS, CREDENTIAL_OF } from '../helpers/authentication';
import {
	asNodeError,
	failureItem,
	fateOf,
	operationError,
	withFacts,
	type Fate,
	type NodeError,
} from '../helpers/errors';
import { MAX_IN_FLIGHT } from '../helpers/fields';
import { parseIntegrationCredentials, SessionError } from '../helpers/integration';
import { showValue, wholeNumber } from '../helpers/schema';
import { parseConnection, TransportError } from '../transport';
import * as agent from './agent';
import type { Operation, OperationContext, PreparedItem } from './operation';
import * as queue from './queue';
import * as supervisor from './supervisor';
import * as voiceCall from './voiceCall';

/** Every operation, by `resource.operation` as the node's fields name them. */
const OPERATIONS = new Map<string, Operation>([
	['agent.getStatus', agent.getStatus],
	['agent.getStatusByWorkNo', agent.getStatusByWorkNo],
	['queue.getAgents', queue.getAgents],
	['queue.getStatistics', queue.getStatistics],
	['queue.getWaitingCount', queue.getWaitingCount],
	['supervisor.forceBusy', supervisor.forceBusy],
	['supervisor.forceIdle', supervisor.forceIdle],
	['supervisor.forceRest', supervisor.forceRest],
	['supervisor.forceSignOut', supervisor.forceSignOut],
	['supervisor.setSkills', supervisor.setSkills],
	['voiceCall.callOut', voiceCall.callOut],
	['voiceCall.getCallInfo', voiceCall.getCallInfo],
	['voiceCall.hangUp', voiceCall.hangUp],
	['voiceCall.hold', voiceCall.hold],
	['voiceCall.transfer', voiceCall.transfer],
	['voiceCall.unhold', voiceCall.unhold],
]);

const concurrencySchema = wholeNumber('Requests in Flight', `1 to ${MAX_IN_FLIGHT}`).refine(
	(n) => n >= 1 && n <= MAX_IN_FLIGHT,
);

export async function router(fn: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = fn.getNode();
	const count = fn.getInputData().length;
	const resource = fn.getNodeParameter('resource', 0) as string;
	const operation = fn.getNodeParameter('operation', 0) as string;
	const op = OPERATIONS.get(`${resource}.${operation}`);
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
						"n8n's Retry On Fail runs the whole node again after any failure, which would send every item's action again, including those the gateway had already accepted. Turn off Settings › Retry On Fail. To handle failures, set Settings › On Error to Continue (using error output): each failed item says whether it may have been sent. To make a re-run safe, set Options › Only If Call ID Is. Nothing was sent.",
				},
				{ errorKind: 'validation', field: 'retryOnFail', fate: 'notSent' },
			),
		);
	}

	const authentication = asAuthentication(fn.getNodeParameter('authentication', 0, 'agentGuid'));
	const needs = op.authentication ?? 'agentGuid';
	if (needs !== authentication) {
		return everyItemFails(
			operationError(
				node,
				`This operation needs Authentication: ${AUTHENTICATION_LABELS[needs]}`,
				{
					description: `Set Authentication to ${AUTHENTICATION_LABELS[needs]}${needs === 'integrationAgent' ? ' (an agent account n8n signs in itself, with inspector rights for the Supervisor operations)' : ' (the Guid of the agent the operation acts for)'}. Nothing was sent.`,
				},
				{ errorKind: 'validation', field: 'authentication', fate: 'notSent' },
			),
		);
	}
	const credentials = await fn.getCredentials(CREDENTIAL_OF[authentication]);
	let ctx: OperationContext;
	try {
		// Parsed once per execution; the integration agent's credential holds its connection too.
		const integration =
			authentication === 'integrationAgent' ? parseIntegrationCredentials(credentials) : undefined;
		ctx = {
			fn,
			node,
			client: {
				connection: integration?.connection ?? parseConnection(credentials),
				send: async (options) => await fn.helpers.httpRequest(options),
				cancelSignal: fn.getExecutionCancelSignal(),
			},
			credentialGuid: typeof credentials.guid === 'string' ? credentials.guid : '',
			...(integration ? { integration } : {}),
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
					fate: 'notSent',
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
				{ errorKind: 'validation', field: 'concurrency', fate: 'notSent' },
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
	/** Items sent and not settled yet: at a stop, they may have happened. */
	const underWay = new Set<number>();
	const cancelSignal = ctx.client.cancelSignal;
	// n8n saves a stopped execution as it is at the stop, without this node's output: what each
	// item became goes to n8n's log and the execution's custom data, at once (the listener runs
	// before n8n takes that snapshot).
	const onStop = () => recordStop(fn, node.name, fatesAtStop(fates, underWay, count));
	cancelSignal?.addEventListener('abort', onStop, { once: true });
	let stop: { index: number; error: NodeError } | undefined;
	const sendOne = async ({ index, item }: { index: number; item: PreparedItem }) => {
		underWay.add(index);
		try {
			const json = await item.send(() => fates.set(index, 'accepted'));
			// A list operation (queue statistics, a queue's agents) gives one output item per entry.
			out[index] = Array.isArray(json)
				? json.map((entry) => ({ json: entry, pairedItem: { item: index } }))
				: { json, pairedItem: { item: index } };
			fates.set(index, 'accepted');
		} catch (error) {
			const nodeError = asNodeError(node, error, index);
			fates.set(index, fates.get(index) === 'accepted' ? 'accepted' : fateOf(nodeError));
			if (continueOnFail) out[index] = failureItem(nodeError, index);
			else stop ??= { index, error: nodeError };
		} finally {
			underWay.delete(index);
		}
	};
	try {
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
	} finally {
		cancelSignal?.removeEventListener('abort', onStop);
	}
	if (stop) throw batchStopped(stop, fates, count, op.isAction);
	return [out.flat()];
}

/** Item numbers (from 1) as ranges: [1,2,3,5] → "1–3, 5". */
function ranges(numbers: number[]): string[] {
	const sorted = [...numbers].sort((a, b) => a - b);
	const out: string[] = [];
	const n = (x: number) => x.toLocaleString('en-US');
	for (let i = 0; i < sorted.length; i++) {
		const first = sorted[i];
		while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1) i++;
		out.push(first === sorted[i] ? n(first) : `${n(first)}–${n(sorted[i])}`);
	}
	return out;
}

/** At most this many ranges in a message; the full lists are in the error's context. */
const MAX_RANGES = 6;
/** Up to this many items are named one by one. */
const FEW = 5;

/** "item 3", "items 1–3 and 5", "1,200 items (1–998, 1,000–1,199 …)": bounded, whatever the count. */
function describeItems(numbers: number[]): string {
	const sorted = [...numbers].sort((a, b) => a - b).map((n) => n.toLocaleString('en-US'));
	if (sorted.length === 1) return `item ${sorted[0]}`;
	if (sorted.length <= FEW) return `items ${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)}`;
	const parts = ranges(numbers);
	const count = `${numbers.length.toLocaleString('en-US')} items`;
	if (parts.length > MAX_RANGES)
		return `${count} (${parts.slice(0, MAX_RANGES).join(', ')} and ${parts.length - MAX_RANGES} more ranges)`;
	const shown =
		parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
	return `${count} (${shown})`;
}

const capitalized = (text: string) => `${text[0].toUpperCase()}${text.slice(1)}`;

/** Without Continue On Fail, one invalid item stops the batch before anything is sent. */
function batchRefused(
	invalid: Array<{ index: number; error: NodeError }>,
	count: number,
): NodeError {
	const [first] = invalid;
	const rest = invalid.slice(1).map((x) => x.index + 1);
	const others =
		rest.length > 0
			? ` ${capitalized(describeItems(rest))} of the ${count.toLocaleString('en-US')} items ${rest.length > 1 ? 'are' : 'is'} invalid too.`
			: '';
	first.error.message = `Item ${first.index + 1}: ${first.error.message}`;
	first.error.description =
		`${first.error.description ?? ''} Nothing was sent for any item: every item is checked before the first request.${others}`.trim();
	return withFacts(first.error, {
		fate: 'notSent',
		invalidItems: invalid.map((x) => x.index + 1),
		batch: batchFacts(new Map(), new Set(), count),
	});
}

/** Every item of the batch by fate, numbered from 1; an item not settled counts as not sent. */
function batchFacts(fates: Map<number, Fate>, underWay: Set<number>, count: number) {
	const batch = {
		itemCount: count,
		numbering: 'from 1',
		accepted: [] as number[],
		refused: [] as number[],
		unknown: [] as number[],
		notSent: [] as number[],
	};
	for (let i = 0; i < count; i++)
		batch[underWay.has(i) ? 'unknown' : (fates.get(i) ?? 'notSent')].push(i + 1);
	return batch;
}

/** At a stop, an item sent and not settled may have happened. */
function fatesAtStop(fates: Map<number, Fate>, underWay: Set<number>, count: number) {
	return batchFacts(
		new Map([...fates].filter(([i, fate]) => !(underWay.has(i) && fate !== 'accepted'))),
		new Set([...underWay].filter((i) => fates.get(i) !== 'accepted')),
		count,
	);
}

type BatchFacts = ReturnType<typeof batchFacts>;

/** The batch in words: what was accepted, refused, may have happened and was never sent. */
function describeBatch(batch: BatchFacts): string {
	const { accepted, refused, unknown, notSent } = batch;
	const were = (n: number[]) => (n.length > 1 ? 'were' : 'was');
	return [
		accepted.length > 0
			? `${describeItems(accepted)} ${were(accepted)} accepted by the gateway`
			: 'no item was accepted',
		refused.length > 0
			? `${describeItems(refused)} ${were(refused)} refused by the gateway (nothing happened)`
			: '',
		unknown.length > 0 ? `${describeItems(unknown)} may have happened (no answer says)` : '',
		notSent.length > 0 ? `${describeItems(notSent)} ${were(notSent)} never sent` : '',
	]
		.filter(Boolean)
		.join('; ');
}

/**
 * A stopped execution: n8n's log at warn (item numbers only, no Guid) and the execution's custom
 * data, one key per fate (n8n keeps at most 10 keys of 255 characters).
 */
function recordStop(fn: IExecuteFunctions, nodeName: string, batch: BatchFacts): void {
	const summary = describeBatch(batch);
	fn.logger.warn(`Huawei CEC node "${nodeName}": the execution was stopped; ${summary}`, {
		executionId: fn.getExecutionId(),
		accepted: ranges(batch.accepted).join(', '),
		refused: ranges(batch.refused).join(', '),
		unknown: ranges(batch.unknown).join(', '),
		notSent: ranges(batch.notSent).join(', '),
	});
	try {
		for (const fate of ['accepted', 'refused', 'unknown', 'notSent'] as const) {
			const list = batch[fate];
			const text = list.length > 0 ? `${list.length}: ${ranges(list).join(', ')}` : '0';
			fn.customData.set(`cec_${fate}`, text.length > 255 ? `${text.slice(0, 254)}…` : text);
		}
	} catch (error) {
		fn.logger.warn(`Huawei CEC: the stop could not be kept in the execution's custom data`, {
			reason: String(error),
		});
	}
}

/**
 * On Error = Stop: the failed item's error, with what became of every item of the batch (numbered
 * from 1), so a builder can act on exactly those that happened or may have.
 */
function batchStopped(
	stop: { index: number; error: NodeError },
	fates: Map<number, Fate>,
	count: number,
	isAction: boolean,
): NodeError {
	const batch = batchFacts(fates, new Set(), count);
	const check = batch.accepted.length + batch.unknown.length;
	const advice =
		isAction && check > 0
			? ` Running the node again sends the accepted items again${batch.unknown.length > 0 ? ' and may repeat those that may have happened (read their calls first)' : ''}: run only the items that were never sent or were refused, or set Options › Only If Call ID Is.`
			: '';
	stop.error.description =
		`${stop.error.description ?? ''} This run stopped at item ${(stop.index + 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')}: ${describeBatch(batch)}.${advice}`.trim();
	return withFacts(stop.error, { batch });
}

/**
 * Up to `limit` at once, for items of different keys (agents); two of one key run one after the
 * other, in input order. An item whose key is busy waits in that key's queue without holding one
 * of the `limit` slots, so items of other keys start meanwhile. Once `stopped()` says so, no new
 * item starts; those under way finish.
 */
async function overlapped<T>(
	items: T[],
	limit: number,
	keyOf: (item: T) => string,
	run: (item: T) => Promise<void>,
	stopped: () => boolean,
): Promise<void> {
	/** Keys with an item under way, and the items of that key waiting behind it. */
	const waiting = new Map<string, T[]>();
	let next = 0;
	/** The next item in input order whose key is free; items of a busy key join its queue. */
	const take = (): T | undefined => {
		while (next < items.length) {
			const item = items[next++];
			const queue = waiting.get(keyOf(item));
			if (!queue) return item;
			queue.push(item);
		}
		return undefined;
	};
	const slot = async () => {
		for (let item = take(); item !== undefined && !stopped(); item = take()) {
			const key = keyOf(item);
			const queue: T[] = [];
			waiting.set(key, queue);
			for (let own: T | undefined = item; own !== undefined && !stopped(); own = queue.shift())
				await run(own);
			waiting.delete(key);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, slot));
}
