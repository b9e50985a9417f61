/**
 * The gateway's memory: agents, their sessions and Guids, their calls and their event queues.
 * Time comes from a clock function so tests can move it forward instead of sleeping. Guid
 * rotation and idle sign-out are worked out from the clock whenever an agent is looked at (and by
 * a periodic sweep), so the outcome depends only on the clock, not on when a timer fired.
 */
import { randomUUID } from 'node:crypto';

import {
	AGENT_STATUS,
	CALL_STATE_STATUS,
	WORK_STATE_EVENTS,
	WORK_STATE_STATUS,
	type AgentWorkState,
	type CallOutOutcome,
	type CallState,
	type TransferOutcome,
} from './rules';

export type AuthMode = 'static' | 'dynamic';

export interface CallSpec {
	direction?: 'inbound' | 'outbound';
	media?: 'voice' | 'video';
	caller?: string;
	called?: string;
}

export interface Call {
	callid: string;
	direction: 'inbound' | 'outbound';
	media: 'voice' | 'video';
	caller: string;
	called: string;
	/**
	 * talking: with the customer; conference: three-party; inIvr: away in a hang-up IVR flow;
	 * transferring: a controlled transfer's target rings; dialling: a call out rings the customer;
	 * held: on the agent's hold list.
	 */
	state: CallState;
	/** ms since epoch: when the call reached the agent (callinfo's begintime). */
	beginTime: number;
	/** The skill the call came through or was made for (callinfo's callskillid); 0 none. */
	skillId: number;
	/** Call-associated data (callinfo's calldata); '' none. */
	calldata: string;
}

/** A controlled outcome waiting for the agent's next accepted transfer or call out. */
export interface PlannedOutcome<O extends string> {
	outcome: O;
	afterMs: number;
}

export interface GatewayEvent {
	eventType: string;
	workNo: string;
	content: unknown;
	eventGenTime: number;
}

interface IssuedGuid {
	value: string;
	issuedAt: number;
	/** When a newer Guid replaced this one (dynamic rotation or updateGuid). */
	supersededAt?: number;
}

export interface Agent {
	agentId: string;
	password: string;
	signedIn: boolean;
	phonenum?: string;
	/** The session's Guids, oldest first; the last one is current. */
	guids: IssuedGuid[];
	/** A Guid issued by rotation and not yet handed out in a poll's Set-GUID. */
	pendingGuid?: string;
	lastPollAt: number;
	/** Event polls being held right now: an agent in a held poll is polling, not idle. */
	heldPolls: number;
	/** Exempt from idle sign-out (a simulated desktop keeps polling for it). */
	keepAlive: boolean;
	call: Call | null;
	/** Calls the agent put on hold, oldest first (holdlist). */
	held: Call[];
	/** The call that most recently left the agent (callinfo?isNoContainLastCall=false). */
	lastCall: Call | null;
	/** The agent's own state while it has no call (agentstatus); idle after sign-in. */
	workState: AgentWorkState;
	nextTransfer?: PlannedOutcome<TransferOutcome>;
	nextCallOut?: PlannedOutcome<CallOutOutcome>;
	events: GatewayEvent[];
	/** Held polls waiting for an event, first come first served. */
	waiters: Array<() => void>;
}

export interface StateOptions {
	authMode: AuthMode;
	guidIntervalMs: number;
	guidTimeoutMs: number;
	/** 0 disables idle sign-out. */
	idleSignOutMs: number;
	now: () => number;
}

/** Nobody may be polling (benchmarks, hand tests): keep the newest events only. */
export const MAX_QUEUED_EVENTS = 200;

let callSequence = 0;

export function newGuid(): string {
	return `${randomUUID()}.AgentGateway0`;
}

/** The documented agent ID shape: digits, no sign, no leading zero. */
export function isAgentIdShape(agentId: string): boolean {
	return /^[1-9][0-9]{0,6}$/.test(agentId);
}

export class GatewayState {
	readonly agents = new Map<string, Agent>();
	/** Calls waiting in each skill queue (skillwaitnum), by skill ID; absent = 0. */
	readonly skillWaiting = new Map<number, number>();
	readonly now: () => number;

