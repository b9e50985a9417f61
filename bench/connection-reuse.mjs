// `npm run bench:reuse`: what n8n's request helper spends per request on agents, TLS contexts and
// handshakes, against a tiny HTTPS server on 127.0.0.1 in a child process. Plain Node ESM, for n8n's
// maintainers (docs/upstream-connection-reuse.md). Each way sends the same POST, one at a time:
//
//   1. n8n-core's helper as a node calls it (this.helpers.httpRequest → OutboundHttp.requests().request),
//      with agentOptions.ca: today, two new agents and a new TLS context per request, no keep-alive
//   2. node:https, a new Agent per request (what 1 does, without axios)
//   3. node:https, a new Agent per request sharing one tls.SecureContext (one secure context per options)
//   4. node:https, one Agent without keep-alive (a new connection each time, TLS sessions resumed)
//   5. node:https, one keep-alive Agent (agents cached by their options)
//
//   node bench/connection-reuse.mjs [requests]      (after npm ci && npm run build:tools)
// Prints ms and CPU µs per request, client and server.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';

const require = createRequire(import.meta.url);
const N = Number(process.argv[2] ?? 1000);
const BODY = JSON.stringify({ devicetype: 5, address: '88880001', mode: 4, holdflag: true });
const ANSWER = JSON.stringify({ retcode: '0', message: 'success', result: {} });

if (process.env.REUSE_SERVER) {
	// The server: answers every POST with a small JSON body; reports its CPU on request.
	const tls = JSON.parse(process.env.REUSE_SERVER);
	const server = createServer(
		{ cert: tls.certPem, key: tls.keyPem, keepAliveTimeout: 60_000 },
		(req, res) => {
			req
				.resume()
				.on('end', () =>
					res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(ANSWER),
				);
		},
	);
	server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
	process.on('message', () => {
		const c = process.cpuUsage();
		process.send({ cpuMs: (c.user + c.system) / 1000 });
	});
} else {
	await main();
}

async function main() {
	const userFolder = mkdtempSync(join(tmpdir(), 'reuse-'));
	process.env.N8N_USER_FOLDER = userFolder;
	const { serverMaterial } = require('../.build/test/simulator/certs.js');
	const tls = serverMaterial(['127.0.0.1']);
	const server = fork(new URL(import.meta.url).pathname, [], {
		env: { ...process.env, REUSE_SERVER: JSON.stringify(tls) },
	});
	const port = await new Promise((resolve) => server.once('message', (m) => resolve(m.port)));
	const url = `https://127.0.0.1:${port}/agentgateway/resource/voicecall/30001/transfer`;
	const serverCpu = () =>
		new Promise((resolve) => {
			server.once('message', (m) => resolve(m.cpuMs));
			server.send('cpu');
		});

	// n8n-core's helper, as `this.helpers.httpRequest` reaches it.
	require('n8n-core');
	const { Container } = require('@n8n/di');
	const { OutboundHttp } = require('@n8n/backend-network');
	const helper = Container.get(OutboundHttp).requests();
	const viaN8n = async () => {
		const res = await helper.request({
			url,
			method: 'POST',
			headers: { Guid: 'x', 'Content-Type': 'application/json; charset=UTF-8' },
			body: BODY,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			agentOptions: { ca: tls.caPem },
			timeout: 10_000,
		});
		const chunks = [];
		for await (const chunk of res.body) chunks.push(chunk);
		if (JSON.parse(Buffer.concat(chunks).toString()).retcode !== '0')
			throw new Error('unexpected answer');
	};
	const viaHttps = (agent) =>
		new Promise((resolve, reject) => {
			const req = request(
				url,
				{
					method: 'POST',
					agent,
					headers: { Guid: 'x', 'content-type': 'application/json; charset=UTF-8' },
				},
				(res) => {
					const chunks = [];
					res
						.on('data', (c) => chunks.push(c))
						.on('end', () => {
							if (JSON.parse(Buffer.concat(chunks).toString()).retcode !== '0')
								reject(new Error('unexpected answer'));
							else resolve();
						});
				},
			);
			req.on('error', reject);
			req.end(BODY);
		});
	const shared = createSecureContext({ ca: tls.caPem });
	const noKeepAlive = new Agent({ ca: tls.caPem, keepAlive: false });
	const keepAlive = new Agent({ ca: tls.caPem, keepAlive: true, maxSockets: 1 });
	const ways = [
		['n8n-core helper (today: new agents + TLS context per request)', viaN8n],
		['node:https, new Agent per request', () => viaHttps(new Agent({ ca: tls.caPem }))],
		[
			'node:https, new Agent per request, one shared SecureContext',
			() => viaHttps(new Agent({ secureContext: shared })),
		],
		['node:https, one Agent, no keep-alive (TLS sessions resumed)', () => viaHttps(noKeepAlive)],
		['node:https, one keep-alive Agent (cached by options)', () => viaHttps(keepAlive)],
	];
	console.log(`${N} POSTs one at a time to a local HTTPS server, Node ${process.version}\n`);
	console.log('| way | ms per request | client CPU µs per request | server CPU µs per request |');
	console.log('|---|---|---|---|');
	try {
		for (const [name, send] of ways) {
			for (let i = 0; i < 50; i++) await send();
			const s0 = await serverCpu();
			const c0 = process.cpuUsage();
			const t0 = performance.now();
			for (let i = 0; i < N; i++) await send();
			const ms = performance.now() - t0;
			const c = process.cpuUsage(c0);
			const s = (await serverCpu()) - s0;
			console.log(
				`| ${name} | ${(ms / N).toFixed(2)} | ${((c.user + c.system) / N).toFixed(0)} | ${((s * 1000) / N).toFixed(0)} |`,
			);
		}
	} finally {
		keepAlive.destroy();
		noKeepAlive.destroy();
		server.kill();
		rmSync(userFolder, { recursive: true, force: true });
	}
}
