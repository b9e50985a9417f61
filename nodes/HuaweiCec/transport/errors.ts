/**
 * Transport failures, in words a workflow builder can act on. Each says whether the request may
 * have reached the gateway: a transfer is not idempotent, so that decides what the user should do.
 */
export type TransportFailureKind =
	| 'badBaseUrl'
	| 'badGuid'
	| 'refused'
	| 'dnsFailed'
	| 'untrustedCertificate'
	| 'wrongHostCertificate'
	| 'tlsFailed'
	| 'connectTimeout'
	| 'timeout'
	| 'connectionLost'
	| 'httpStatus'
	| 'notJson'
	| 'notEnvelope'
	| 'tooLarge'
	| 'unknown';

export class TransportError extends Error {
	constructor(
		readonly kind: TransportFailureKind,
		message: string,
		/** What to do about it; shown as the error's description in n8n. */
		readonly remedy: string,
		/** false only when we know no byte of the request reached the gateway. */
		readonly mayHaveReachedGateway: boolean,
		readonly httpStatus?: number,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

export const MAYBE_SENT =
	'The transfer may or may not have happened: check the agent\'s call before sending it again (this node never retries a transfer by itself).';

const TLS_UNTRUSTED = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_UNTRUSTED',
	'CERT_SIGNATURE_FAILURE',
]);

function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; current && depth < 4; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && code !== 'UND_ERR_CONNECT' && code !== 'UND_ERR') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Turns what undici or node threw into a TransportError; `where` is the gateway's origin. */
export function classifyNetworkError(error: unknown, where: string, timeoutMs: number): TransportError {
	if (error instanceof TransportError) return error;
	const code = errorCode(error);
	const name = (error as { name?: string } | undefined)?.name;
	const host = new URL(where).hostname;
	if (code === 'ECONNREFUSED') {
		return new TransportError('refused', `The gateway at ${where} refused the connection`,
			'Check the Base URL\'s host and port (the CC-Gateway\'s HTTPS port is 8043 by default) and that n8n can reach it. Nothing was sent.', false);
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
		return new TransportError('dnsFailed', `The gateway host name "${host}" could not be resolved`,
			'Check the host name in the credential\'s Base URL, or use the gateway\'s IP address. Nothing was sent.', false);
	}
	if (code && TLS_UNTRUSTED.has(code)) {
		return new TransportError('untrustedCertificate', `The gateway's TLS certificate is not trusted (${code})`,
			'Paste the CA certificate (PEM) that issued the gateway\'s certificate into the credential\'s "CA Certificate" field. Only if that is impossible, and on a network you trust, turn on "Ignore SSL Issues (Insecure)". Nothing was sent.', false);
	}
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		return new TransportError('wrongHostCertificate', `The gateway's TLS certificate was not issued for "${host}"`,
			'Use in the Base URL the host name (or IP address) the certificate was issued for. Nothing was sent.', false);
	}
	if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL') || code?.startsWith('CERT_')) {
		return new TransportError('tlsFailed', `The TLS handshake with the gateway failed (${code})`,
			'Check that the Base URL points at the gateway\'s HTTPS port and that the CA Certificate is the right one. Nothing was sent.', false);
	}
	if (code === 'UND_ERR_CONNECT_TIMEOUT') {
		return new TransportError('connectTimeout', `No connection to the gateway at ${where} within the connect timeout`,
			'Check that the gateway is up and that no firewall drops the traffic. Nothing was sent.', false);
	}
	if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || name === 'TimeoutError' || code === 'UND_ERR_ABORTED' || name === 'AbortError') {
		return new TransportError('timeout', `The gateway did not answer within ${timeoutMs} ms`,
			`${MAYBE_SENT} Raise Options › Timeout if the gateway is known to be slow.`, true);
	}
	if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') {
		return new TransportError('connectionLost', 'The connection to the gateway closed before its answer was complete',
			MAYBE_SENT, true);
	}
	return new TransportError('unknown', `The request to the gateway failed${code ? ` (${code})` : ''}`,
		MAYBE_SENT, true);
}
