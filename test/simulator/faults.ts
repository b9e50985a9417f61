/**
 * Injected faults for the next N matching gateway requests. A faulted request is answered by the
 * fault INSTEAD of the gateway's logic: the handler does not run, so no state changes (no sign-in,
 * no transfer, no event taken off a queue, no heartbeat). One exception, `late`: the gateway
 * carries the request out at once and only its answer is held back (a slow gateway that acted). Tests can then tell "sent once" from
 * "done once", and a client that retries after a fault finds the gateway as it was.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FaultKind =
	| 'delay'
	| 'reset'
	| 'http500'
	| 'nonJson'
	| 'noRetcode'
	| 'truncated'
	| 'oversized'
	| 'trickle'
	| 'echoGuid'
	| 'http401'
	| 'redirect'
	| 'late';

export interface FaultSpec {
	kind: FaultKind;
	/** How many matching requests get it; default 1. */
	count?: number;
	/** Only requests whose path contains this. */
	pathIncludes?: string;
	/**
	 * delay: how long no header is sent (default 5 s); trickle: the time the body is spread over
	 * (default 5 s); late: how long the gateway's own answer is held back (default 5 s).
	 */
	delayMs?: number;
	/** oversized: the body's exact size in bytes, default 2 MiB. */
	sizeBytes?: number;
}

export const FAULT_KINDS: readonly FaultKind[] = [
	'delay',
	'reset',
	'http500',
	'nonJson',
	'noRetcode',
	'truncated',
	'oversized',
	'trickle',
	'echoGuid',
	'http401',
	'redirect',
	'late',
];

/** A seeded share of matching requests gets a fault picked from `kinds` (the soak test's weather). */
export interface RandomFaultSpec {
	rate: number;
	seed: number;
	kinds: FaultKind[];
	pathIncludes?: string;
}

const DEFAULT_DELAY_MS = 5000;
const DEFAULT_OVERSIZED_BYTES = 2 * 1024 * 1024;
const JSON_TYPE = 'application/json;charset=UTF-8';

function checkNumber(value: unknown, name: string, min: number): void {
	if (
		value !== undefined &&
		(typeof value !== 'number' || !Number.isFinite(value) || value < min)
	) {
		throw new Error(`${name} must be a number ≥ ${min}`);
	}
}

/** Throws on a spec the simulator cannot play (the control surface answers 400 with the message). */
export function checkFaultSpec(spec: FaultSpec): void {
	if (!spec || typeof spec !== 'object') throw new Error('a fault must be an object');
	if (!FAULT_KINDS.includes(spec.kind))
		throw new Error(
			`unknown fault kind ${JSON.stringify(spec.kind)}; one of ${FAULT_KINDS.join(', ')}`,
		);
	if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count < 1))
		throw new Error('count must be a whole number ≥ 1');
	if (spec.pathIncludes !== undefined && typeof spec.pathIncludes !== 'string')
		throw new Error('pathIncludes must be a string');
	checkNumber(spec.delayMs, 'delayMs', 0);
	checkNumber(spec.sizeBytes, 'sizeBytes', 64);
}

/** Small deterministic PRNG (mulberry32): the same seed and request order give the same faults. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultBook {
	private faults: Array<FaultSpec & { left: number }> = [];
	private random?: { spec: RandomFaultSpec; next: () => number };

	add(spec: FaultSpec): void {
		checkFaultSpec(spec);
		this.faults.push({ ...spec, left: spec.count ?? 1 });
	}

	setRandom(spec: RandomFaultSpec | undefined): void {
		if (spec) {
			if (typeof spec.rate !== 'number' || spec.rate < 0 || spec.rate > 1)
				throw new Error('rate must be between 0 and 1');
			if (!Array.isArray(spec.kinds) || spec.kinds.length === 0)
				throw new Error('kinds must list at least one fault kind');
			for (const kind of spec.kinds) checkFaultSpec({ kind });
		}
		this.random = spec ? { spec, next: prng(Number(spec.seed) || 0) } : undefined;
	}

	clear(): void {
		this.faults = [];
		this.random = undefined;
	}

	/** Takes one use of the first (oldest) fault matching this path, if any. */
	take(path: string): FaultSpec | undefined {
		const fault = this.faults.find(
			(f) => f.left > 0 && (!f.pathIncludes || path.includes(f.pathIncludes)),
		);
		if (!fault) return this.takeRandom(path);
		fault.left--;
		this.faults = this.faults.filter((f) => f.left > 0);
		return fault;
	}

	private takeRandom(path: string): FaultSpec | undefined {
		if (
			!this.random ||
			(this.random.spec.pathIncludes && !path.includes(this.random.spec.pathIncludes))
		)
			return undefined;
		const { spec, next } = this.random;
		const roll = next();
		const pick = next();
		if (roll >= spec.rate) return undefined;
		return { kind: spec.kinds[Math.floor(pick * spec.kinds.length)] };
	}
}

