/**
 * The CC-Gateway simulator: a real HTTPS server on 127.0.0.1 that behaves like the gateway the
 * vendor documents, for tests, the demo and people trying the node by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { serverMaterial } from './certs';
import type { FaultKind, FaultSpec, RandomFaultSpec } from './faults';
import { Router, type LoggedRequest } from './server';
import { GatewayState, type AuthMode, type CallSpec } from './state';
import type { SimRuleSet } from './rules';

export type { FaultKind, FaultSpec, RandomFaultSpec, LoggedRequest, CallSpec, AuthMode, SimRuleSet };

export interface SimulatorOptions {
	/** Default 0: any free port. */
	port?: number;
	/** Default 'dynamic', the gateway's own default. */
	authMode?: AuthMode;
	/** Dynamic mode: how often a polled Guid rotates; default 60 s. */
	guidIntervalMs?: number;
	/** Dynamic mode: how long a Guid works after it was issued; default 120 s. */
	guidTimeoutMs?: number;
	/** An agent that does not poll for this long is signed out; default 120 s; 0 disables. */
	idleSignOutMs?: number;
	/** How long an event poll is held when no event is queued; default 10 s. */
	pollHoldMs?: number;
	/** How long a hang-up transfer keeps the call in the IVR before it returns; default 3 s. */
	ivrReturnMs?: number;
	/** Default 'documented' (the seed page); 'extended' adds the newer pages' rules. */
	ruleSet?: SimRuleSet;
	/** Names and IPs of the server certificate; default 127.0.0.1 and localhost. */
	certHostnames?: string[];
	logToConsole?: boolean;
}

export interface ReadyAgent {
	agentId: string;
	password: string;
	guid: string;
	phonenum: string;
}

export interface AgentView {
	signedIn: boolean;
	status: number;
	call: null | { callid: string; direction: string; media: string; state: string };
	queuedEvents: number;
}

export interface Simulator {
	url: string;
	port: number;
	caPem: string;
	caFile: string;
	createAgent(agentId: string, password: string): void;
	signIn(agentId: string, password: string, phonenum?: string): Promise<string>;
	readyAgent(opts?: { agentId?: string; call?: CallSpec; keepAlive?: boolean }): Promise<ReadyAgent>;
	placeCall(agentId: string, call?: CallSpec): string;
	agentState(agentId: string): AgentView;
	currentGuid(agentId: string): string | undefined;
	requests(): LoggedRequest[];
	clearRequests(): void;
	injectFault(f: FaultSpec): void;
	/** A seeded share of requests faulted at random, until clearFaults(). */
	injectRandomFaults(f: RandomFaultSpec): void;
	clearFaults(): void;
	/** TLS connections currently open to the simulator. */
	openConnections(): number;
	close(): Promise<void>;
}

let nextReadyAgent = 20001;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const state = new GatewayState(options.authMode ?? 'dynamic', options.guidIntervalMs ?? 60_000, options.guidTimeoutMs ?? 120_000);
	const router = new Router(state, {
		ruleSet: options.ruleSet ?? 'documented',
		pollHoldMs: options.pollHoldMs ?? 10_000,
		ivrReturnMs: options.ivrReturnMs ?? 3_000,
		log: options.logToConsole ?? false,
	});
	const tls = serverMaterial(options.certHostnames ?? ['127.0.0.1', 'localhost']);
	const dir = mkdtempSync(join(tmpdir(), 'cec-sim-'));
	const caFile = join(dir, 'cc-gateway-ca.pem');
	writeFileSync(caFile, tls.caPem);

	const sockets = new Set<Socket>();
	const server = https.createServer({ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 30_000 }, (req, res) => router.handle(req, res));
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', () => undefined); // clients that distrust the CA hang up; that is the test
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const url = `https://127.0.0.1:${port}`;

	const idleMs = options.idleSignOutMs ?? 120_000;
	const sweeper = idleMs > 0 ? setInterval(() => state.sweepIdle(idleMs), Math.min(1000, Math.max(10, idleMs / 4))) : undefined;
	sweeper?.unref();

	const agent = (agentId: string) => {
		const found = state.agents.get(agentId);
		if (!found) throw new Error(`no agent ${agentId} in the simulator`);
		return found;
	};

	const signIn = async (agentId: string, password: string, phonenum = `6${agentId.slice(-3)}`) => {
		const { status, headers, body } = await selfRequest(port, tls.caPem, 'PUT', `/agentgateway/resource/onlineagent/${agentId}`, { password, phonenum });
		const envelope = JSON.parse(body) as { retcode: string; message: string };
		const header = headers['set-guid'];
		if (status !== 200 || envelope.retcode !== '0' || typeof header !== 'string') {
			throw new Error(`sign-in of ${agentId} failed: ${envelope.retcode} ${envelope.message}`);
		}
		return header.replace(/^JSESSIONID=/, '');
	};

	const sim: Simulator = {
		url,
		port,
		caPem: tls.caPem,
		caFile,
		createAgent: (agentId, password) => void state.createAgent(agentId, password),
		signIn,
		async readyAgent(opts = {}) {
			const agentId = opts.agentId ?? String(nextReadyAgent++);
			const password = `Pw#${agentId}`;
			const a = state.agents.get(agentId) ?? state.createAgent(agentId, password);
			a.password = password;
			a.keepAlive = opts.keepAlive ?? false;
			const phonenum = `6${agentId.slice(-3)}`;
			if (a.signedIn) state.signOut(a);
			const guid = await signIn(agentId, password, phonenum);
			state.placeCall(a, opts.call);
			return { agentId, password, guid, phonenum };
		},
		placeCall: (agentId, call) => state.placeCall(agent(agentId), call).callid,
		agentState(agentId) {
			const a = agent(agentId);
			return {
				signedIn: a.signedIn,
				status: state.status(a),
				call: a.call ? { callid: a.call.callid, direction: a.call.direction, media: a.call.media, state: a.call.state } : null,
				queuedEvents: a.events.length,
			};
		},
		currentGuid: (agentId) => {
			const a = state.agents.get(agentId);
			return a ? state.currentGuid(a) : undefined;
		},
		requests: () => router.log.map((r) => ({ ...r, headers: { ...r.headers } })),
		clearRequests: () => void (router.log.length = 0),
		injectFault: (f) => router.faults.add(f),
		injectRandomFaults: (f) => router.faults.setRandom(f),
		clearFaults: () => router.faults.clear(),
		openConnections: () => sockets.size,
		async close() {
			if (sweeper) clearInterval(sweeper);
			for (const t of router.timers) clearTimeout(t);
			router.timers.clear();
			for (const a of state.agents.values()) for (const wake of a.waiters.splice(0)) wake();
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const s of sockets) s.destroy();
			await closed;
			rmSync(dir, { recursive: true, force: true });
		},
	};
	router.control = {
		readyAgent: (o) => sim.readyAgent(o),
		agentState: (id) => sim.agentState(id),
		placeCall: (id, call) => sim.placeCall(id, call),
		createAgent: (id, pw) => sim.createAgent(id, pw),
		caPem: () => tls.caPem,
		openConnections: () => sockets.size,
	};
	return sim;
}

/** The simulator's own calls to itself (sign-in) go through HTTPS like any client's. */
function selfRequest(port: number, ca: string, method: string, path: string, body: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify(body);
		const req = https.request(
			{ host: '127.0.0.1', port, method, path, ca, servername: undefined, agent: false, headers: { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(payload) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}
