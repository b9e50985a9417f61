/**
 * What the gateway offers one signed-in inspector / integration agent, as the simulator plays it:
 * queue figures (queryacdstat cec_07_0411, agentvdnskill cec_07_0409), other agents
 * (agentbyworkno cec_07_0415, agentbyskill cec_07_0414), the supervisor actions
 * (qualitycontrol/… cec_07_0439, 0440, 0445, 0441, 0443) and the sign-in failures an integration
 * agent meets (100-004 counted per agent; 110-016 once LOCK_AFTER_FAILURES come in a row).
 *
 * Choices where the pages leave it open (docs/integration-agent.md): every agent is in one VDN;
 * an agent without inspector rights is refused with 900-001; an action on an agent that is not
 * signed in answers 100-006; repeating Force Busy/Idle/Rest or Set Skills answers 0 again.
 *
 * Control surface (under /__sim/, handled by supervisorControl):
 *   GET    /__sim/queues                       every queue's figures
 *   POST   /__sim/queues/{id}   {waiting?, longestWaitSeconds?, name?, accessCode?}   → the queue
 *   GET    /__sim/agents/{id}/profile          {inspector, skills, name, groupId, failedSignIns, locked}
 *   POST   /__sim/agents/{id}/profile {inspector?, skills?, name?, locked?}             → the profile
 *   GET    /__sim/supervisor/actions           accepted supervisor actions, oldest first
 */
import { AGENT_STATUS, RET, WORK_STATE_EVENTS, type AgentWorkState, type Ret } from './rules';
import type { Agent, GatewayState } from './state';

export const LOCK_AFTER_FAILURES = 3;
export const INSPECTION_REFUSED: Ret = [
	'900-001',
	'the agent has no inspection right',
] as unknown as Ret;
export const LOCKED: Ret = ['110-016', 'the account is locked'] as unknown as Ret;
export const MAX_ACD_SKILLS = 100;
export const MAX_ADJUST_SKILLS = 1000;

export interface AgentProfile {
	inspector: boolean;
	/** The agent's skill queues (adjustskill replaces them). */
	skills: number[];
	name: string;
	groupId: number;
	/** Wrong passwords in a row since the last good sign-in. */
	failedSignIns: number;
	locked: boolean;
}

export interface QueueFigures {
	id: number;
	name: string;
	accessCode: string;
	/** queueTime: the longest wait of a call in the queue now, seconds. */
	longestWaitSeconds: number;
}

export interface SupervisorAction {
	/** forceBusy, forceIdle, forceRest, forceSignOut or setSkills. */
	action: string;
	inspector: string;
	workNo: string;
	at: number;
	detail?: Record<string, unknown>;
}

export interface Answer {
	ret: Ret;
	message?: string;
	result?: unknown;
}

/** The simulator's memory for these interfaces, beside GatewayState. */
export class SupervisorBook {
	readonly profiles = new Map<string, AgentProfile>();
	readonly queues = new Map<number, QueueFigures>();
	readonly actions: SupervisorAction[] = [];

	constructor() {
		for (const [id, name] of [
			[1, 'General'],
			[2, 'Billing'],
			[3, 'Sales'],
		] as const)
			this.queues.set(id, { id, name, accessCode: `4000${id}`, longestWaitSeconds: 0 });
	}

	profile(agentId: string): AgentProfile {
		let p = this.profiles.get(agentId);
		if (!p) {
			p = {
				inspector: false,
				skills: [1],
				name: `Agent ${agentId}`,
				groupId: 1,
				failedSignIns: 0,
				locked: false,
			};
			this.profiles.set(agentId, p);
		}
		return p;
	}

	queue(id: number): QueueFigures {
		let q = this.queues.get(id);
		if (!q) {
			q = { id, name: `Skill ${id}`, accessCode: '', longestWaitSeconds: 0 };
			this.queues.set(id, q);
		}
		return q;
	}

	/**
	 * The sign-in's password check: undefined when it may go on, else the answer. A locked account
	 * stays locked whatever the password; a wrong one counts toward the lock.
	 */
	checkSignIn(agent: Agent | undefined, password: string): Answer | undefined {
		if (!agent) return { ret: RET.wrongPassword };
		const p = this.profile(agent.agentId);
		if (p.locked) return { ret: LOCKED };
		if (agent.password !== password) {
			p.failedSignIns++;
			if (p.failedSignIns >= LOCK_AFTER_FAILURES) p.locked = true;
			return { ret: RET.wrongPassword };
		}
		p.failedSignIns = 0;
		return undefined;
	}
}

const positive = (raw: unknown): number | undefined => {
	const n =
		typeof raw === 'number'
			? raw
			: typeof raw === 'string' && /^[0-9]{1,10}$/.test(raw)
				? Number(raw)
				: NaN;
	return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
};

