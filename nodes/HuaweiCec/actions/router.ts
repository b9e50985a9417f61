/**
 * Routes the node's items to their operation: resolves the credential once per execution, reads
 * the node-wide options, and hands the items to the shared runner.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { withDetails } from '../common/failure';
import { MAX_IN_FLIGHT } from '../common/fields';
import { settle } from '../common/settle';
import { parseConnection, TransportError, type GatewayClient } from '../transport';
import type { OperationContext } from './context';
import { findOperation } from './registry';
import { failureItem, runItems } from './runItems';

/** The credential's connection problem (Base URL, CA Certificate), named by its field. */
function connectionError(fn: IExecuteFunctions, e: unknown): NodeOperationError {
	const known = e instanceof TransportError ? e : undefined;
	return withDetails(new NodeOperationError(fn.getNode(), known?.message ?? String(e), { description: known?.remedy }), {
		errorKind: 'credential',
		field: known?.kind === 'badCaCertificate' ? 'caPem' : 'baseUrl',
		sent: false,
		mayHaveBeenSent: false,
	});
}

function inFlightLimit(fn: IExecuteFunctions): number {
	const value = fn.getNodeParameter('options.concurrency', 0, 1) as unknown;
	const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_IN_FLIGHT) {
		throw withDetails(
			new NodeOperationError(fn.getNode(), `Requests in Flight must be a whole number from 1 to ${MAX_IN_FLIGHT}; got ${String(value)}`, {
				description: 'It is read from the first item. Nothing was sent.',
			}),
			{ errorKind: 'validation', field: 'concurrency', sent: false },
		);
	}
	return n;
}

/** A failure that concerns the whole execution (the credential, a node-wide option) fails every item. */
function everyItemFails(fn: IExecuteFunctions, error: NodeOperationError, count: number): INodeExecutionData[] {
	if (!fn.continueOnFail()) throw error;
	return Array.from({ length: count }, (_, i) => failureItem(fn, error, i));
}

export async function route(fn: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const count = fn.getInputData().length;
	const resource = fn.getNodeParameter('resource', 0) as string;
	const operation = fn.getNodeParameter('operation', 0) as string;
	const op = findOperation(resource, operation);
	if (!op) {
		throw new NodeOperationError(fn.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	// The credential is read once per execution; requests then go through n8n's own helper.
	const credentials = await fn.getCredentials('huaweiCecApi');
	const connection = settle(() => parseConnection(credentials));
	if (!connection.ok) return [everyItemFails(fn, connectionError(fn, connection.error), count)];
	const limit = settle(() => inFlightLimit(fn));
	if (!limit.ok) return [everyItemFails(fn, limit.error as NodeOperationError, count)];
	const client: GatewayClient = {
		connection: connection.value,
		send: async (options) => await fn.helpers.httpRequest(options),
		cancelSignal: fn.getExecutionCancelSignal(),
	};
	const ctx: OperationContext = { fn, client, credentialGuid: typeof credentials.guid === 'string' ? credentials.guid : '' };
	return [await runItems(ctx, op, count, limit.value)];
}
