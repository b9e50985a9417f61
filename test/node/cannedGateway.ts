/**
 * A tiny HTTPS server that answers every gateway request with the answer the test sets (per path
 * part, or one for all), for answers the simulator never gives. It records each request with its
 * body. Not a test file: test/node/*.test.ts files import it.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

import { serverMaterial } from '../simulator/certs';

export interface CannedRequest {
	method: string;
	url: string;
	body: string;
	/** The Guid header as it arrived (undefined when none was sent). */
	guid?: string;
}

export interface CannedGateway {
	url: string;
	caPem: string;
	requests: CannedRequest[];
	/**
	 * The answer to every request whose URL contains the key ('' matches all); the longest matching
	 * key wins. A function is asked for each request, with how many requests that key answered before.
	 */
	answer(answers: Record<string, unknown>): void;
	credentials(guid?: string): {
		huaweiCecApi: { baseUrl: string; guid: string; caPem: string; ignoreSslIssues: boolean };
	};
	close(): Promise<void>;
}

export async function startCanned(): Promise<CannedGateway> {
	const tls = serverMaterial(['127.0.0.1']);
	let answers: Record<string, unknown> = { '': { retcode: '0', message: 'success', result: {} } };
	const requests: CannedRequest[] = [];
	const counts = new Map<string, number>();
	const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = req.url ?? '';
			requests.push({
				method: req.method ?? '',
				url,
				body: Buffer.concat(chunks).toString('utf8'),
				guid: req.headers.guid as string | undefined,
			});
			const key = Object.keys(answers)
				.filter((k) => url.includes(k))
				.sort((a, b) => b.length - a.length)[0];
			const planned =
				key === undefined ? { retcode: '0', message: 'success', result: {} } : answers[key];
			const seen = key === undefined ? 0 : (counts.get(key) ?? 0);
			if (key !== undefined) counts.set(key, seen + 1);
			const answer =
				typeof planned === 'function' ? (planned as (n: number) => unknown)(seen) : planned;
			res
				.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' })
				.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		caPem: tls.caPem,
		requests,
		answer(next) {
			answers = next;
			counts.clear();
		},
		credentials: (guid = 'g-canned-1') => ({
			huaweiCecApi: { baseUrl: url, guid, caPem: tls.caPem, ignoreSslIssues: false },
		}),
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