function describeAgent(state: GatewayState, book: SupervisorBook, agent: Agent) {
	const p = book.profile(agent.agentId);
	return {
		workno: agent.agentId,
		name: p.name,
		status: state.status(agent),
		ctiStatus: state.status(agent),
		groupid: p.groupId,
		groupname: '',
		skilllist: p.skills.map((id) => ({ id, name: book.queue(id).name })),
		callids: [],
		mediatype: agent.signedIn ? 'TFF' : 'FFF',
		vdnid: 1,
		phonenumber: agent.phonenum ?? '',
	};
}

/** queryacdstat: one object per asked queue, in the order asked. */
export function acdStat(state: GatewayState, book: SupervisorBook, body: unknown): Answer {
	const skills = (body as { skills?: unknown } | null)?.skills;
	if (!Array.isArray(skills) || skills.length === 0 || skills.length > MAX_ACD_SKILLS)
		return {
			ret: RET.badParam,
			message: `skills must be a list of 1 to ${MAX_ACD_SKILLS} skill IDs`,
		};
	const ids = skills.map(positive);
	if (ids.some((id) => id === undefined))
		return { ret: RET.badParam, message: 'skills must hold positive whole numbers' };
	const agents = [...state.agents.values()].filter((a) => {
		state.tick(a);
		return a.signedIn;
	});
	return {
		ret: RET.ok,
		result: (ids as number[]).map((id) => {
			const q = book.queue(id);
			const members = agents.filter((a) => book.profile(a.agentId).skills.includes(id));
			return {
				pilotNbr: q.accessCode,
				deviceNo: id,
				queueSize: state.skillWaiting.get(id) ?? 0,
				queueTime: q.longestWaitSeconds,
				loadFactor: 0,
				estWaitTime: 0,
				loggedOnAgents: members.length,
				availAgents: members.filter((a) => state.status(a) === AGENT_STATUS.idle).length,
				transferFlg: 0,
				transferDeviceType: 0,
				transferDeviceNo: 0,
				skillDescrip: q.name,
			};
		}),
	};
}

export function vdnSkills(book: SupervisorBook): Answer {
	return {
		ret: RET.ok,
		result: [...book.queues.values()]
			.sort((a, b) => a.id - b.id)
			.map((q) => ({ name: q.name, id: q.id, mediatype: 5, serviceType: 0, realFlag: 1 })),
	};
}

export function agentByWorkNo(state: GatewayState, book: SupervisorBook, raw: string): Answer {
	const target = positive(raw) !== undefined ? state.find(String(positive(raw))) : undefined;
	if (!target) return { ret: RET.badParam, message: 'workno is not an agent of this VDN' };
	return { ret: RET.ok, result: describeAgent(state, book, target) };
}

export function agentsBySkill(state: GatewayState, book: SupervisorBook, raw: string): Answer {
	const id = positive(raw);
	if (id === undefined)
		return { ret: RET.badParam, message: 'skillid must be a positive whole number' };
	const agents = [...state.agents.values()]
		.filter((a) => {
			state.tick(a);
			return a.signedIn && book.profile(a.agentId).skills.includes(id);
		})
		.sort((a, b) => Number(a.agentId) - Number(b.agentId));
	return { ret: RET.ok, result: agents.map((a) => describeAgent(state, book, a)) };
}

const FORCED_STATE: Record<string, AgentWorkState> = {
	forceBusy: 'busy',
	forceIdle: 'idle',
	forceRest: 'rest',
};

/**
 * A supervisor action of `inspector` on the agent `rawWorkNo`. `extra` holds forcerest's time and
 * reason (path) or adjustskill's body.
 */
