/**
 * One request of an operation to the agent interface, and what its failures mean in the
 * operation's own words: a transport failure says whether the request may have reached the gateway
 * (and, for an action, that it may have happened; for a query, that it is safe to repeat); a
 * non-zero retcode carries its meaning for this operation and the gateway's own message.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestMethods, JsonObject } from 'n8n-workflow';

import type { OperationContext } from '../actions/context';
import { callGateway, TransportError, type GatewayEnvelope, type RequestEffect } from '../transport';
import { withDetails } from './failure';
import { explainRetcode, type RetcodeTable } from './retcodes';
import { settleAsync } from './settle';

export interface AgentRequest {
	method: IHttpRequestMethods;
	/** Below /agentgateway/resource/, already encoded, e.g. voicecall/101/transfer */
	path: string;
	query?: IDataObject;
	body?: unknown;
	guid: string;
	timeoutMs: number;
	effect: RequestEffect;
	/** This operation's meanings of retcodes, over the shared table. */
	retcodes?: RetcodeTable;
	/** Facts of the item (agent, target …) added to a failure item. */
	facts?: IDataObject;
}

const capitalised = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;

/** Sends once; returns the envelope of a retcode "0" answer, throws NodeApiError for anything else. */
export async function agentCall(ctx: OperationContext, itemIndex: number, request: AgentRequest): Promise<GatewayEnvelope> {
	const { fn } = ctx;
	const facts = request.facts ?? {};
	const sent = await settleAsync(() =>
		callGateway(ctx.client, {
			method: request.method,
			path: `/agentgateway/resource/${request.path}`,
			query: request.query,
			guid: request.guid,
			body: request.body,
			timeoutMs: request.timeoutMs,
			effect: request.effect,
		}),
	);
	if (!sent.ok) {
		const error = sent.error;
		if (!(error instanceof TransportError)) {
			throw new NodeOperationError(fn.getNode(), error instanceof Error ? error : String(error), { itemIndex });
		}
		const apiError = new NodeApiError(fn.getNode(), { kind: error.kind } as JsonObject, {
			message: error.message,
			description: error.remedy,
			itemIndex,
			...(error.httpStatus ? { httpCode: String(error.httpStatus) } : {}),
		});
		throw withDetails(apiError, { errorKind: 'transport', cause: error.kind, mayHaveBeenSent: error.mayHaveReachedGateway, ...facts });
	}
	const envelope = sent.value;
	if (envelope.retcode === '0') return envelope;
	const { meaning, remedy } = explainRetcode(envelope.retcode, request.retcodes);
	const apiError = new NodeApiError(fn.getNode(), { retcode: envelope.retcode, message: envelope.message } as JsonObject, {
		message: `${envelope.retcode}: ${meaning}`,
		description: [remedy ? `${capitalised(remedy)}.` : '', envelope.message ? `Gateway message: "${envelope.message}"` : ''].filter(Boolean).join(' '),
		itemIndex,
	});
	throw withDetails(apiError, { errorKind: 'gateway', retcode: envelope.retcode, meaning, message: envelope.message, mayHaveBeenSent: true, ...facts });
}
