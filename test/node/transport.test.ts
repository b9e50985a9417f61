/**
 * The transport through n8n's own request helper: Base URL rules (a proxy's path prefix kept,
 * user:pass@ / query / fragment refused), what is wrong with a pasted CA, answers n8n's helper would
 * otherwise act on (401, redirects), the whole-request deadline (a server that never completes TLS)
 * and the execution's cancel signal.
 */
import { Container } from '@n8n/di';
import { OutboundHttp } from '@n8n/backend-network';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { IHttpRequestOptions } from 'n8n-workflow';

import { callGateway, parseConnection, TransportError } from '../../nodes/HuaweiCec/transport';
import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));
beforeEach(() => {
	gw.sim.clearRequests();
	gw.sim.clearFaults();
});

const transferOf = (agentId: string, extra: Record<string, unknown> = {}) =>
	transferWorkflow({ agentId, deviceType: 1, address: '3', mode: 2, ...extra }, [{}], {
		onError: 'continueRegularOutput',
	});

describe('Base URL', () => {
	test('a path prefix (a reverse proxy publishing the gateway under /cec) is kept in the request', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.clearRequests();
		await runWorkflow(
			transferOf(agent.agentId),
			gw.credentials({ guid: agent.guid, baseUrl: `${gw.sim.url}/cec/` }),
		);
		expect(gw.sim.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`POST /cec/agentgateway/resource/voicecall/${agent.agentId}/transfer`,
		]);
	});

	test.each([
		[
			'user:pass@',
			(u: string) => u.replace('https://', 'https://admin:secret@'),
			'must not hold a user name or password',
		],
		['a query', (u: string) => `${u}/?tenant=1`, 'must not hold a query'],
		['a fragment', (u: string) => `${u}#x`, 'must not hold a fragment'],
		[
			'the interface path',
			(u: string) => `${u}/agentgateway/resource`,
			'must end before /agentgateway',
		],
		['plain http', (u: string) => u.replace('https://', 'http://'), 'must use https'],
		['nothing', () => '  ', 'is empty'],
	])(
		'%s is refused before anything is sent, on every item, naming the field',
		async (_label, change, words) => {
			const agent = await gw.sim.readyAgent();
			gw.sim.clearRequests();
			const result = await runWorkflow(
				transferWorkflow(
					{ agentId: agent.agentId, deviceType: 1, address: '3', mode: 2 },
					[{}, {}],
					{ onError: 'continueRegularOutput' },
				),
				gw.credentials({ guid: agent.guid, baseUrl: change(gw.sim.url) }),
			);
			const out = result.output(CEC).map(facts);
			expect(out).toHaveLength(2);
			for (const item of out) {
				expect(item).toEqual(
					expect.objectContaining({
						error: expect.any(String),
						errorKind: 'credential',
						field: 'baseUrl',
						fate: 'notSent',
					}),
				);
				expect(String(item.error)).toContain(words);
				expect(String(item.error)).not.toContain('secret');
			}
			expect(gw.sim.requests()).toHaveLength(0);
		},
	);
});

describe('CA Certificate: what is wrong with what was pasted', () => {
	const pem = () => gw.sim.caPem.trim();
	const body = () => pem().split('\n').slice(1, -1).join('\n');
	test.each([
		['not PEM at all', () => 'MIIBxTCCAW2gAwIBAgIU', 'is not PEM'],
		// a stand-in, built here so that no file of the repository holds a key's header
		[
			'a private key',
			() => ['-----BEGIN', 'PRIVATE KEY-----\nMIIE\n-----END', 'PRIVATE KEY-----'].join(' '),
			'holds a private key',
		],
		['a truncated block', () => pem().split('\n').slice(0, 5).join('\n'), 'block 1 is cut short'],
		[
			'two blocks run together',
			() => `${pem().replace('-----END CERTIFICATE-----', '')}\n${pem()}`,
			'two blocks run together',
		],
		[
			'a damaged block',
			() => `-----BEGIN CERTIFICATE-----\n${body().slice(0, 60)}\n-----END CERTIFICATE-----`,
			'block 1 is not a valid certificate',
		],
		[
			'a certificate request',
			() => '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----',
			'block 1 is a CERTIFICATE REQUEST',
		],
		[
			'text in the block',
			() => `-----BEGIN CERTIFICATE-----\n${body()}\nhello!\n-----END CERTIFICATE-----`,
			'only base64 belongs',
		],
	])('%s', async (_label, ca, words) => {
		const agent = await gw.sim.readyAgent();
		gw.sim.clearRequests();
		const result = await runWorkflow(
			transferOf(agent.agentId),
			gw.credentials({ guid: agent.guid, caPem: ca() }),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out).toEqual(
			expect.objectContaining({
				error: expect.any(String),
				errorKind: 'credential',
				field: 'caPem',
				fate: 'notSent',
			}),
		);
		expect(String(out.error)).toContain(words);
		expect(String(out.error)).not.toContain('not trusted');
		expect(gw.sim.requests()).toHaveLength(0);
	});

	test('a CA whose line breaks were lost in pasting (one line, or spaces) still works', async () => {
		for (const caPem of [pem().replace(/\n/g, ''), pem().replace(/\n/g, ' ')]) {
			const agent = await gw.sim.readyAgent();
			const result = await runWorkflow(
				transferOf(agent.agentId),
				gw.credentials({ guid: agent.guid, caPem }),
			);
			expect(facts(result.output(CEC)[0]).success).toBe(true);
		}
	});

	test('several CA blocks: the one that issued the certificate is trusted', () => {
		const two = `${pem()}\n${pem()}`;
		expect(
			parseConnection({ baseUrl: gw.sim.url, caPem: two }).ca?.match(/BEGIN CERTIFICATE/g),
		).toHaveLength(2);
	});
});

