/**
 * The trigger's comparisons on their own (no gateway): which poll sequences give which items.
 * The engine-level tests (trigger.poll.test.ts) run the same logic through n8n-core's poll path
 * against the simulator.
 */
import {
	compareAgents,
	type AgentMemories,
	type AgentObservation,
	type AgentRules,
} from '../../nodes/HuaweiCecTrigger/events/agentState';
import {
	compareQueues,
	conditionsMet,
	type QueueFigures,
	type QueueMemories,
	type QueueThresholds,
} from '../../nodes/HuaweiCecTrigger/events/queueThreshold';

const queue = (skillId: number, figures: Partial<QueueFigures> = {}): QueueFigures => ({
	skillId,
	skillName: `Queue ${skillId}`,
	waitingCalls: 0,
	longestWaitSeconds: 0,
	agentsSignedIn: 3,
	agentsAvailable: 2,
	...figures,
});

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);

describe('Queue Threshold Crossed', () => {
	const thresholds: QueueThresholds = {
		waitingCallsAtLeast: 10,
		longestWaitAtLeastSeconds: 120,
		availableAgentsAtMost: 0,
	};

	/** Runs polls in order; returns the items of each poll. */
	function run(polls: QueueFigures[][], notifyRecovery = true, t = thresholds) {
		let memory: QueueMemories = {};
		return polls.map((figures, i) => {
			const result = compareQueues(
				memory,
				figures,
				{ thresholds: t, notifyRecovery, baseline: i === 0 },
				T0 + i * MINUTE,
			);
			memory = result.memory;
			return result.items;
		});
	}

	it('checks each enabled threshold, and only those', () => {
		expect(conditionsMet(queue(1, { waitingCalls: 10 }), thresholds)).toEqual(['waitingCalls']);
		expect(conditionsMet(queue(1, { longestWaitSeconds: 119 }), thresholds)).toEqual([]);
		expect(
			conditionsMet(
				queue(1, { waitingCalls: 12, longestWaitSeconds: 130, agentsAvailable: 0 }),
				thresholds,
			),
		).toEqual(['waitingCalls', 'longestWait', 'availableAgents']);
		expect(conditionsMet(queue(1, { agentsAvailable: 0 }), { waitingCallsAtLeast: 1 })).toEqual([]);
	});

	it('emits nothing on the baseline, even for a queue already in the condition', () => {
		const [first] = run([[queue(1, { waitingCalls: 50 }), queue(2)]]);
		expect(first).toEqual([]);
	});

	it('fires once on the crossing, not while the queue stays there, and once on recovery', () => {
		const polls = run([
			[queue(1)],
			[queue(1, { waitingCalls: 11 })],
			[queue(1, { waitingCalls: 15, longestWaitSeconds: 200 })],
			[queue(1, { waitingCalls: 3 })],
			[queue(1, { waitingCalls: 2 })],
		]);
		expect(polls.map((items) => items.map((i) => i.event))).toEqual([
			[],
			['crossed'],
			[],
			['recovered'],
			[],
		]);
		expect(polls[1][0]).toMatchObject({
			skillId: 1,
			waitingCalls: 11,
			conditionsMet: ['waitingCalls'],
			observedAt: new Date(T0 + MINUTE).toISOString(),
			inConditionSeconds: 0,
		});
		expect(polls[3][0]).toMatchObject({
			event: 'recovered',
			conditionsMet: [],
			inConditionSince: new Date(T0 + MINUTE).toISOString(),
			inConditionSeconds: 120,
		});
	});

	it('stays silent on recovery unless asked', () => {
		const polls = run([[queue(1)], [queue(1, { agentsAvailable: 0 })], [queue(1)]], false);
		expect(polls.map((items) => items.map((i) => i.event))).toEqual([[], ['crossed'], []]);
	});

	it('a recovery of a queue that was in the condition at the baseline has no known start', () => {
		const polls = run([[queue(1, { waitingCalls: 20 })], [queue(1)]]);
		expect(polls[1]).toEqual([
			expect.objectContaining({ event: 'recovered', inConditionSince: expect.any(String) }),
		]);
	});

	it('drops a queue no longer watched and takes a new one as its own baseline', () => {
		let memory: QueueMemories = {};
		const poll = (figures: QueueFigures[], i: number) => {
			const result = compareQueues(
				memory,
				figures,
				{ thresholds, notifyRecovery: true, baseline: i === 0 },
				T0 + i * MINUTE,
			);
			memory = result.memory;
			return result.items;
		};
		poll([queue(1), queue(2)], 0);
		expect(poll([queue(1)], 1)).toEqual([]);
		expect(Object.keys(memory)).toEqual(['1']);
		// Queue 3 appears already in the condition: remembered, not reported.
		expect(poll([queue(1), queue(3, { waitingCalls: 99 })], 2)).toEqual([]);
		expect(poll([queue(1), queue(3)], 3).map((i) => [i.skillId, i.event])).toEqual([
			[3, 'recovered'],
		]);
	});
});

