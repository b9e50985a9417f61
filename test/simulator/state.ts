/**
 * The gateway's memory: agents, their sessions and Guids, their calls and their event queues.
 * Time comes from a clock function so tests can reason about rotation and expiry.
 */
import { randomUUID } from 'node:crypto';

import { AGENT_STATUS } from './rules';

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
	/** talking: with the customer; conference: three-party; inIvr: away in a hang-up IVR flow. */
	state: 'talking' | 'conference' | 'inIvr';
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
}

export interface Agent {
	agentId: string;
	password: string;
	signedIn: boolean;
	phonenum?: string;
	guids: IssuedGuid[];
	/** A Guid issued by rotation and not yet handed out by an event poll. */
	pendingGuid?: string;
	lastPollAt: number;
	keepAlive: boolean;
	call: Call | null;
	events: GatewayEvent[];
	waiters: Array<() => void>;
}

let callSequence = 0;
const MAX_QUEUED_EVENTS = 200;

export function newGuid(): string {
	return `${randomUUID()}.AgentGateway0`;
}

export function newCallId(): string {
	return `${Math.floor(Date.now() / 1000)}-${++callSequence}`;
}

export class GatewayState {
	readonly agents = new Map<string, Agent>();

	constructor(
		readonly authMode: AuthMode,
		private readonly guidIntervalMs: number,
		private readonly guidTimeoutMs: number,
		private readonly now: () => number = Date.now,
	) {}

	createAgent(agentId: string, password: string): Agent {
		const agent: Agent = {
			agentId,
			password,
			signedIn: false,
			guids: [],
			lastPollAt: this.now(),
			keepAlive: false,
			call: null,
			events: [],
			waiters: [],
		};
		this.agents.set(agentId, agent);
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
		return guid;
	}

	signOut(agent: Agent): void {
		agent.signedIn = false;
		agent.guids = [];
		agent.pendingGuid = undefined;
		agent.call = null;
		for (const wake of agent.waiters.splice(0)) wake();
	}

	/**
	 * Static: the sign-in Guid lasts until sign-out. Dynamic: every Guid issued to the session
	 * works until guidTimeoutMs after it was issued (the vendor does not document a grace period
	 * beyond that timeout).
	 */
	guidAccepted(agent: Agent, guid: string | undefined): boolean {
		if (!guid || !agent.signedIn) return false;
		const issued = agent.guids.find((g) => g.value === guid);
		if (!issued) return false;
		if (this.authMode === 'static') return true;
		return this.now() - issued.issuedAt < this.guidTimeoutMs;
	}

	currentGuid(agent: Agent): string | undefined {
		return agent.guids[agent.guids.length - 1]?.value;
	}

	/** Dynamic mode: on an event poll, rotate when the interval has passed; returns a Guid to hand out. */
	rotateOnPoll(agent: Agent): string | undefined {
		if (this.authMode !== 'dynamic') return undefined;
		const latest = agent.guids[agent.guids.length - 1];
		if (latest && this.now() - latest.issuedAt >= this.guidIntervalMs) {
			const fresh = newGuid();
			agent.guids.push({ value: fresh, issuedAt: this.now() });
			// Forget Guids that can no longer be accepted.
			agent.guids = agent.guids.filter((g) => this.now() - g.issuedAt < this.guidTimeoutMs || g.value === fresh);
			return fresh;
		}
		return undefined;
	}

	refreshGuid(agent: Agent): string {
		const fresh = newGuid();
		agent.guids.push({ value: fresh, issuedAt: this.now() });
		return fresh;
	}

	placeCall(agent: Agent, spec: CallSpec = {}): Call {
		const direction = spec.direction ?? 'inbound';
		agent.call = {
			callid: newCallId(),
			direction,
			media: spec.media ?? 'voice',
			caller: spec.caller ?? (direction === 'inbound' ? '13800000001' : agent.phonenum ?? '6001'),
			called: spec.called ?? (direction === 'inbound' ? '4001' : '13900000002'),
			state: 'talking',
		};
		return agent.call;
	}

	queueEvent(agent: Agent, eventType: string, content: unknown): void {
		agent.events.push({ eventType, workNo: agent.agentId, content, eventGenTime: this.now() });
		// Nobody may be polling (tests, benchmarks): keep the newest events only, as a bounded queue.
		if (agent.events.length > MAX_QUEUED_EVENTS) agent.events.splice(0, agent.events.length - MAX_QUEUED_EVENTS);
		const wake = agent.waiters.shift();
		if (wake) wake();
	}

	status(agent: Agent): number {
		if (!agent.signedIn) return AGENT_STATUS.signedOut;
		if (agent.call) return AGENT_STATUS.talking;
		return AGENT_STATUS.idle;
	}

	/** Signs out every agent that stopped polling for idleMs (keep-alive agents excepted). */
	sweepIdle(idleMs: number): string[] {
		const gone: string[] = [];
		for (const agent of this.agents.values()) {
			if (agent.signedIn && !agent.keepAlive && this.now() - agent.lastPollAt >= idleMs) {
				this.signOut(agent);
				gone.push(agent.agentId);
			}
		}
		return gone;
	}
}
