/**
 * The CC-Gateway simulator: a real HTTPS server on 127.0.0.1 that behaves like the gateway the
 * vendor documents, for tests, the demo and people trying the node by hand. Its rules live in
 * rules.ts (written from the reference notes, never imported from the node).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { serverMaterial } from './certs';
import { controlHandler } from './control';
import type { FaultKind, FaultSpec, RandomFaultSpec } from './faults';
import {
	AGENT_ID_RANGE,
	AGENT_WORK_STATES,
	CALL_OUT_OUTCOMES,
	TRANSFER_OUTCOMES,
	type AgentWorkState,
	type CallOutOutcome,
	type SimRuleSet,
	type TransferOutcome,
} from './rules';
import { parseSkillId } from './queries';
import { realScheduler, type Scheduler, type TimerHandle } from './scheduler';
import { Router, type LoggedRequest } from './server';
import { GatewayState, isAgentIdShape, type AuthMode, type Call, type CallSpec } from './state';
import {
	setProfile,
	supervisorControl,
	type AgentProfile,
	type QueueFigures,
	type SupervisorAction,
} from './supervisor';

export type {
	FaultKind,
	FaultSpec,
	RandomFaultSpec,
	LoggedRequest,
	CallSpec,
	AuthMode,
	SimRuleSet,
	AgentWorkState,
	TransferOutcome,
	CallOutOutcome,
	Scheduler,
	AgentProfile,
	QueueFigures,
	SupervisorAction,
};

export interface SimulatorOptions {
	/** Default 0: any free port. */
	port?: number;
	/** Default 'dynamic', the gateway's own default. */
	authMode?: AuthMode;
	/** Dynamic: a Guid is superseded this long after it was issued; default 60 s. */
	guidIntervalMs?: number;
	/** Dynamic: a superseded Guid stops working this long after it was superseded; default 120 s. */
	guidTimeoutMs?: number;
	/** An agent that does not poll for this long is signed out; default 120 s; 0 disables. */
	idleSignOutMs?: number;
	/** How long an event poll is held when no event is queued; default 10 s; 0 answers event: null at once. */
	pollHoldMs?: number;
	/** Default 'documented' (the vendor's Transfer Call page, cec_07_1225); 'extended' adds the newer pages' rules. */
	ruleSet?: SimRuleSet;
	/** Names and IPs of the server certificate; default 127.0.0.1 and localhost. */
	certHostnames?: string[];
	/** Each gateway request and its retcode on stderr; default false. */
	logToConsole?: boolean;

	// Simulator controls besides the gateway's own behaviour:
	/** How long a hang-up transfer keeps the call in the IVR before it returns to the agent; default 3 s. */
	ivrReturnMs?: number;
	/** How long after a three-party transfer the agent leaves the conference; default 3 s. */
	conferenceLeaveMs?: number;
	/** Transfer targets that never answer: the transfer is accepted (retcode 0) and then fails by events. */
	unreachableAddresses?: string[];
	/** The clock for Guid rotation, Guid expiry, idle sign-out and event times; default the scheduler's. */
	now?: () => number;
	/**
	 * The clock and timers behind poll holds, IVR return, conference leave, planned outcomes, fault
	 * delays and the idle sweep; default real time (scheduler.ts). The request log's times stay real.
	 */
	scheduler?: Scheduler;
	/** Called inside the handler of every gateway request; a throw is answered 100-007 (tests of that path). */
	onGatewayRequest?: (request: { method: string; path: string }) => void;
}

export interface ReadyAgent {
	agentId: string;
	password: string;
	guid: string;
	phonenum: string;
}

export interface CallView {
	callid: string;
	direction: string;
	media: string;
	state: string;
}

export interface AgentView {
	signedIn: boolean;
	/** The agentstatus code (2 signed out, 3 busy, 4 idle, 5 wrap-up, 7 talking, 8 rest). */
	status: number;
	call: null | CallView;
	/** Calls on hold, oldest first. */
	held: CallView[];
	/** Addition: events waiting for a poll. */
	queuedEvents: number;
}

