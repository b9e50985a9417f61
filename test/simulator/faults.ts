/**
 * Injected faults for the next N matching gateway requests. A faulted request never reaches the
 * gateway logic: it changes no state, so the tests can tell "sent once" from "done once".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FaultKind = 'delay' | 'reset' | 'http500' | 'nonJson' | 'noRetcode' | 'truncated' | 'oversized' | 'trickle';

export interface FaultSpec {
	kind: FaultKind;
	/** How many matching requests get it; default 1. */
	count?: number;
	/** Only requests whose path contains this. */
	pathIncludes?: string;
	/** delay: how long no header is sent; trickle: the time the body is spread over. */
	delayMs?: number;
	/** oversized: the body's size, default 2 MiB. */
	sizeBytes?: number;
}

export const FAULT_KINDS: FaultKind[] = ['delay', 'reset', 'http500', 'nonJson', 'noRetcode', 'truncated', 'oversized', 'trickle'];

/** A seeded share of matching requests gets a fault picked from `kinds` (the soak test's weather). */
export interface RandomFaultSpec {
	rate: number;
	seed: number;
	kinds: FaultKind[];
	pathIncludes?: string;
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

	setRandom(spec: RandomFaultSpec | undefined): void {
		this.random = spec ? { spec, next: prng(spec.seed) } : undefined;
	}

	add(spec: FaultSpec): void {
		if (!FAULT_KINDS.includes(spec.kind)) throw new Error(`unknown fault kind ${String(spec.kind)}`);
		this.faults.push({ ...spec, left: spec.count ?? 1 });
	}

	clear(): void {
		this.faults = [];
		this.random = undefined;
	}

	/** Takes one use of the first fault matching this path, if any. */
	take(path: string): FaultSpec | undefined {
		const fault = this.faults.find((f) => f.left > 0 && (!f.pathIncludes || path.includes(f.pathIncludes)));
		if (!fault) return this.takeRandom(path);
		fault.left--;
		this.faults = this.faults.filter((f) => f.left > 0);
		return fault;
	}

	private takeRandom(path: string): FaultSpec | undefined {
		if (!this.random || (this.random.spec.pathIncludes && !path.includes(this.random.spec.pathIncludes))) return undefined;
		const { spec, next } = this.random;
		const roll = next();
		const pick = next();
		if (roll >= spec.rate) return undefined;
		return { kind: spec.kinds[Math.floor(pick * spec.kinds.length)] };
	}
}

const JSON_TYPE = 'application/json;charset=UTF-8';

/** Answers a request with the fault instead of the gateway's logic. */
export function playFault(fault: FaultSpec, req: IncomingMessage, res: ServerResponse, timers: Set<NodeJS.Timeout>): void {
	const later = (ms: number, fn: () => void) => {
		const t = setTimeout(() => {
			timers.delete(t);
			fn();
		}, ms);
		timers.add(t);
	};
	const envelope = JSON.stringify({ message: 'success', retcode: '0', result: {} });
	switch (fault.kind) {
		case 'delay':
			later(fault.delayMs ?? 5000, () => {
				if (!res.destroyed) res.writeHead(200, { 'content-type': JSON_TYPE }).end(JSON.stringify({ message: 'simulated slow gateway', retcode: '100-007', result: {} }));
			});
			return;
		case 'reset':
			res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(envelope.length) });
			res.write(envelope.slice(0, 10), () => req.socket.destroy());
			return;
		case 'truncated':
			res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(envelope.length + 200) });
			res.write(envelope, () => later(20, () => req.socket.destroy()));
			return;
		case 'http500':
			res.writeHead(500, { 'content-type': 'text/html' }).end(
				'<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p></body></html>',
			);
			return;
		case 'nonJson':
			res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to the load balancer. Please sign in.</body></html>');
			return;
		case 'noRetcode':
			res.writeHead(200, { 'content-type': JSON_TYPE }).end(JSON.stringify({ message: 'ok', result: {} }));
			return;
		case 'oversized': {
			const size = fault.sizeBytes ?? 2 * 1024 * 1024;
			const padding = 'x'.repeat(Math.max(0, size - 60));
			res.writeHead(200, { 'content-type': JSON_TYPE }).end(JSON.stringify({ message: 'success', retcode: '0', result: { padding } }));
			return;
		}
		case 'trickle': {
			res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': String(envelope.length) });
			const bytes = Buffer.from(envelope);
			const step = Math.max(1, Math.floor((fault.delayMs ?? 5000) / bytes.length));
			let i = 0;
			const drip = () => {
				if (res.destroyed) return;
				res.write(bytes.subarray(i, i + 1));
				i++;
				if (i < bytes.length) later(step, drip);
				else res.end();
			};
			drip();
			return;
		}
	}
}
