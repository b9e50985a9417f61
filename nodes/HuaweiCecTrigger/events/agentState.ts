/**
 * Agent State Changed: compares one poll's agent states with what the previous poll left in the
 * workflow's static data. Polls see states, not events: a change is observed between two polls,
 * and a state that begins and ends between two polls is never seen. Durations are therefore given
 * as bounds: at least from the first poll that saw the state to the last poll that still saw it,
 * at most from the poll before it was first seen to the poll that saw it end.
 */
import type { IDataObject } from 'n8n-workflow';

/** Agent states by the gateway's status codes (cec_07_0581), under the names the node shows. */
export const STATE_BY_CODE: Record<number, string> = {
	2: 'signedOut',
	3: 'busy',
	4: 'idle',
	5: 'wrapUp',
	7: 'talking',
	8: 'rest',
	9: 'preRest',
};

/** An agent no longer listed in any watched skill queue: signed out, or its skills changed. */
export const NOT_IN_QUEUES = 'notInQueues';

export function stateName(code: number): string {
	return STATE_BY_CODE[code] ?? 'unknown';
}

/** One agent as one poll saw it. */
export interface AgentObservation {
	workNo: string;
	name: string;
	/** The gateway's status code. */
	code: number;
}

/** What is kept per agent between polls. */
export interface AgentMemory {
	code: number;
	name: string;
	/** When the first poll that saw this state ran (ms). */
	firstSeenAt: number;
	/** When the poll before that ran, which saw another state (ms); null when not known. */
	startedAfter: number | null;
	/** Minimum Time in State: this stay was already reported. */
	reported: boolean;
}

export interface AgentMemories {
	/** When the previous successful poll ran (ms). */
	observedAt: number;
	agents: Record<string, AgentMemory>;
}

export interface AgentRules {
	/** Only these states (by name); empty: every state. */
	states: string[];
	/** 0: report each change; more: report once per stay that lasted at least this long. */
	minSeconds: number;
	/** The first poll after activation: remember, emit nothing. */
	baseline: boolean;
	/** Agents come from skill queues, so an agent missing from the answers has left them. */
	bySkill: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

function bounds(
	firstSeenAt: number,
	startedAfter: number | null,
	lastSeenAt: number,
	endedBy: number,
): IDataObject {
	return {
		since: iso(firstSeenAt),
		atLeastSeconds: seconds(lastSeenAt - firstSeenAt),
		atMostSeconds: startedAfter === null ? null : seconds(endedBy - startedAfter),
	};
}

/** The item of one observed change. */
export function changeItem(
	workNo: string,
	name: string,
	before: AgentMemory | undefined,
	to: string,
	toCode: number | null,
	lastPollAt: number,
	now: number,
): IDataObject {
	const from = before ? stateName(before.code) : NOT_IN_QUEUES;
	return {
		event: 'stateChanged',
		workNo,
		name,
		from,
		fromCode: before ? before.code : null,
		to,
		toCode,
		observedAt: iso(now),
		previousState: before
			? bounds(before.firstSeenAt, before.startedAfter, lastPollAt, now)
			: { since: null, atLeastSeconds: null, atMostSeconds: null },
	};
}

/** The item of a stay that lasted at least the minimum time (reported while it goes on). */
export function lastedItem(workNo: string, memory: AgentMemory, now: number): IDataObject {
	return {
		event: 'stateLasted',
		workNo,
		name: memory.name,
		state: stateName(memory.code),
		stateCode: memory.code,
		observedAt: iso(now),
		currentState: bounds(memory.firstSeenAt, memory.startedAfter, now, now),
	};
}

/** Fetch Test Event: one agent's current state, shaped like a change. */
export function sampleItem(agent: AgentObservation, now: number): IDataObject {
	return {
		event: 'sample',
		workNo: agent.workNo,
		name: agent.name,
		from: null,
		fromCode: null,
		to: stateName(agent.code),
		toCode: agent.code,
		observedAt: iso(now),
		previousState: { since: null, atLeastSeconds: null, atMostSeconds: null },
	};
}

export interface AgentComparison {
	items: IDataObject[];
	memory: AgentMemories;
}

const wanted = (rules: AgentRules, ...states: string[]) =>
	rules.states.length === 0 || states.some((s) => rules.states.includes(s));

/** One poll's comparison; `previous` is undefined before the first poll. */
export function compareAgents(
	previous: AgentMemories | undefined,
	observed: AgentObservation[],
	rules: AgentRules,
	now: number,
): AgentComparison {
	const items: IDataObject[] = [];
	const agents: Record<string, AgentMemory> = {};
	const before = rules.baseline || !previous ? undefined : previous;
	const lastPollAt = before?.observedAt ?? now;
	for (const agent of observed) {
		if (agents[agent.workNo]) continue; // listed by two watched queues
		const known = before?.agents[agent.workNo];
		if (!before || (!known && !rules.bySkill)) {
			agents[agent.workNo] = {
				code: agent.code,
				name: agent.name,
				firstSeenAt: now,
				startedAfter: null,
				reported: false,
			};
			continue;
		}
		if (known && known.code === agent.code) {
			const stay: AgentMemory = { ...known, name: agent.name };
			if (
				rules.minSeconds > 0 &&
				!stay.reported &&
				now - stay.firstSeenAt >= rules.minSeconds * 1000 &&
				wanted(rules, stateName(stay.code))
			) {
				items.push(lastedItem(agent.workNo, stay, now));
				stay.reported = true;
			}
			agents[agent.workNo] = stay;
			continue;
		}
		const to = stateName(agent.code);
		if (rules.minSeconds === 0 && wanted(rules, to, known ? stateName(known.code) : NOT_IN_QUEUES))
			items.push(changeItem(agent.workNo, agent.name, known, to, agent.code, lastPollAt, now));
		agents[agent.workNo] = {
			code: agent.code,
			name: agent.name,
			firstSeenAt: now,
			startedAfter: lastPollAt,
			reported: false,
		};
	}
	if (before && rules.bySkill) {
		for (const [workNo, known] of Object.entries(before.agents)) {
			if (agents[workNo]) continue;
			if (rules.minSeconds === 0 && wanted(rules, NOT_IN_QUEUES, stateName(known.code)))
				items.push(changeItem(workNo, known.name, known, NOT_IN_QUEUES, null, lastPollAt, now));
		}
	}
	return { items, memory: { observedAt: now, agents } };
}
