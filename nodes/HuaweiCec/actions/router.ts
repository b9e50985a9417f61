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

type Operation = (ctx: OperationContext, itemIndex: number) => Promise<INodeExecutionData>;

const operations: Record<string, Record<string, Operation>> = {
	voiceCall: { transfer: transfer.execute },
};

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

	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			out.push(await run(ctx, i));
		} catch (error) {
			if (!fn.continueOnFail()) throw error;
			out.push({ json: failureItem(error), pairedItem: { item: i } });
		}
	}
	return [out];
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