export function supervise(
	state: GatewayState,
	book: SupervisorBook,
	inspector: Agent,
	action: 'forceBusy' | 'forceIdle' | 'forceRest' | 'forceSignOut' | 'setSkills',
	rawWorkNo: string | undefined,
	extra: { time?: string; reason?: string; body?: unknown },
): Answer {
	if (!book.profile(inspector.agentId).inspector) return { ret: INSPECTION_REFUSED };
	let workNoRaw = rawWorkNo;
	let skills: number[] = [];
	if (action === 'setSkills') {
		const body = extra.body as { workNo?: unknown; skills?: unknown } | null;
		if (!body || typeof body !== 'object')
			return { ret: RET.badParam, message: 'the body must be {workNo, skills}' };
		workNoRaw = typeof body.workNo === 'number' ? String(body.workNo) : (body.workNo as string);
		if (!Array.isArray(body.skills) || body.skills.length > MAX_ADJUST_SKILLS)
			return {
				ret: RET.badParam,
				message: `skills must be a list of at most ${MAX_ADJUST_SKILLS} skill IDs`,
			};
		const ids = body.skills.map(positive);
		if (ids.some((id) => id === undefined))
			return { ret: RET.badParam, message: 'skills must hold positive whole numbers' };
		skills = ids as number[];
	}
	const workNo = positive(workNoRaw);
	if (workNo === undefined) return { ret: RET.badParam, message: 'workNo is invalid' };
	if (String(workNo) === inspector.agentId)
		return { ret: ['000-005', 'the agent to be inspected is the inspector'] as unknown as Ret };
	const target = state.find(String(workNo));
	if (!target) return { ret: RET.badParam, message: 'workNo is not an agent of this VDN' };
	const detail: Record<string, unknown> = {};
	if (action === 'forceRest') {
		const time = positive(extra.time);
		const reason = positive(extra.reason);
		if (time === undefined || time > 86399)
			return { ret: RET.badParam, message: 'time must be 1 to 86399 seconds' };
		if (reason === undefined || reason > 255)
			return { ret: RET.badParam, message: 'reason must be 1 to 255' };
		Object.assign(detail, { time, reason });
	}
	if (action === 'setSkills') {
		book.profile(target.agentId).skills = skills;
		detail.skills = skills;
	} else {
		if (!target.signedIn)
			return { ret: RET.notSignedIn, message: 'the agent to be inspected has not signed in' };
		if (action === 'forceSignOut') state.signOut(target);
		else {
			const next = FORCED_STATE[action];
			target.workState = next;
			state.queueEvent(target, WORK_STATE_EVENTS[next], {});
		}
	}
	book.actions.push({
		action,
		inspector: inspector.agentId,
		workNo: target.agentId,
		at: state.now(),
		...(Object.keys(detail).length > 0 ? { detail } : {}),
	});
	return { ret: RET.ok };
}

type Input = Record<string, unknown>;

/** The control routes of this file; undefined for any other route. Throws on a bad request. */
export function supervisorControl(
	state: GatewayState,
	book: SupervisorBook,
	method: string,
	path: string,
	input: Input,
): { status: number; value: unknown } | undefined {
	if (method === 'GET' && path === '/__sim/queues')
		return {
			status: 200,
			value: [...book.queues.values()].map((q) => ({
				...q,
				waiting: state.skillWaiting.get(q.id) ?? 0,
			})),
		};
	if (method === 'GET' && path === '/__sim/supervisor/actions')
		return { status: 200, value: book.actions };
	const queue = /^\/__sim\/queues\/([^/]+)$/.exec(path);
	if (queue && method === 'POST') {
		const id = positive(queue[1]);
		if (id === undefined) throw new Error('the queue ID must be a positive whole number');
		const q = book.queue(id);
		if (input.waiting !== undefined) {
			if (!Number.isSafeInteger(input.waiting) || (input.waiting as number) < 0)
				throw new Error('waiting must be a whole number ≥ 0');
			state.skillWaiting.set(id, input.waiting as number);
		}
		if (input.longestWaitSeconds !== undefined) {
			if (
				!Number.isSafeInteger(input.longestWaitSeconds) ||
				(input.longestWaitSeconds as number) < 0
			)
				throw new Error('longestWaitSeconds must be a whole number ≥ 0');
			q.longestWaitSeconds = input.longestWaitSeconds as number;
		}
		if (input.name !== undefined) q.name = String(input.name);
		if (input.accessCode !== undefined) q.accessCode = String(input.accessCode);
		return { status: 200, value: { ...q, waiting: state.skillWaiting.get(id) ?? 0 } };
	}
	const profile = /^\/__sim\/agents\/([^/]+)\/profile$/.exec(path);
	if (profile) {
		if (!state.agents.has(profile[1])) throw new Error(`no agent ${profile[1]} in the simulator`);
		const p = book.profile(profile[1]);
		if (method === 'POST') setProfile(p, input);
		else if (method !== 'GET') return undefined;
		return { status: 200, value: p };
	}
	return undefined;
}

export function setProfile(p: AgentProfile, input: Input): void {
	if (input.inspector !== undefined) {
		if (typeof input.inspector !== 'boolean') throw new Error('inspector must be true or false');
		p.inspector = input.inspector;
	}
	if (input.skills !== undefined) {
		const ids = Array.isArray(input.skills) ? input.skills.map(positive) : [undefined];
		if (ids.some((id) => id === undefined))
			throw new Error('skills must be a list of positive whole numbers');
		p.skills = ids as number[];
	}
	if (input.name !== undefined) p.name = String(input.name);
	if (input.locked !== undefined) {
		if (typeof input.locked !== 'boolean') throw new Error('locked must be true or false');
		p.locked = input.locked;
		if (!p.locked) p.failedSignIns = 0;
	}
}