	constructor(private readonly opts: StateOptions) {
		this.now = opts.now;
	}

	get authMode(): AuthMode {
		return this.opts.authMode;
	}

	newCallId(): string {
		return `${Math.floor(this.now() / 1000)}-${++callSequence}`;
	}

	/** Creates the agent, or replaces one with the same ID (signing the old one out). */
	createAgent(agentId: string, password: string): Agent {
		if (!isAgentIdShape(agentId))
			throw new Error(
				`agentId must be digits without a leading zero, got ${JSON.stringify(agentId)}`,
			);
		if (typeof password !== 'string')
			throw new Error('password must be a string (it may be empty)');
		const old = this.agents.get(agentId);
		if (old) this.signOut(old);
		const agent: Agent = {
			agentId,
			password,
			signedIn: false,
			guids: [],
			lastPollAt: this.now(),
			heldPolls: 0,
			keepAlive: false,
			call: null,
			held: [],
			lastCall: null,
			workState: 'idle',
			events: [],
			waiters: [],
		};
		this.agents.set(agentId, agent);
		return agent;
	}

	/** The agent, brought up to date with the clock (idle sign-out, Guid rotation). */
	find(agentId: string): Agent | undefined {
		const agent = this.agents.get(agentId);
		if (agent) this.tick(agent);
		return agent;
	}

	signIn(agent: Agent, phonenum: string): string {
		const guid = newGuid();
		agent.signedIn = true;
		agent.phonenum = phonenum;
		agent.guids = [{ value: guid, issuedAt: this.now() }];
		agent.pendingGuid = undefined;
		agent.lastPollAt = this.now();
		agent.events = [];
		agent.call = null;
		agent.held = [];
		agent.lastCall = null;
		agent.workState = 'idle';
		agent.nextTransfer = undefined;
		agent.nextCallOut = undefined;
		return guid;
	}

	signOut(agent: Agent): void {
		agent.signedIn = false;
		agent.guids = [];
		agent.pendingGuid = undefined;
		agent.call = null;
		agent.held = [];
		// Held polls answer now (they will find the agent signed out).
		for (const wake of agent.waiters.splice(0)) wake();
	}

	/** Idle sign-out, then (dynamic mode) Guid rotation, both as of now. */
	tick(agent: Agent): void {
		if (!agent.signedIn) return;
		const now = this.now();
		const idleMs = this.opts.idleSignOutMs;
		if (
			idleMs > 0 &&
			!agent.keepAlive &&
			agent.heldPolls === 0 &&
			now - agent.lastPollAt >= idleMs
		) {
			this.signOut(agent);
			return;
		}
		if (this.opts.authMode === 'dynamic') this.rotate(agent, now);
	}

	/**
	 * Dynamic mode: the current Guid is superseded guidIntervalMs after it was issued. A client that
	 * has not polled for several intervals has missed Guids nobody ever saw; only the newest one is
	 * made (it is dated on the interval grid) and waits in pendingGuid for the next poll.
	 */
	private rotate(agent: Agent, now: number): void {
		const interval = this.opts.guidIntervalMs;
		const current = agent.guids[agent.guids.length - 1];
		if (!current || interval <= 0 || now - current.issuedAt < interval) return;
		const periods = Math.floor((now - current.issuedAt) / interval);
		current.supersededAt = current.issuedAt + interval;
		const fresh: IssuedGuid = { value: newGuid(), issuedAt: current.issuedAt + periods * interval };
		agent.guids.push(fresh);
		agent.pendingGuid = fresh.value;
		this.forgetExpired(agent, now);
	}

	private forgetExpired(agent: Agent, now: number): void {
		if (this.opts.authMode === 'static') return;
		agent.guids = agent.guids.filter(
			(g) => g.supersededAt === undefined || now - g.supersededAt < this.opts.guidTimeoutMs,
		);
	}

	/**
	 * Static: every Guid the session was given lasts until sign-out. Dynamic: the current Guid works,
	 * and a superseded one keeps working until guidTimeoutMs after it was superseded.
	 */
	guidAccepted(agent: Agent, guid: string | undefined): boolean {
		if (!guid || !agent.signedIn) return false;
		this.tick(agent);
		const issued = agent.guids.find((g) => g.value === guid);
		if (!issued) return false;
		if (this.opts.authMode === 'static' || issued.supersededAt === undefined) return true;
		return this.now() - issued.supersededAt < this.opts.guidTimeoutMs;
	}

