/**
 * One pooled keep-alive dispatcher per distinct gateway connection (origin + TLS settings),
 * shared by every item and execution of the process. A per-credential CA cannot be expressed through
 * n8n's request helper, which is why this module exists.
 */
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';

/** undici is loaded on first use: n8n loads every node at start-up, and undici alone takes ~40 ms. */
export const undici = (): typeof import('undici') => require('undici') as typeof import('undici');

export interface ConnectionSettings {
	origin: string;
	caCertificate?: string;
	allowUnauthorizedCerts: boolean;
}

const CONNECT_TIMEOUT_MS = 10_000;
const MAX_DISPATCHERS = 32;
const cache = new Map<string, Dispatcher>();
/** The settings object of one execution maps straight to its dispatcher: no key to compute per item. */
const bySettings = new WeakMap<ConnectionSettings, Dispatcher>();

function cacheKey(s: ConnectionSettings): string {
	const ca = s.caCertificate ? createHash('sha256').update(s.caCertificate).digest('hex') : '-';
	return [s.origin, ca, s.allowUnauthorizedCerts ? 'insecure' : 'verify'].join(' ');
}

function create(s: ConnectionSettings): Dispatcher {
	const tls = {
		ca: s.caCertificate || undefined,
		rejectUnauthorized: !s.allowUnauthorizedCerts,
	};
	const options = {
		connect: { ...tls, timeout: CONNECT_TIMEOUT_MS },
		keepAliveTimeout: 4_000,
		// Never pipeline: a POST queued behind another request could be resent on a broken socket.
		pipelining: 1,
	};
	// Proxy variables are honoured as n8n honours them: HTTPS_PROXY / HTTP_PROXY, with NO_PROXY
	// exceptions. Without any of them this is a plain keep-alive Agent.
	return new (undici().EnvHttpProxyAgent)({ ...options, requestTls: tls });
}

export function dispatcherFor(settings: ConnectionSettings): Dispatcher {
	const known = bySettings.get(settings);
	if (known && !(known as { closed?: boolean }).closed && !(known as { destroyed?: boolean }).destroyed) return known;
	const dispatcher = pooled(settings);
	bySettings.set(settings, dispatcher);
	return dispatcher;
}

function pooled(settings: ConnectionSettings): Dispatcher {
	const key = cacheKey(settings);
	let dispatcher = cache.get(key);
	if (dispatcher) {
		cache.delete(key);
		cache.set(key, dispatcher); // most recently used last
		return dispatcher;
	}
	dispatcher = create(settings);
	cache.set(key, dispatcher);
	if (cache.size > MAX_DISPATCHERS) {
		const [oldestKey, oldest] = cache.entries().next().value as [string, Dispatcher];
		cache.delete(oldestKey);
		void oldest.close().catch(() => undefined);
	}
	return dispatcher;
}

/** Closes every pooled connection (tests, benchmarks, shutdown). */
export async function closeAllDispatchers(): Promise<void> {
	const all = [...cache.values()];
	cache.clear();
	await Promise.all(all.map((d) => d.close().catch(() => undefined)));
}
