/**
 * One poll: read the figures (as few requests as the interfaces allow), compare them with what the
 * previous poll kept in the workflow's static data, keep the new state, return the items due.
 *
 * - The first poll after activation is a baseline: it records and emits nothing. n8n 2.x runs a
 *   poll when it activates a workflow (on saving it active, on start-up, on taking over as leader),
 *   with a context of that activation; its in-memory engine reuses that context for every Poll
 *   Times tick, its durable scheduler builds a context per tick with the activation mode
 *   "update". So a context not seen before whose activation mode is not "update" marks the first
 *   poll. Kept state of another shape or of other settings is not compared either.
 * - A failed poll throws before anything is kept: the previous state stays the baseline, nothing is
 *   emitted, and n8n records the error (and runs the error workflow).
 * - In the editor (Fetch Test Event) the poll reads the current state and returns it as one sample
 *   item, leaving the kept state alone.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import {
	compareAgents,
	sampleItem,
	type AgentMemories,
	type AgentObservation,
} from './events/agentState';
import { compareQueues, queueItem, type QueueMemories } from './events/queueThreshold';
import { readSettings, type AgentSettings, type TriggerSettings } from './settings';
import { openSource, type Source } from './source';

/** Contexts that have polled once: their activation has its baseline. */
const polledContexts = new WeakSet<object>();

/** The static data's shape version; other data (another event, an older shape) is not compared. */
const SHAPE = 1;

interface Kept extends IDataObject {
	shape: number;
	/** The settings the kept state was computed under (not the watched IDs: those are per key). */
	settings: string;
	queues?: IDataObject;
	agents?: IDataObject;
}

/** What the comparison depends on besides the watched queues and agents. */
function fingerprint(settings: TriggerSettings): string {
	return JSON.stringify(
		settings.event === 'queueThreshold'
			? [settings.event, settings.thresholds, settings.notifyRecovery]
			: [settings.event, settings.watch, settings.states, settings.minSeconds],
	);
}

/** Whether this poll is the first of an activation (see above). */
function firstOfActivation(ctx: IPollFunctions): boolean {
	return !polledContexts.has(ctx) && ctx.getActivationMode() !== 'update';
}

async function observeAgents(source: Source, settings: AgentSettings): Promise<AgentObservation[]> {
	return settings.watch === 'skillQueues'
		? await source.agentsBySkill(settings.skillIds)
		: await source.agentsByWorkNo(settings.workNumbers);
}

async function sample(
	source: Source,
	settings: TriggerSettings,
	now: number,
): Promise<IDataObject> {
	if (settings.event === 'queueThreshold') {
		const [first] = await source.queueFigures(settings.skillIds);
		return queueItem('sample', first, settings.thresholds, now, null);
	}
	const agents = await observeAgents(source, settings);
	if (agents.length > 0) return sampleItem(agents[0], now);
	return { event: 'sample', observedAt: new Date(now).toISOString(), agents: 0 };
}

export async function pollTrigger(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = ctx.getNode();
	const settings = readSettings(ctx, node);
	const source = await openSource(ctx, node);
	if (ctx.getMode() === 'manual') {
		const item = await sample(source, settings, Date.now());
		return [ctx.helpers.returnJsonArray([item])];
	}

	const staticData = ctx.getWorkflowStaticData('node');
	const kept = staticData as Partial<Kept>;
	const usable = kept.shape === SHAPE && kept.settings === fingerprint(settings);
	const baseline = !usable || firstOfActivation(ctx);

	let items: IDataObject[];
	let memory: IDataObject;
	if (settings.event === 'queueThreshold') {
		const figures = await source.queueFigures(settings.skillIds);
		const now = Date.now();
		const result = compareQueues(
			((usable ? kept.queues : undefined) as QueueMemories | undefined) ?? {},
			figures,
			{ thresholds: settings.thresholds, notifyRecovery: settings.notifyRecovery, baseline },
			now,
		);
		items = result.items;
		memory = { queues: result.memory };
	} else {
		const observed = await observeAgents(source, settings);
		const now = Date.now();
		const result = compareAgents(
			(usable ? kept.agents : undefined) as AgentMemories | undefined,
			observed,
			{
				states: settings.states,
				minSeconds: settings.minSeconds,
				baseline,
				bySkill: settings.watch === 'skillQueues',
			},
			now,
		);
		items = result.items;
		memory = { agents: result.memory as unknown as IDataObject };
	}

	// Only a poll that read everything replaces what is kept.
	for (const key of Object.keys(staticData)) delete staticData[key];
	Object.assign(staticData, { shape: SHAPE, settings: fingerprint(settings), ...memory });
	polledContexts.add(ctx);
	return items.length > 0 ? [ctx.helpers.returnJsonArray(items)] : null;
}
