/** Throw-away TLS: a CA per process, a server certificate per simulator for the names asked for. */
import { existsSync } from 'node:fs';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';

import { separateCa, serverMaterial } from './certs';
import { startSimulator } from './index';

/** The certificate the server presents (no verification; we only read it). */
function peerCertificate(port: number): Promise<X509Certificate> {
	return new Promise((resolve, reject) => {
		const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
			const cert = socket.getPeerX509Certificate();
			socket.end();
			if (cert) resolve(cert);
			else reject(new Error('no certificate'));
		});
		socket.on('error', reject);
	});
}

/** A GET through node's https with the given trust and server name; resolves to the status or the error code. */
function get(url: string, ca: string, servername?: string): Promise<string> {
	return new Promise((resolve) => {
		const req = https.request(
			`${url}/agentgateway/resource/nothing`,
			{ ca, servername, agent: false },
			(res) => {
				res.resume();
				res.on('end', () => resolve(String(res.statusCode)));
			},
		);
		req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
		req.end();
	});
}

test('the default certificate names 127.0.0.1 (IP SAN) and localhost (DNS SAN) and is signed by caPem', async () => {
	const sim = await startSimulator();
	try {
		const cert = await peerCertificate(sim.port);
		expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
		expect(cert.checkIssued(new X509Certificate(sim.caPem))).toBe(true);
		expect(cert.verify(new X509Certificate(sim.caPem).publicKey)).toBe(true);
		expect(new X509Certificate(sim.caPem).ca).toBe(true);
		expect(await get(sim.url, sim.caPem)).toBe('200');
	} finally {
		await sim.close();
	}
});

test('certHostnames gives a certificate for another host: 127.0.0.1 is then refused by name, not by trust', async () => {
	const sim = await startSimulator({ certHostnames: ['wrong.example'] });
	try {
		expect((await peerCertificate(sim.port)).subjectAltName).toBe('DNS:wrong.example');
		expect(await get(sim.url, sim.caPem)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
		expect(await get(sim.url, sim.caPem, 'wrong.example')).toBe('200');
		// the simulator's own sign-in still works (it checks the chain, not the name)
		expect((await sim.readyAgent()).guid).toMatch(/\.AgentGateway0$/);
	} finally {
		await sim.close();
	}
});

test('IP and DNS names are told apart', () => {
	const material = serverMaterial(['10.1.2.3', 'cc-gateway.example', '::1']);
	expect(new X509Certificate(material.certPem).subjectAltName).toBe(
		'IP Address:10.1.2.3, DNS:cc-gateway.example, IP Address:0:0:0:0:0:0:0:1',
	);
});

test('one CA per process; a separate CA is not trusted for the simulator', async () => {
	const [a, b] = await Promise.all([startSimulator(), startSimulator()]);
	try {
		expect(a.caPem).toBe(b.caPem);
		const other = separateCa(['127.0.0.1']);
		expect(other.caPem).not.toBe(a.caPem);
		expect(serverMaterial(['127.0.0.1']).caPem).toBe(a.caPem); // the process CA is back after separateCa
		expect(await get(a.url, other.caPem)).toMatch(/CERT|SIGNATURE|UNABLE/);
	} finally {
		await Promise.all([a.close(), b.close()]);
	}
});

test('the CA PEM holds no private key; caFile is a temp file removed on close', async () => {
	const sim = await startSimulator();
	expect(sim.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
	expect(sim.caPem).not.toMatch(/PRIVATE KEY/);
	expect(existsSync(sim.caFile)).toBe(true);
	expect(sim.caFile).not.toContain(process.cwd());
	await sim.close();
	expect(existsSync(sim.caFile)).toBe(false);
});

test('every simulator of a process reuses its one server key (what makes a start cheap): certificates differ, keys do not', async () => {
	const a = await startSimulator();
	const b = await startSimulator({ certHostnames: ['fresh.example', '127.0.0.1'] });
	const [ca, cb] = await Promise.all(
		[a, b].map((s) => peerCertificate(Number(new URL(s.url).port))),
	);
	expect(ca.fingerprint256).not.toBe(cb.fingerprint256);
	expect(ca.publicKey.export({ type: 'spki', format: 'pem' })).toBe(
		cb.publicKey.export({ type: 'spki', format: 'pem' }),
	);
	await a.close();
	await b.close();
});