describe('Agent State Changed', () => {
	const agent = (workNo: string, code: number): AgentObservation => ({
		workNo,
		name: `Agent ${workNo}`,
		code,
	});
	const rules = (more: Partial<AgentRules> = {}): AgentRules => ({
		states: [],
		minSeconds: 0,
		baseline: false,
		bySkill: false,
		...more,
	});

	function run(polls: AgentObservation[][], more: Partial<AgentRules> = {}) {
		let memory: AgentMemories | undefined;
		return polls.map((observed, i) => {
			const result = compareAgents(
				memory,
				observed,
				rules({ ...more, baseline: i === 0 }),
				T0 + i * MINUTE,
			);
			memory = result.memory;
			return result.items;
		});
	}

	it('emits one item per change with bounds on the previous state, none on the baseline', () => {
		const polls = run([
			[agent('1001', 4), agent('1002', 4)],
			[agent('1001', 4), agent('1002', 4)],
			[agent('1001', 3), agent('1002', 4)],
			[agent('1001', 8), agent('1002', 4)],
		]);
		expect(polls.map((items) => items.map((i) => `${i.workNo}:${i.from}>${i.to}`))).toEqual([
			[],
			[],
			['1001:idle>busy'],
			['1001:busy>rest'],
		]);
		// idle since the baseline (its start unknown): at least 2 min, at most unknown.
		expect(polls[2][0].previousState).toEqual({
			since: new Date(T0).toISOString(),
			atLeastSeconds: 60,
			atMostSeconds: null,
		});
		// busy first seen at +2 min, after a poll at +1 min; gone at +3 min.
		expect(polls[3][0].previousState).toEqual({
			since: new Date(T0 + 2 * MINUTE).toISOString(),
			atLeastSeconds: 0,
			atMostSeconds: 120,
		});
		expect(polls[3][0]).toMatchObject({ fromCode: 3, toCode: 8 });
	});

	it('filters by state: a change is kept when it enters or leaves a chosen state', () => {
		const polls = run(
			[
				[agent('1', 4), agent('2', 4)],
				[agent('1', 8), agent('2', 3)],
				[agent('1', 4), agent('2', 4)],
			],
			{ states: ['rest'] },
		);
		expect(polls.map((items) => items.map((i) => `${i.workNo}:${i.from}>${i.to}`))).toEqual([
			[],
			['1:idle>rest'],
			['1:rest>idle'],
		]);
	});

	it('with a minimum time, fires once per stay that lasted it, while it goes on', () => {
		const polls = run(
			[
				[agent('1', 4)],
				[agent('1', 8)],
				[agent('1', 8)],
				[agent('1', 8)],
				[agent('1', 8)],
				[agent('1', 4)],
				[agent('1', 8)],
				[agent('1', 8)],
				[agent('1', 8)],
			],
			{ minSeconds: 120, states: ['rest'] },
		);
		expect(polls.map((items) => items.map((i) => `${i.event}:${i.state}`))).toEqual([
			[],
			[],
			[],
			['stateLasted:rest'],
			[],
			[],
			[],
			[],
			['stateLasted:rest'],
		]);
		expect(polls[3][0].currentState).toEqual({
			since: new Date(T0 + MINUTE).toISOString(),
			atLeastSeconds: 120,
			atMostSeconds: 180,
		});
	});

	it('by skill queue: an agent that leaves every watched queue is reported once, and when it returns', () => {
		const polls = run(
			[
				[agent('1', 4), agent('2', 4), agent('2', 4)],
				[agent('1', 4)],
				[agent('1', 4)],
				[agent('1', 4), agent('2', 4)],
				[agent('1', 4), agent('2', 4), agent('3', 3)],
			],
			{ bySkill: true },
		);
		expect(polls.map((items) => items.map((i) => `${i.workNo}:${i.from}>${i.to}`))).toEqual([
			[],
			['2:idle>notInQueues'],
			[],
			['2:notInQueues>idle'],
			['3:notInQueues>busy'],
		]);
		expect(polls[3][0]).toMatchObject({
			fromCode: null,
			previousState: { since: null, atLeastSeconds: null, atMostSeconds: null },
		});
	});

	it('listed agents: a work number added without a baseline is remembered, not reported', () => {
		const polls = run([
			[agent('1', 4)],
			[agent('1', 4), agent('2', 8)],
			[agent('1', 4), agent('2', 4)],
		]);
		expect(polls.map((items) => items.map((i) => `${i.workNo}:${i.from}>${i.to}`))).toEqual([
			[],
			[],
			['2:rest>idle'],
		]);
	});

	it('names codes it does not know "unknown"', () => {
		const polls = run([[agent('1', 4)], [agent('1', 42)]]);
		expect(polls[1][0]).toMatchObject({ from: 'idle', to: 'unknown', toCode: 42 });
	});
});
