/**
 * The one place that speaks HTTP to the CC-Gateway: builds the request, applies the timeouts and the
 * body cap, and reads the JSON envelope. It never retries: a transfer that may have reached the
 * gateway must not be sent twice.
 */
import { dispatcherFor, type ConnectionSettings } from './dispatchers';
import { MAYBE_SENT, TransportError, classifyNetworkError } from './errors';

export interface GatewayEnvelope {
	retcode: string;
	message: string;
	result: unknown;
	/** Raw `event` member of event-poll answers; absent elsewhere. */
	event?: unknown;
}

export interface GatewayCall {
	connection: ConnectionSettings;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** Path below the origin, already encoded, e.g. /agentgateway/resource/voicecall/101/transfer */
	path: string;
	guid?: string;
	body?: unknown;
	timeoutMs: number;
}

export const MAX_RESPONSE_BYTES = 1024 * 1024;
const SNIPPET_CHARS = 120;

/** A header value must be visible ASCII: no CR/LF or other control characters can ride along. */
export function isHeaderSafe(value: string): boolean {
	return /^[\x21-\x7e]+$/.test(value);
}

/** Checks the Base URL and returns its origin (https only; the gateway serves nothing else). */
export function gatewayOrigin(baseUrl: unknown): string {
	let url: URL;
	try {
		url = new URL(String(baseUrl ?? '').trim());
	} catch {
		throw new TransportError('badBaseUrl', 'The credential\'s Base URL is not a valid URL',
			'Enter it as https://<gateway host>:<port>, e.g. https://cc-gateway.example.com:8043', false);
	}
	if (url.protocol !== 'https:') {
		throw new TransportError('badBaseUrl', `The credential's Base URL must use https (got ${url.protocol.replace(':', '')})`,
			'The CC-Gateway only serves its agent interface over HTTPS, by default on port 8043', false);
	}
	return url.origin;
}

/** A few printable characters of an unexpected answer, for the error text; never the whole body. */
function snippet(bytes: Buffer, guid?: string): string {
	let text = bytes.subarray(0, 512).toString('utf8').replace(/<[^>]*>/g, ' ');
	// eslint-disable-next-line no-control-regex
	text = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
	if (guid) text = text.split(guid).join('<guid>');
	return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
}

export async function callGateway(call: GatewayCall): Promise<GatewayEnvelope> {
	const { connection, timeoutMs } = call;
	if (call.guid !== undefined && !isHeaderSafe(call.guid)) {
		throw new TransportError('badGuid', 'The Guid holds characters an HTTP header cannot carry (a space, line break or other control character)',
			'Copy the Guid again, without surrounding spaces or line breaks. Nothing was sent.', false);
	}
	const headers: Record<string, string> = { accept: 'application/json' };
	if (call.guid !== undefined) headers.guid = call.guid;
	let payload: string | undefined;
	if (call.body !== undefined) {
		payload = JSON.stringify(call.body);
		headers['content-type'] = 'application/json; charset=UTF-8';
	}

	let status: number;
	let contentType: string;
	let raw: Buffer;
	const deadline = AbortSignal.timeout(timeoutMs);
	try {
		// Straight to the pooled dispatcher with origin and path: no URL to parse per request.
		const response = await dispatcherFor(connection).request({
			origin: connection.origin,
			path: call.path,
			method: call.method,
			headers,
			body: payload,
			headersTimeout: timeoutMs,
			bodyTimeout: timeoutMs,
			signal: deadline,
		});
		status = response.statusCode;
		contentType = String(response.headers['content-type'] ?? '');
		raw = await readCapped(response.body, MAX_RESPONSE_BYTES);
	} catch (error) {
		throw classifyNetworkError(error, connection.origin, timeoutMs);
	}
	return parseEnvelope(status, contentType, raw, call.guid);
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }, cap: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += chunk.length;
		if (size > cap) {
			body.destroy();
			throw new TransportError('tooLarge', `The gateway's answer is larger than ${cap / 1024 / 1024} MiB, far more than a CC-Gateway answer holds`,
				`Check that the Base URL points at the CC-Gateway and not at another service. ${MAYBE_SENT}`, true);
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks, size);
}

function parseEnvelope(status: number, contentType: string, raw: Buffer, guid?: string): GatewayEnvelope {
	if (status < 200 || status >= 300) {
		const shown = snippet(raw, guid);
		throw new TransportError('httpStatus', `The gateway answered HTTP ${status}${shown ? `: "${shown}"` : ''}`,
			`A CC-Gateway reports its errors with HTTP 200 and a retcode, so this answer probably came from a proxy, load balancer or another service. ${MAYBE_SENT}`, true, status);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw.toString('utf8'));
	} catch {
		const shown = snippet(raw, guid);
		throw new TransportError('notJson', `The gateway's answer is not JSON (HTTP ${status}${contentType ? `, ${contentType.split(';')[0]}` : ''})${shown ? `: "${shown}"` : ''}`,
			`Check that the Base URL points at the CC-Gateway's agent interface. ${MAYBE_SENT}`, true, status);
	}
	const envelope = parsed as Partial<Record<string, unknown>> | null;
	const retcode = envelope && typeof envelope === 'object' ? envelope.retcode : undefined;
	if (typeof retcode !== 'string' && typeof retcode !== 'number') {
		throw new TransportError('notEnvelope', 'The gateway\'s answer is JSON but has no retcode, so it is not a CC-Gateway answer',
			`Check that the Base URL points at the CC-Gateway's agent interface. ${MAYBE_SENT}`, true, status);
	}
	return {
		retcode: String(retcode),
		message: typeof envelope!.message === 'string' ? envelope!.message : '',
		result: envelope!.result ?? null,
		...(envelope!.event !== undefined ? { event: envelope!.event } : {}),
	};
}