	currentGuid(agent: Agent): string | undefined {
		this.tick(agent);
		return agent.guids[agent.guids.length - 1]?.value;
	}

	/** The Guid a poll answer must hand out in Set-GUID, once. */
	takePendingGuid(agent: Agent): string | undefined {
		this.tick(agent);
		const pending = agent.pendingGuid;
		agent.pendingGuid = undefined;
		return pending;
	}

	/** updateGuid: a fresh Guid at once; the one it replaces follows the mode's expiry rule. */
	refreshGuid(agent: Agent): string {
		const now = this.now();
		const current = agent.guids[agent.guids.length - 1];
		if (current) current.supersededAt = now;
		const fresh = newGuid();
		agent.guids.push({ value: fresh, issuedAt: now });
		agent.pendingGuid = undefined;
		this.forgetExpired(agent, now);
		return fresh;
	}

	polled(agent: Agent): void {
		agent.lastPollAt = this.now();
	}

	placeCall(agent: Agent, spec: CallSpec = {}): Call {
		if (!agent.signedIn) throw new Error(`agent ${agent.agentId} is not signed in`);
		const direction = spec.direction ?? 'inbound';
		const media = spec.media ?? 'voice';
		if (direction !== 'inbound' && direction !== 'outbound')
			throw new Error('direction must be inbound or outbound');
		if (media !== 'voice' && media !== 'video') throw new Error('media must be voice or video');
		for (const field of ['caller', 'called'] as const) {
			if (spec[field] !== undefined && typeof spec[field] !== 'string')
				throw new Error(`${field} must be a string`);
		}
		if (agent.call) this.releaseCall(agent);
		agent.call = {
			callid: this.newCallId(),
			direction,
			media,
			caller: spec.caller ?? (direction === 'inbound' ? '13800000001' : (agent.phonenum ?? '6001')),
			called: spec.called ?? (direction === 'inbound' ? '4001' : '13900000002'),
			state: 'talking',
			beginTime: this.now(),
			// An inbound call comes through a skill queue; the simulator's default queue is 1.
			skillId: direction === 'inbound' ? 1 : 0,
			calldata: '',
		};
		return agent.call;
	}

	/** The agent's call leaves it (released, transferred away): it becomes the agent's last call. */
	releaseCall(agent: Agent): void {
		if (agent.call) agent.lastCall = agent.call;
		agent.call = null;
	}

	/** A state set by a test (setAgentState): only for an agent without a call, with its event. */
	setWorkState(agent: Agent, workState: AgentWorkState): void {
		if (!agent.signedIn) throw new Error(`agent ${agent.agentId} is not signed in`);
		if (agent.call || agent.held.length > 0)
			throw new Error(`agent ${agent.agentId} has a call; release it first`);
		agent.workState = workState;
		this.queueEvent(
			agent,
			WORK_STATE_EVENTS[workState],
			workState === 'busy' ? { reason: '0' } : {},
		);
	}

	queueEvent(agent: Agent, eventType: string, content: unknown): void {
		agent.events.push({ eventType, workNo: agent.agentId, content, eventGenTime: this.now() });
		if (agent.events.length > MAX_QUEUED_EVENTS)
			agent.events.splice(0, agent.events.length - MAX_QUEUED_EVENTS);
		const wake = agent.waiters.shift();
		if (wake) wake();
	}

	status(agent: Agent): number {
		if (!agent.signedIn) return AGENT_STATUS.signedOut;
		if (agent.call) return CALL_STATE_STATUS[agent.call.state];
		// Customers on hold are still the agent's: the agent is in a call.
		if (agent.held.length > 0) return AGENT_STATUS.talking;
		return WORK_STATE_STATUS[agent.workState];
	}

	/** Brings every agent up to date (the periodic idle sweep). */
	sweep(): void {
		for (const agent of this.agents.values()) this.tick(agent);
	}
}