/** A JSON envelope of exactly `size` bytes (padded inside result), so "oversized" means what it says. */
export function paddedEnvelope(size: number): string {
	const empty = JSON.stringify({ message: 'success', retcode: '0', result: { padding: '' } });
	return JSON.stringify({
		message: 'success',
		retcode: '0',
		result: { padding: 'x'.repeat(Math.max(0, size - empty.length)) },
	});
}

const HTML_500 =
	'<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>' +
	'<p>The server encountered an internal error and was unable to complete your request.</p></body></html>';
const HTML_PORTAL =
	'<!DOCTYPE html><html><head><title>Sign in</title></head><body>Welcome to the load balancer. Please sign in.</body></html>';

/** Answers a request with the fault instead of the gateway's logic. */
export function playFault(
	fault: FaultSpec,
	req: IncomingMessage,
	res: ServerResponse,
	later: (ms: number, fn: () => void) => void,
): void {
	const envelope = JSON.stringify({ message: 'success', retcode: '0', result: {} });
	switch (fault.kind) {
		case 'delay':
			// Nothing for delayMs, then an honest failure: the request was not carried out.
			later(fault.delayMs ?? DEFAULT_DELAY_MS, () => {
				if (!res.destroyed)
					res
						.writeHead(200, { 'content-type': JSON_TYPE })
						.end(
							JSON.stringify({ message: 'simulated slow gateway', retcode: '100-007', result: {} }),
						);
			});
			return;
		case 'reset':
			// Headers and the first bytes of the body, then the connection is torn down.
			res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(envelope.length) });
			res.write(envelope.slice(0, 10), () => req.socket.destroy());
			return;
		case 'truncated':
			// Promises 200 bytes more than it sends, then ends the connection.
			res.writeHead(200, {
				'content-type': JSON_TYPE,
				'content-length': String(envelope.length + 200),
			});
			res.write(envelope, () => later(20, () => req.socket.destroy()));
			return;
		case 'http500':
			res.writeHead(500, { 'content-type': 'text/html' }).end(HTML_500);
			return;
		case 'echoGuid': {
			// A gateway (or proxy) that repeats the request's Guid in its JSON answer.
			const guid = String(req.headers.guid ?? '');
			res.writeHead(200, { 'content-type': JSON_TYPE }).end(
				JSON.stringify({
					message: `no right to invite resouce, guid=${guid}`,
					retcode: '000-003',
					result: { guid, seen: `JSESSIONID=${guid}` },
				}),
			);
			return;
		}
		case 'http401':
			// What a proxy in front of the gateway may answer; n8n's helpers re-send some requests after a 401.
			res
				.writeHead(401, { 'content-type': JSON_TYPE, 'www-authenticate': 'Basic realm="proxy"' })
				.end(JSON.stringify({ error: 'unauthorized' }));
			return;
		case 'redirect':
			res
				.writeHead(302, { location: 'https://sso.example.invalid/login?next=/agentgateway' })
				.end();
			return;
		case 'nonJson':
			res.writeHead(200, { 'content-type': 'text/html' }).end(HTML_PORTAL);
			return;
		case 'noRetcode':
			res
				.writeHead(200, { 'content-type': JSON_TYPE })
				.end(JSON.stringify({ message: 'ok', result: {} }));
			return;
		case 'oversized': {
			const body = paddedEnvelope(fault.sizeBytes ?? DEFAULT_OVERSIZED_BYTES);
			res
				.writeHead(200, {
					'content-type': JSON_TYPE,
					'content-length': String(Buffer.byteLength(body)),
				})
				.end(body);
			return;
		}
		case 'trickle': {
			// Headers at once; then the body a few bytes at a time, spread evenly over delayMs.
			const bytes = Buffer.from(envelope);
			res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(bytes.length) });
			res.flushHeaders();
			const chunkSize = Math.ceil(bytes.length / 25);
			const chunks = Math.ceil(bytes.length / chunkSize);
			const spread = fault.delayMs ?? DEFAULT_DELAY_MS;
			// Piece i goes out at round(i * spread / chunks) ms: whole steps that add up to the spread exactly.
			const wait = (i: number) =>
				Math.round((i * spread) / chunks) - Math.round(((i - 1) * spread) / chunks);
			let sent = 0;
			let piece = 1;
			const drip = () => {
				if (res.destroyed) return;
				res.write(bytes.subarray(sent, sent + chunkSize));
				sent += chunkSize;
				if (sent < bytes.length) later(wait(++piece), drip);
				else res.end();
			};
			later(wait(piece), drip);
			return;
		}
	}
}
