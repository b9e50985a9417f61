/**
 * Reading the gateway's answer: at most MAX_RESPONSE_BYTES, then the `{retcode, message, result}`
 * envelope. Anything else is a TransportError with a short excerpt. The Guid is cut out of every
 * text that leaves this module (a gateway or proxy may echo request headers back): from the decoded
 * strings of a JSON answer, from the raw text of any other; the JSON itself is parsed unaltered.
 */
import { maybeSent, TransportError, type RequestEffect } from './errors';

export interface GatewayEnvelope {
	retcode: string;
	message: string;
	result: unknown;
}

export const MAX_RESPONSE_BYTES = 1024 * 1024;
const SNIPPET_CHARS = 120;

type ByteStream = AsyncIterable<Buffer> & { destroy(error?: Error): void };

/** Reads the body; the deadline (or the user's stop) destroys the stream wherever it is. */
export async function readCapped(
	body: ByteStream,
	signal: AbortSignal,
	effect: RequestEffect,
): Promise<Buffer> {
	const stop = () => body.destroy(new Error('aborted'));
	if (signal.aborted) stop();
	signal.addEventListener('abort', stop, { once: true });
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			size += chunk.length;
			if (size > MAX_RESPONSE_BYTES) {
				body.destroy();
				throw new TransportError(
					'tooLarge',
					`The gateway's answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB, far more than a CC-Gateway answer holds`,
					`Check that the Base URL points at the CC-Gateway and not at another service. ${maybeSent(effect)}`,
					true,
				);
			}
			chunks.push(chunk);
		}
	} finally {
		signal.removeEventListener('abort', stop);
	}
	if (signal.aborted) throw new Error('aborted');
	return Buffer.concat(chunks, size);
}

/** Replaces the Guid wherever it appears in a text. */
function redact(text: string, guid: string | undefined): string {
	return guid ? text.split(guid).join('<guid>') : text;
}

/** The same for every string of a decoded JSON value, names included. */
function redactValue(value: unknown, guid: string | undefined): unknown {
	if (!guid) return value;
	if (typeof value === 'string') return redact(value, guid);
	if (Array.isArray(value)) return value.map((v) => redactValue(v, guid));
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [redact(k, guid), redactValue(v, guid)]),
		);
	}
	return value;
}

/** A few printable characters of an unexpected answer, for the error text; never the whole body. */
function snippet(text: string): string {
	const flat = text
		.slice(0, 512)
		.replace(/<[^>]*>/g, ' ')
		.replace(/\p{Cc}+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return NOT_JSON;
	}
}

interface Call {
	guid?: string;
	effect: RequestEffect;
}

export function parseEnvelope(
	status: number,
	contentType: string,
	raw: Buffer,
	call: Call,
	where: string,
	location?: unknown,
): GatewayEnvelope {
	const text = raw.toString('utf8');
	const maybe = maybeSent(call.effect);
	if (status >= 300 && status < 400) {
		const to =
			typeof location === 'string'
				? ` to ${redact(location, call.guid).slice(0, SNIPPET_CHARS)}`
				: '';
		throw new TransportError(
			'redirect',
			`The gateway answered with a redirect (HTTP ${status}${to}), which this node does not follow`,
			`A CC-Gateway does not redirect its agent interface: check the Base URL (${where}): host, port and path prefix. ${maybe}`,
			true,
			status,
		);
	}
	if (status < 200 || status >= 300) {
		const shown = snippet(redact(text, call.guid));
		throw new TransportError(
			'httpStatus',
			`The gateway answered HTTP ${status}${shown ? `: "${shown}"` : ''}`,
			`A CC-Gateway reports its errors with HTTP 200 and a retcode, so this answer probably came from a proxy, load balancer or another service. ${maybe}`,
			true,
			status,
		);
	}
	const value = parseJson(text);
	if (value === NOT_JSON) {
		const shown = snippet(redact(text, call.guid));
		throw new TransportError(
			'notJson',
			`The gateway's answer is not JSON (HTTP ${status}${contentType ? `, ${contentType.split(';')[0]}` : ''})${shown ? `: "${shown}"` : ''}`,
			`Check that the Base URL points at the CC-Gateway's agent interface. ${maybe}`,
			true,
			status,
		);
	}
	const envelope =
		value !== null && typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	const retcode = envelope?.retcode;
	if (!envelope || (typeof retcode !== 'string' && typeof retcode !== 'number')) {
		throw new TransportError(
			'notEnvelope',
			"The gateway's answer is JSON but has no retcode, so it is not a CC-Gateway answer",
			`Check that the Base URL points at the CC-Gateway's agent interface. ${maybe}`,
			true,
			status,
		);
	}
	return {
		retcode: String(retcode),
		message: typeof envelope.message === 'string' ? redact(envelope.message, call.guid) : '',
		result: redactValue(envelope.result ?? null, call.guid),
	};
}