describe("answers n8n's helper would otherwise act on", () => {
	test('HTTP 401 from a proxy: explained, and the transfer was sent exactly once (never re-sent)', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.injectFault({ kind: 'http401', pathIncludes: `/${agent.agentId}/` });
		const result = await runWorkflow(
			transferOf(agent.agentId),
			gw.credentials({ guid: agent.guid }),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out).toEqual(
			expect.objectContaining({
				error: expect.any(String),
				errorKind: 'transport',
				cause: 'httpStatus',
				fate: 'unknown',
			}),
		);
		expect(String(out.error)).toMatch(/^The gateway answered HTTP 401/);
		expect(String(out.description)).toContain('The transfer may or may not have happened');
		expect(gw.transferPosts()).toHaveLength(1);
	});

	test('a redirect is not followed', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.injectFault({ kind: 'redirect', pathIncludes: `/${agent.agentId}/` });
		gw.sim.clearRequests();
		const result = await runWorkflow(
			transferOf(agent.agentId),
			gw.credentials({ guid: agent.guid }),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out).toEqual(
			expect.objectContaining({
				error: expect.any(String),
				cause: 'redirect',
				fate: 'unknown',
			}),
		);
		expect(String(out.error)).toContain('HTTP 302 to https://sso.example.invalid/login');
		expect(gw.sim.requests()).toHaveLength(1);
	});
});

describe('the whole request is bounded by Options › Timeout', () => {
	let stall: Server;
	const sockets: Socket[] = [];
	let connections = 0;
	beforeAll(async () => {
		// Accepts TCP and then never says a word: the TLS handshake never completes.
		stall = createServer((socket) => {
			connections++;
			sockets.push(socket);
		});
		await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		for (const s of sockets) s.destroy();
		await new Promise((resolve) => stall.close(resolve));
	});

	test('a server that never completes TLS fails the item at the timeout, saying the transfer may have happened', async () => {
		const { port } = stall.address() as AddressInfo;
		const result = await runWorkflow(
			transferOf('101', { options: { guid: 'g.AgentGateway0', timeout: 300 } }),
			gw.credentials({ baseUrl: `https://127.0.0.1:${port}` }),
		);
		const out = facts(result.output(CEC)[0]);
		expect(out).toEqual(
			expect.objectContaining({
				error: expect.any(String),
				cause: 'timeout',
				fate: 'unknown',
			}),
		);
		expect(String(out.error)).toBe(
			"The gateway did not answer within 300 ms: the transfer may have happened; read the agent's call before trying again",
		);
		expect(connections).toBe(1);
	}, 5000);
});

describe("the execution's cancel signal", () => {
	const client = (cancelSignal: AbortSignal) => ({
		connection: parseConnection({ baseUrl: gw.sim.url, caPem: gw.sim.caPem }),
		// exactly what this.helpers.httpRequest runs in n8n-core 2.41
		send: async (options: IHttpRequestOptions) =>
			await Container.get(OutboundHttp).requests().request(options),
		cancelSignal,
	});

	test('stopping the execution ends a waiting request; it was sent once and may have happened', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.injectFault({ kind: 'delay', delayMs: 20_000, pathIncludes: `/${agent.agentId}/` });
		const stop = new AbortController();
		const pending = callGateway(client(stop.signal), {
			method: 'POST',
			path: `/agentgateway/resource/voicecall/${agent.agentId}/transfer`,
			guid: agent.guid,
			body: { devicetype: 1, address: '3', mode: 2 },
			timeoutMs: 60_000,
			effect: { kind: 'action', name: 'transfer' },
		});
		while (gw.transferPosts().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		stop.abort();
		const error = await pending.then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).kind).toBe('cancelled');
		expect((error as TransportError).mayHaveReachedGateway).toBe(true);
		expect((error as TransportError).remedy).toContain('The transfer may or may not have happened');
		expect(gw.transferPosts()).toHaveLength(1);
	});

	test('a request whose execution was already stopped is not sent', async () => {
		const stop = new AbortController();
		stop.abort();
		const error = await callGateway(client(stop.signal), {
			method: 'GET',
			path: '/agentgateway/resource/onlineagent/101/agentstatus',
			timeoutMs: 1000,
			effect: { kind: 'query' },
		}).then(
			() => undefined,
			(e: unknown) => e as TransportError,
		);
		expect(error).toEqual(
			expect.objectContaining({ kind: 'cancelled', mayHaveReachedGateway: false }),
		);
		expect(gw.sim.requests()).toHaveLength(0);
	});
});

describe('wording fits the request', () => {
	test('a read-only query that fails after sending says it is safe to repeat, not that a transfer may have happened', async () => {
		const agent = await gw.sim.readyAgent();
		gw.sim.injectFault({ kind: 'reset', pathIncludes: '/agentstatus' });
		const error = await callGateway(
			{
				connection: parseConnection({ baseUrl: gw.sim.url, caPem: gw.sim.caPem }),
				send: async (o: IHttpRequestOptions) =>
					await Container.get(OutboundHttp).requests().request(o),
			},
			{
				method: 'GET',
				path: `/agentgateway/resource/onlineagent/${agent.agentId}/agentstatus`,
				guid: agent.guid,
				timeoutMs: 2000,
				effect: { kind: 'query' },
			},
		).then(
			() => undefined,
			(e: unknown) => e as TransportError,
		);
		expect(error?.remedy).toContain('read-only query');
		expect(error?.remedy).toContain('safe to run again');
		expect(error?.remedy).not.toContain('transfer');
	});
});