export interface Simulator {
	/** e.g. https://127.0.0.1:43125 */
	url: string;
	port: number;
	/** The CA certificate PEM clients trust. */
	caPem: string;
	/** A file (in a temp dir, removed on close) holding caPem. */
	caFile: string;
	createAgent(agentId: string, password: string): void;
	/** Signs in through the real HTTPS PUT and returns the Guid. */
	signIn(agentId: string, password: string, phonenum?: string): Promise<string>;
	/** Create (if needed) + sign in (force sign-in if already in) + place a call (default inbound voice). */
	readyAgent(opts?: {
		agentId?: string;
		call?: CallSpec;
		keepAlive?: boolean;
	}): Promise<ReadyAgent>;
	/** Returns the callid. The agent must be signed in. */
	placeCall(agentId: string, call?: CallSpec): string;
	agentState(agentId: string): AgentView;
	currentGuid(agentId: string): string | undefined;
	/** Gateway requests only (not /__sim/), oldest first. */
	requests(): LoggedRequest[];
	clearRequests(): void;
	injectFault(f: FaultSpec): void;
	clearFaults(): void;
	close(): Promise<void>;

	// Simulator controls besides the gateway's own behaviour:
	authMode: AuthMode;
	ruleSet: SimRuleSet;
	/** A seeded share of requests faulted at random, until clearFaults(). */
	injectRandomFaults(f: RandomFaultSpec): void;
	/** TLS connections currently open to the simulator. */
	openConnections(): number;
	/** Settles once the simulator has closed, whoever closed it (close() or POST /__sim/close). */
	closed: Promise<void>;

	// Call control and outcomes:
	/** Sets a signed-in agent without a call to idle, busy, rest or wrap-up (agentstatus shows it; busy and rest cannot call out). */
	setAgentState(agentId: string, state: 'idle' | 'busy' | 'rest' | 'wrapUp'): void;
	/** What the target (and the customer) do on the agent's next accepted transfer; rules.ts TRANSFER_OUTCOME_PLANS. */
	nextTransferOutcome(
		agentId: string,
		outcome: { outcome: 'answer' | 'noAnswer' | 'customerHangsUp'; afterMs: number },
	): void;
	/** What the called customer does on the agent's next accepted call out; rules.ts CALL_OUT_EFFECTS. */
	nextCallOutOutcome(
		agentId: string,
		outcome: { outcome: 'answer' | 'noAnswer' | 'busy'; afterMs: number },
	): void;
	/** The callids on the agent's hold list, oldest first. */
	holdList(agentId: string): string[];

	// Queues:
	/** Sets how many calls wait in a skill queue (skillwaitnum answers it); every queue starts at 0. */
	setWaitingCount(skillId: string | number, count: number): void;
	/** How many calls wait in a skill queue now. */
	waitingCount(skillId: string | number): number;

	// The integration / inspector agent (supervisor.ts):
	/** Sets a queue's figures (queryacdstat) and name (agentvdnskill); creates the queue if needed. */
	setQueue(
		skillId: number,
		figures: { waiting?: number; longestWaitSeconds?: number; name?: string; accessCode?: string },
	): void;
	/** Inspector rights, skill queues, name, lock of an agent; returns the profile after the change. */
	setAgentProfile(
		agentId: string,
		profile: { inspector?: boolean; skills?: number[]; name?: string; locked?: boolean },
	): AgentProfile;
	/** Accepted supervisor actions (Force Busy … Set Skills), oldest first. */
	supervisorActions(): SupervisorAction[];
}

/** A skill ID as the control surface takes it: a positive whole number, as a number or digits. */
function checkSkillId(skillId: unknown): number {
	const value =
		typeof skillId === 'number'
			? skillId
			: typeof skillId === 'string'
				? parseSkillId(skillId)
				: undefined;
	if (value === undefined || !Number.isSafeInteger(value) || value < 1)
		throw new Error(`skillId must be a positive whole number, got ${JSON.stringify(skillId)}`);
	return value;
}

/** A planned outcome as the API and the control surface take it; throws with a message a person can act on. */
function checkPlanned<O extends string>(
	value: unknown,
	allowed: readonly O[],
): { outcome: O; afterMs: number } {
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw new Error('the outcome must be an object {outcome, afterMs}');
	const { outcome, afterMs } = value as { outcome?: unknown; afterMs?: unknown };
	if (!allowed.includes(outcome as O))
		throw new Error(`outcome must be one of ${allowed.join(', ')}`);
	if (typeof afterMs !== 'number' || !Number.isFinite(afterMs) || afterMs < 0)
		throw new Error('afterMs must be a number ≥ 0');
	return { outcome: outcome as O, afterMs };
}

const viewCall = (call: Call): CallView => ({
	callid: call.callid,
	direction: call.direction,
	media: call.media,
	state: call.state,
});

