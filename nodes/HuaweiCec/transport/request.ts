/**
 * The one place that speaks HTTP to the CC-Gateway, through n8n's own request helper, so the
 * administrator's proxy and SSRF settings apply. It sends each request once (never a retry: an
 * action on a call may have reached the gateway), bounds the whole exchange by one deadline (connect,
 * TLS, headers and body), ends it when the execution is stopped, refuses redirects, reads at most
 * MAX_RESPONSE_BYTES of the answer and keeps the Guid out of everything it returns or throws.
 */
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import type { Connection } from './connection';
import { readCapped, parseEnvelope, type GatewayEnvelope } from './envelope';
import { classifyNetworkError, notSent, TransportError, type RequestEffect } from './errors';

/** n8n's request helper (`this.helpers.httpRequest`), or an adapter with the same contract. */
export type HttpHelper = (options: IHttpRequestOptions) => Promise<unknown>;

/** What every request of one execution (or one credential test) shares. */
export interface GatewayClient {
	connection: Connection;
	send: HttpHelper;
	/** The execution's cancel signal: stopping the workflow ends a waiting request. */
	cancelSignal?: AbortSignal;
}

export interface GatewayCall {
	method: IHttpRequestMethods;
	/** Path below the base URL, already encoded, e.g. /agentgateway/resource/voicecall/101/transfer */
	path: string;
	query?: IDataObject;
	guid?: string;
	body?: unknown;
	timeoutMs: number;
	effect: RequestEffect;
	/** Sent as the Cookie header: the load balancer's session affinity of a signed-in session. */
	cookie?: string;
	/** Receives the answer's headers (Set-GUID, Set-Cookie) before the envelope is read. */
	onHeaders?: (headers: Record<string, unknown>) => void;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, unknown>;
	statusCode: number;
}

/** A header value must be visible ASCII: no CR/LF or other control characters can ride along. */
export function isHeaderSafe(value: string): boolean {
	return /^[\x21-\x7e]+$/.test(value);
}

/** A cookie value may hold spaces between its pairs, but no control characters. */
function isHeaderSafeText(value: string): boolean {
	return /^[\x20-\x7e]+$/.test(value);
}

function isStream(
	value: unknown,
): value is AsyncIterable<Buffer> & { destroy(error?: Error): void } {
	return (
		typeof value === 'object' &&
		value !== null &&
		Symbol.asyncIterator in value &&
		typeof (value as { destroy?: unknown }).destroy === 'function'
	);
}

export async function callGateway(
	client: GatewayClient,
	call: GatewayCall,
): Promise<GatewayEnvelope> {
	const { connection } = client;
	if (call.guid !== undefined && !isHeaderSafe(call.guid)) {
		// The node checks the Guid before sending; this guards every other caller.
		throw new TransportError(
			'badGuid',
			'The Guid holds characters an HTTP header cannot carry',
			`Copy the Guid again. ${notSent(call.effect)}`,
			false,
		);
	}
	const failure = {
		where: connection.baseUrl,
		timeoutMs: call.timeoutMs,
		effect: call.effect,
		caConfigured: connection.ca !== undefined,
	};
	if (client.cancelSignal?.aborted) {
		throw new TransportError(
			'cancelled',
			'The execution was stopped before the request was sent',
			notSent(call.effect),
			false,
		);
	}
	// One signal for this request, ended by the deadline or by the user's stop. Both links are cut when
	// the request is over, so neither the deadline's timer nor the execution's long-lived signal keeps
	// this request (its agent, TLS context and body) alive afterwards.
	const abort = new AbortController();
	const deadline = AbortSignal.timeout(call.timeoutMs);
	let timedOut = false;
	const onDeadline = () => {
		timedOut = true;
		abort.abort();
	};
	const onCancel = () => abort.abort();
	deadline.addEventListener('abort', onDeadline, { once: true });
	client.cancelSignal?.addEventListener('abort', onCancel, { once: true });
	const release = () => {
		deadline.removeEventListener('abort', onDeadline);
		client.cancelSignal?.removeEventListener('abort', onCancel);
	};

	const headers: IDataObject = { accept: 'application/json' };
	if (call.guid !== undefined) headers.Guid = call.guid;
	if (call.cookie !== undefined && isHeaderSafeText(call.cookie)) headers.Cookie = call.cookie;
	const options: IHttpRequestOptions = {
		url: `${connection.baseUrl}${call.path}`,
		method: call.method,
		headers,
		// A stream is read here under the size cap, instead of n8n buffering whatever arrives.
		encoding: 'stream',
		returnFullResponse: true,
		// Every status comes back as an answer: n8n's helpers re-send some requests after an HTTP 401,
		// which must never happen to an action on a call.
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		skipSslCertificateValidation: connection.skipTlsChecks,
		timeout: call.timeoutMs,
		abortSignal: abort.signal,
	};
	if (connection.ca) options.agentOptions = { ca: connection.ca };
	if (call.query) options.qs = call.query;
	if (call.body !== undefined) {
		options.body = JSON.stringify(call.body);
		headers['Content-Type'] = 'application/json; charset=UTF-8';
	}

	let response: FullResponse;
	let raw: Buffer;
	try {
		response = (await client.send(options)) as FullResponse;
		if (!isStream(response.body)) throw new TypeError('the request helper returned no stream');
		raw = await readCapped(response.body, abort.signal, call.effect);
	} catch (error) {
		throw classifyNetworkError(error, {
			...failure,
			cancelled: client.cancelSignal?.aborted === true,
			timedOut,
		});
	} finally {
		release();
	}
	call.onHeaders?.(response.headers);
	const contentType = String(response.headers['content-type'] ?? '');
	return parseEnvelope(
		response.statusCode,
		contentType,
		raw,
		call,
		connection.baseUrl,
		response.headers.location,
	);
}
