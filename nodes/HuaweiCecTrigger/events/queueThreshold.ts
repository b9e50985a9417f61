/**
 * Queue Threshold Crossed: compares one poll's queue figures with what the previous poll left in
 * the workflow's static data. A queue is "in the condition" when any enabled threshold holds; an
 * item is due only when that changes (into it, and out of it if recoveries are asked for). A queue
 * seen for the first time is a baseline: it is remembered, nothing is emitted.
 */
import type { IDataObject } from 'n8n-workflow';

/** One skill queue as the statistics query (cec_07_0411) describes it. */
export interface QueueFigures {
	skillId: number;
	skillName: string;
	waitingCalls: number;
	longestWaitSeconds: number;
	agentsSignedIn: number;
	agentsAvailable: number;
}

/** The enabled thresholds; an absent one is not checked. */
export interface QueueThresholds {
	waitingCallsAtLeast?: number;
	longestWaitAtLeastSeconds?: number;
	availableAgentsAtMost?: number;
}

export type QueueCondition = 'waitingCalls' | 'longestWait' | 'availableAgents';

/** What is kept per queue between polls. */
export interface QueueMemory {
	inCondition: boolean;
	/** When the poll that first saw it in the condition ran (ms), or null. */
	since: number | null;
}

export type QueueMemories = Record<string, QueueMemory>;

/** The conditions a queue meets now, in a fixed order. */
export function conditionsMet(
	figures: QueueFigures,
	thresholds: QueueThresholds,
): QueueCondition[] {
	const met: QueueCondition[] = [];
	if (
		thresholds.waitingCallsAtLeast !== undefined &&
		figures.waitingCalls >= thresholds.waitingCallsAtLeast
	)
		met.push('waitingCalls');
	if (
		thresholds.longestWaitAtLeastSeconds !== undefined &&
		figures.longestWaitSeconds >= thresholds.longestWaitAtLeastSeconds
	)
		met.push('longestWait');
	if (
		thresholds.availableAgentsAtMost !== undefined &&
		figures.agentsAvailable <= thresholds.availableAgentsAtMost
	)
		met.push('availableAgents');
	return met;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The item of one queue: its figures, the thresholds, and what the event is. */
export function queueItem(
	event: 'crossed' | 'recovered' | 'sample',
	figures: QueueFigures,
	thresholds: QueueThresholds,
	now: number,
	since: number | null,
): IDataObject {
	return {
		event,
		skillId: figures.skillId,
		skillName: figures.skillName,
		waitingCalls: figures.waitingCalls,
		longestWaitSeconds: figures.longestWaitSeconds,
		agentsSignedIn: figures.agentsSignedIn,
		agentsAvailable: figures.agentsAvailable,
		conditionsMet: conditionsMet(figures, thresholds),
		thresholds: {
			waitingCallsAtLeast: thresholds.waitingCallsAtLeast ?? null,
			longestWaitAtLeastSeconds: thresholds.longestWaitAtLeastSeconds ?? null,
			availableAgentsAtMost: thresholds.availableAgentsAtMost ?? null,
		},
		observedAt: iso(now),
		// When the crossing was first observed; for a recovery, how long the queue stayed in it as
		// far as polls tell (from the poll that saw it cross to the poll that saw it recover).
		inConditionSince: since === null ? null : iso(since),
		inConditionSeconds: since === null ? null : Math.round((now - since) / 1000),
	};
}

export interface QueueComparison {
	items: IDataObject[];
	/** The memory to keep: exactly the queues of this poll (a queue no longer watched is dropped). */
	memory: QueueMemories;
}

/**
 * One poll's comparison. `baseline` (the first poll after activation) remembers every queue and
 * emits nothing; otherwise a queue without memory is remembered silently too.
 */
export function compareQueues(
	previous: QueueMemories,
	figures: QueueFigures[],
	rules: { thresholds: QueueThresholds; notifyRecovery: boolean; baseline: boolean },
	now: number,
): QueueComparison {
	const items: IDataObject[] = [];
	const memory: QueueMemories = {};
	for (const queue of figures) {
		const key = String(queue.skillId);
		const inCondition = conditionsMet(queue, rules.thresholds).length > 0;
		const before = rules.baseline ? undefined : previous[key];
		if (!before) {
			memory[key] = { inCondition, since: inCondition ? now : null };
			continue;
		}
		if (inCondition === before.inCondition) {
			memory[key] = before;
			continue;
		}
		if (inCondition) {
			items.push(queueItem('crossed', queue, rules.thresholds, now, now));
			memory[key] = { inCondition, since: now };
		} else {
			if (rules.notifyRecovery)
				items.push(queueItem('recovered', queue, rules.thresholds, now, before.since));
			memory[key] = { inCondition, since: null };
		}
	}
	return { items, memory };
}