/** readyAgent's IDs when none is given: unique in the process, inside the documented range. */
const AUTO_FIRST = 20001;
let autoNext = AUTO_FIRST;
function autoAgentId(taken: (id: string) => boolean): string {
	for (;;) {
		const id = String(autoNext++);
		if (autoNext > AGENT_ID_RANGE.documented[1]) autoNext = AUTO_FIRST;
		if (!taken(id)) return id;
	}
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const authMode = options.authMode ?? 'dynamic';
	const ruleSet = options.ruleSet ?? 'documented';
	if (authMode !== 'static' && authMode !== 'dynamic')
		throw new Error(`authMode must be static or dynamic, got ${String(authMode)}`);
	if (ruleSet !== 'documented' && ruleSet !== 'extended')
		throw new Error(`ruleSet must be documented or extended, got ${String(ruleSet)}`);
	const idleMs = options.idleSignOutMs ?? 120_000;
	const scheduler = options.scheduler ?? realScheduler();
	const state = new GatewayState({
		authMode,
		guidIntervalMs: options.guidIntervalMs ?? 60_000,
		guidTimeoutMs: options.guidTimeoutMs ?? 120_000,
		idleSignOutMs: idleMs,
		now: options.now ?? scheduler.now,
	});
	const log = options.logToConsole ?? false;
	const router = new Router(state, {
		ruleSet,
		scheduler,
		pollHoldMs: options.pollHoldMs ?? 10_000,
		ivrReturnMs: options.ivrReturnMs ?? 3_000,
		conferenceLeaveMs: options.conferenceLeaveMs ?? 3_000,
		unreachableAddresses: new Set(options.unreachableAddresses ?? []),
		log,
		onGatewayRequest: options.onGatewayRequest,
	});

	const tls = serverMaterial(options.certHostnames ?? ['127.0.0.1', 'localhost']);
	const sockets = new Set<Socket>();
	const server = https.createServer(
		{ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 30_000 },
		(req, res) => router.handle(req, res),
	);
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// A client that distrusts the certificate hangs up during the handshake: that is what such tests want.
	server.on('tlsClientError', (error) => {
		if (log) console.error(`simulator: TLS handshake failed: ${error.message}`);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const url = `https://127.0.0.1:${port}`;
	const dir = mkdtempSync(join(tmpdir(), 'cec-sim-'));
	const caFile = join(dir, 'cc-gateway-ca.pem');
	writeFileSync(caFile, tls.caPem);

	// The idle sweep: a background timer that schedules the next one each time it runs.
	const sweepEveryMs = Math.min(1000, Math.max(10, idleMs / 4));
	let sweeper: TimerHandle | undefined;
	const sweep = () => {
		state.sweep();
		sweeper = scheduler.schedule(sweepEveryMs, sweep, true);
	};
	if (idleMs > 0) sweeper = scheduler.schedule(sweepEveryMs, sweep, true);

	const existing = (agentId: string) => {
		const found = state.find(agentId);
		if (!found) throw new Error(`no agent ${agentId} in the simulator`);
		return found;
	};

	const putSignIn = async (agentId: string, password: string, phonenum: string, force: boolean) => {
		const path = `/agentgateway/resource/onlineagent/${agentId}${force ? '/forcelogin' : ''}`;
		const { status, headers, body } = await selfRequest(port, tls.caPem, 'PUT', path, {
			password,
			phonenum,
		});
		let envelope: { retcode?: string; message?: string } = {};
		try {
			envelope = JSON.parse(body) as typeof envelope;
		} catch {
			// a fault answered: reported below
		}
		const header = headers['set-guid'];
		if (status !== 200 || envelope.retcode !== '0' || typeof header !== 'string') {
			throw new Error(
				`sign-in of ${agentId} failed: HTTP ${status}, retcode ${String(envelope.retcode)} ${envelope.message ?? ''}`.trim(),
			);
		}
		return header.replace(/^JSESSIONID=/, '');
	};

	let closing: Promise<void> | undefined;
	let markClosed: () => void = () => undefined;
	const closed = new Promise<void>((resolve) => (markClosed = resolve));

	const sim: Simulator = {
		url,
		port,
		caPem: tls.caPem,
		caFile,
		authMode,
		ruleSet,
		closed,
		createAgent: (agentId, password) => void state.createAgent(agentId, password),
		signIn: (agentId, password, phonenum = `6${agentId.slice(-3)}`) =>
			putSignIn(agentId, password, phonenum, false),
		async readyAgent(opts = {}) {
			const agentId = opts.agentId ?? autoAgentId((id) => state.agents.has(id));
			if (!isAgentIdShape(agentId))
				throw new Error(
					`agentId must be digits without a leading zero, got ${JSON.stringify(agentId)}`,
				);
			if (opts.call !== undefined && (typeof opts.call !== 'object' || opts.call === null))
				throw new Error('call must be an object');
			const agent = state.agents.get(agentId) ?? state.createAgent(agentId, `Pw#${agentId}`);
			agent.keepAlive = opts.keepAlive ?? false;
			const phonenum = `6${agentId.slice(-3)}`;
			const guid = await putSignIn(agentId, agent.password, phonenum, agent.signedIn);
			state.placeCall(agent, opts.call);
			return { agentId, password: agent.password, guid, phonenum };
		},
		placeCall: (agentId, call) => state.placeCall(existing(agentId), call).callid,
		agentState(agentId) {
			const a = existing(agentId);
			return {
				signedIn: a.signedIn,
				status: state.status(a),
				call: a.call ? viewCall(a.call) : null,
				held: a.held.map(viewCall),
				queuedEvents: a.events.length,
			};
		},
		currentGuid: (agentId) => {
			const a = state.find(agentId);
			return a?.signedIn ? state.currentGuid(a) : undefined;
		},
		requests: () => router.log.map((r) => ({ ...r, headers: { ...r.headers } })),
		clearRequests: () => void (router.log.length = 0),
		injectFault: (f) => router.faults.add(f),
		injectRandomFaults: (f) => router.faults.setRandom(f),
		clearFaults: () => router.faults.clear(),
		openConnections: () => sockets.size,
		setAgentState(agentId, workState) {
			if (!AGENT_WORK_STATES.includes(workState))
				throw new Error(`state must be one of ${AGENT_WORK_STATES.join(', ')}`);
			state.setWorkState(existing(agentId), workState);
		},
		nextTransferOutcome(agentId, outcome) {
			existing(agentId).nextTransfer = checkPlanned<TransferOutcome>(outcome, TRANSFER_OUTCOMES);
		},
		nextCallOutOutcome(agentId, outcome) {
			existing(agentId).nextCallOut = checkPlanned<CallOutOutcome>(outcome, CALL_OUT_OUTCOMES);
		},
		holdList: (agentId) => existing(agentId).held.map((c) => c.callid),
		setWaitingCount(skillId, count) {
			const id = checkSkillId(skillId);
			if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0)
				throw new Error(`count must be a whole number ≥ 0, got ${JSON.stringify(count)}`);
			state.skillWaiting.set(id, count);
		},
		waitingCount: (skillId) => state.skillWaiting.get(checkSkillId(skillId)) ?? 0,
		setQueue(skillId, figures) {
			const answer = supervisorControl(
				state,
				router.book,
				'POST',
				`/__sim/queues/${checkSkillId(skillId)}`,
				figures,
			);
			if (!answer) throw new Error('setQueue failed');
		},
		setAgentProfile(agentId, profile) {
			const p = router.book.profile(existing(agentId).agentId);
			setProfile(p, profile);
			return { ...p, skills: [...p.skills] };
		},
		supervisorActions: () => router.book.actions.map((a) => ({ ...a })),
		close() {
			closing ??= (async () => {
				if (sweeper) scheduler.cancel(sweeper);
				sweeper = undefined;
				router.cancelAll();
				const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
				for (const s of sockets) s.destroy();
				await stopped;
				rmSync(dir, { recursive: true, force: true });
				markClosed();
			})();
			return closing;
		},
	};
	router.control = controlHandler(
		sim,
		() => ({
			url,
			port,
			authMode,
			ruleSet,
			agents: [...state.agents.keys()],
		}),
		(method, path, input) => supervisorControl(state, router.book, method, path, input),
	);
	return sim;
}

/** The simulator's own calls to itself (sign-in) go through HTTPS like any client's. */
function selfRequest(
	port: number,
	ca: string,
	method: string,
	path: string,
	body: unknown,
): Promise<{
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}> {
	return new Promise((resolve, reject) => {
		const payload = JSON.stringify(body);
		const req = https.request(
			{
				host: '127.0.0.1',
				port,
				method,
				path,
				ca,
				// The chain must lead to our CA; the name need not match (tests start servers with certificates for other hosts).
				checkServerIdentity: () => undefined,
				agent: false,
				headers: {
					'content-type': 'application/json; charset=UTF-8',
					'content-length': Buffer.byteLength(payload),
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}
