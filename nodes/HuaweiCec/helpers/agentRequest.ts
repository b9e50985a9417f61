/**
 * One request of an operation to the agent interface, and what its failures mean in the
 * operation's words: a transport failure says whether the request may have reached the gateway
 * (for an action, that it may have happened; for a query, that it is safe to repeat); a non-zero
 * retcode carries its meaning for this operation and the gateway's own message.
 */
import type { IDataObject, IHttpRequestMethods, INode, JsonObject } from 'n8n-workflow';

import {
	callGateway,
	TransportError,
	type GatewayClient,
	type GatewayEnvelope,
	type RequestEffect,
} from '../transport';
import type { IntegrationCredentials } from '../transport/session';
import { apiError, asNodeError, sentence } from './errors';
import { explainRetcode, type RetcodeTable } from '../transport';

/** What one request needs: the node (for its errors) and the gateway client of this execution. */
export interface RequestContext {
	/** The node, read once per run (n8n's getNode() returns a deep copy on every call). */
	node: INode;
	client: GatewayClient;
	/** The integration agent's credential, under Authentication: Integration Agent. */
	integration?: IntegrationCredentials;
}

export interface AgentRequest {
	method: IHttpRequestMethods;
	/** Below /agentgateway/resource/, already encoded, e.g. voicecall/101/transfer */
	path: string;
	query?: IDataObject;
	body?: unknown;
	guid: string;
	timeoutMs: number;
	effect: RequestEffect;
	/** This operation's words for some retcodes, over the shared table. */
	retcodes?: RetcodeTable;
	/** Facts of the item (agent, target …) added to a failure. */
	facts?: IDataObject;
}

/** Sends once; returns the envelope of a retcode "0" answer, throws NodeApiError for anything else. */
export async function agentRequest(
	ctx: RequestContext,
	itemIndex: number,
	request: AgentRequest,
): Promise<GatewayEnvelope> {
	const { node } = ctx;
	const facts = request.facts ?? {};
	let envelope: GatewayEnvelope;
	try {
		envelope = await callGateway(ctx.client, {
			method: request.method,
			path: `/agentgateway/resource/${request.path}`,
			query: request.query,
			guid: request.guid,
			body: request.body,
			timeoutMs: request.timeoutMs,
			effect: request.effect,
		});
	} catch (error) {
		if (!(error instanceof TransportError)) throw asNodeError(node, error, itemIndex);
		const fate = error.mayHaveReachedGateway ? 'unknown' : 'notSent';
		throw apiError(
			node,
			{ kind: error.kind } as JsonObject,
			{
				message:
					fate === 'unknown'
						? `${error.message}: ${mayHaveHappened(request.effect)}`
						: error.message,
				description: error.remedy,
				itemIndex,
				...(error.httpStatus ? { httpCode: String(error.httpStatus) } : {}),
			},
			{ ...facts, errorKind: 'transport', cause: error.kind, fate },
		);
	}
	if (envelope.retcode === '0') return envelope;
	const { meaning, remedy, outcomeUnknown } = explainRetcode(envelope.retcode, request.retcodes);
	// A retcode is the gateway's refusal (nothing happened), unless the code means "failed part-way".
	const fate = outcomeUnknown ? 'unknown' : 'refused';
	throw apiError(
		node,
		{ retcode: envelope.retcode, message: envelope.message } as JsonObject,
		{
			message: `${envelope.retcode}: ${meaning}${fate === 'unknown' ? `: ${mayHaveHappened(request.effect)}` : ''}`,
			description: [
				remedy ? sentence(remedy) : '',
				envelope.message ? `Gateway message: "${envelope.message}"` : '',
			]
				.filter(Boolean)
				.join(' '),
			itemIndex,
		},
		{
			...facts,
			errorKind: 'gateway',
			retcode: envelope.retcode,
			meaning,
			gatewayMessage: envelope.message,
			fate,
		},
	);
}

/**
 * For the error's message, which is all an AI tool's model and many readers see: an action whose
 * result is unknown may have happened; a query is safe to repeat.
 */
function mayHaveHappened(effect: RequestEffect): string {
	return effect.kind === 'action'
		? `the ${effect.name} may have happened; read the agent's call before trying again`
		: 'a read-only query, safe to run again';
}
