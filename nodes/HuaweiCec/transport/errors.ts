/**
 * Transport failures, in words a workflow builder can act on. Each says whether the request may
 * have reached the gateway, and what that means for this kind of request: an action on a call is
 * not idempotent (never resend it blindly), a read-only query is safe to repeat.
 */
type TransportFailureKind =
	| 'badBaseUrl'
	| 'badCaCertificate'
	| 'badGuid'
	| 'blockedByPolicy'
	| 'refused'
	| 'dnsFailed'
	| 'unreachable'
	| 'untrustedCertificate'
	| 'wrongHostCertificate'
	| 'expiredCertificate'
	| 'tlsFailed'
	| 'timeout'
	| 'cancelled'
	| 'connectionLost'
	| 'redirect'
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

/** What a request does to the call, for the wording of its failures. */
export type RequestEffect = { kind: 'action'; name: string } | { kind: 'query' };

export const READ_ONLY: RequestEffect = { kind: 'query' };

/** The sentence that tells the user what a failure after sending means for the call. */
export function maybeSent(effect: RequestEffect): string {
	return effect.kind === 'action'
		? `The ${effect.name} may or may not have happened: check the agent's call before sending it again (this node never retries a ${effect.name} by itself).`
		: 'This is a read-only query: it changed nothing on the gateway and is safe to run again.';
}

export function notSent(effect: RequestEffect): string {
	return effect.kind === 'action'
		? `Nothing was sent: the ${effect.name} did not happen.`
		: 'Nothing was sent.';
}

const TLS_UNTRUSTED = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_UNTRUSTED',
	'CERT_SIGNATURE_FAILURE',
]);

interface CauseChain {
	codes: string[];
	names: string[];
	/** The SSRF policy's own explanation and the address it refused, when it refused one. */
	policy?: { message: string; target?: string };
}

/** Codes and names along the error's cause chain (axios wraps Node's errors, and n8n wraps axios'). */
function causeChainOf(error: unknown): CauseChain {
	const chain: CauseChain = { codes: [], names: [] };
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
		const e = current as {
			code?: unknown;
			name?: unknown;
			message?: unknown;
			ip?: unknown;
			hostname?: unknown;
			cause?: unknown;
		};
		if (typeof e.code === 'string') chain.codes.push(e.code);
		if (typeof e.name === 'string') {
			chain.names.push(e.name);
			if (e.name === 'SsrfBlockedIpError' || e.name === 'SsrfBlockedHostnameError') {
				const target = [e.hostname, e.ip]
					.filter((x) => typeof x === 'string' && x !== '')
					.join(' → ');
				chain.policy = { message: String(e.message), target: target || undefined };
			}
		}
		current = e.cause;
	}
	return chain;
}

export interface FailureContext {
	/** The gateway's base URL, for the messages. */
	where: string;
	timeoutMs: number;
	effect: RequestEffect;
	/** Whether the execution was stopped by the user (its cancel signal fired). */
	cancelled: boolean;
	/** Whether our own deadline (Options › Timeout) fired. */
	timedOut: boolean;
	/** Whether the credential brought its own CA. */
	caConfigured: boolean;
}

