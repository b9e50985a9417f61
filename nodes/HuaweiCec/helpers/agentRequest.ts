/**
 * One request of an operation to the agent interface, and what its failures mean in the
 * operation's words: a transport failure says whether the request may have reached the gateway
 * (for an action, that it may have happened; for a query, that it is safe to repeat); a non-zero
 * retcode carries its meaning for this operation and the gateway's own message.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INode,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import {
	callGateway,
	TransportError,
	type GatewayClient,
	type GatewayEnvelope,
	type RequestEffect,
} from '../transport';
import type { IntegrationCredentials } from '../transport/session';
import { apiError, asNodeError } from './errors';
import { explainRetcode, type RetcodeTable } from './retcodes';

/** What every operation gets: n8n's functions and the gateway client of this execution. */
export interface OperationContext {
	fn: IExecuteFunctions;
	/** The node, read once per run (n8n's getNode() returns a deep copy on every call). */
	node: INode;
	client: GatewayClient;
	/** The credential's Guid, as entered (helpers/guid.ts normalizes it per item). */
	credentialGuid: string;
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

const sentence = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}.`;

/** Sends once; returns the envelope of a retcode "0" answer, throws NodeApiError for anything else. */
export async function agentRequest(
	ctx: OperationContext,
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
		throw apiError(
			node,
			{ kind: error.kind } as JsonObject,
			{
				message: error.message,
				description: error.remedy,
				itemIndex,
				...(error.httpStatus ? { httpCode: String(error.httpStatus) } : {}),
			},
			{
				errorKind: 'transport',
				cause: error.kind,
				sent: !error.mayHaveReachedGateway ? false : undefined,
				mayHaveBeenSent: error.mayHaveReachedGateway,
				...facts,
			},
		);
	}
	if (envelope.retcode === '0') return envelope;
	const { meaning, remedy } = explainRetcode(envelope.retcode, request.retcodes);
	throw apiError(
		node,
		{ retcode: envelope.retcode, message: envelope.message } as JsonObject,
		{
			message: `${envelope.retcode}: ${meaning}`,
			description: [
				remedy ? sentence(remedy) : '',
				envelope.message ? `Gateway message: "${envelope.message}"` : '',
			]
				.filter(Boolean)
				.join(' '),
			itemIndex,
		},
		{
			errorKind: 'gateway',
			retcode: envelope.retcode,
			meaning,
			gatewayMessage: envelope.message,
			mayHaveBeenSent: true,
			...facts,
		},
	);
}

/** One checked item, ready to be sent. */
export interface PreparedItem {
	/** Items with the same key (the agent) are sent one after the other, never at once. */
	key: string;
	/** Sends the item's request(s) once and returns its output json (a list: one output item each). */
	send(): Promise<IDataObject | IDataObject[]>;
}

/**
 * Reads and checks one item with no network; throws a NodeOperationError naming the field for
 * invalid input. The router runs it for every item before the first request.
 */
export type Prepare = (ctx: OperationContext, itemIndex: number) => PreparedItem;

/** An operation module: `*.operation.ts` under its resource. */
export interface Operation {
	description: INodeProperties[];
	prepare: Prepare;
	/** Whether it acts on a call (not idempotent) rather than reads (a read-only query). */
	isAction: boolean;
}