/** Turns what n8n's request helper threw into a TransportError. Never keeps the original (it holds the headers). */
export function classifyNetworkError(error: unknown, ctx: FailureContext): TransportError {
	if (error instanceof TransportError) return error;
	const { codes, names, policy } = causeChainOf(error);
	const has = (...wanted: string[]) => codes.some((c) => wanted.includes(c));
	const host = new URL(ctx.where).hostname;
	const nothing = notSent(ctx.effect);
	const maybe = maybeSent(ctx.effect);

	if (policy) {
		return new TransportError(
			'blockedByPolicy',
			`n8n's SSRF protection blocked the request to the gateway${policy.target ? ` (${policy.target})` : ''}`,
			`This n8n refuses requests to private or listed addresses (N8N_SSRF_PROTECTION_ENABLED). Ask the n8n administrator to allow the gateway: N8N_SSRF_ALLOWED_HOSTNAMES=${host} or its address range in N8N_SSRF_ALLOWED_IP_RANGES. ${nothing}`,
			false,
		);
	}
	if (ctx.cancelled) {
		return new TransportError(
			'cancelled',
			'The execution was stopped while the request to the gateway was under way',
			maybe,
			true,
		);
	}
	if (ctx.timedOut || has('ETIMEDOUT', 'ECONNABORTED') || names.includes('TimeoutError')) {
		return new TransportError(
			'timeout',
			`The gateway did not answer within ${ctx.timeoutMs} ms`,
			`${maybe} Raise Options › Timeout if the gateway is known to be slow.`,
			true,
		);
	}
	if (has('ECONNREFUSED')) {
		return new TransportError(
			'refused',
			`The gateway at ${ctx.where} refused the connection`,
			`Check the Base URL's host and port (the CC-Gateway's HTTPS port is 8043 by default) and that n8n can reach it. ${nothing}`,
			false,
		);
	}
	if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME')) {
		return new TransportError(
			'dnsFailed',
			`The gateway host name "${host}" could not be resolved`,
			`Check the host name in the credential's Base URL, or use the gateway's IP address. ${nothing}`,
			false,
		);
	}
	if (has('EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN')) {
		return new TransportError(
			'unreachable',
			`The network has no route to the gateway at ${ctx.where}`,
			`Check that n8n's host can reach the gateway's network (VPN, firewall, routing). ${nothing}`,
			false,
		);
	}
	const tlsCode = codes.find((c) => TLS_UNTRUSTED.has(c));
	if (tlsCode && ctx.caConfigured) {
		return new TransportError(
			'untrustedCertificate',
			`The gateway's TLS certificate is not trusted (${tlsCode}), although the credential has a CA Certificate`,
			`Check the credential's "CA Certificate": it must be the CA that issued the gateway's certificate (with a chain, paste its root and intermediates). n8n before 2.19 ignores a node's own CA: there, start n8n with NODE_EXTRA_CA_CERTS=<file with the CA's PEM>. Only if neither is possible, and on a network you trust, turn on "Ignore SSL Issues (Insecure)". ${nothing}`,
			false,
		);
	}
	if (tlsCode) {
		return new TransportError(
			'untrustedCertificate',
			`The gateway's TLS certificate is not trusted (${tlsCode})`,
			`Paste the CA certificate (PEM) that issued the gateway's certificate into the credential's "CA Certificate" field. Only if that is impossible, and on a network you trust, turn on "Ignore SSL Issues (Insecure)". ${nothing}`,
			false,
		);
	}
	if (has('ERR_TLS_CERT_ALTNAME_INVALID')) {
		return new TransportError(
			'wrongHostCertificate',
			`The gateway's TLS certificate was not issued for "${host}"`,
			`Use in the Base URL the host name (or IP address) the certificate was issued for. ${nothing}`,
			false,
		);
	}
	if (has('CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID')) {
		return new TransportError(
			'expiredCertificate',
			`The gateway's TLS certificate is outside its validity period (${codes.find((c) => c.startsWith('CERT_'))})`,
			`The gateway's operator must renew its certificate (or the clock of n8n's host is wrong). ${nothing}`,
			false,
		);
	}
	const tls = codes.find(
		(c) =>
			c.startsWith('ERR_TLS') || c.startsWith('ERR_SSL') || c.startsWith('CERT_') || c === 'EPROTO',
	);
	if (tls) {
		return new TransportError(
			'tlsFailed',
			`The TLS handshake with the gateway failed (${tls})`,
			`Check that the Base URL points at the gateway's HTTPS port (8043 by default) and that the CA Certificate is the right one. ${nothing}`,
			false,
		);
	}
	if (
		has('ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET') ||
		names.includes('AbortError') ||
		has('ERR_CANCELED')
	) {
		return new TransportError(
			'connectionLost',
			'The connection to the gateway closed before its answer was complete',
			maybe,
			true,
		);
	}
	const code = codes.find((c) => c !== 'ERR_BAD_RESPONSE' && c !== 'ERR_BAD_REQUEST');
	return new TransportError(
		'unknown',
		`The request to the gateway failed${code ? ` (${code})` : ''}`,
		maybe,
		true,
	);
}
