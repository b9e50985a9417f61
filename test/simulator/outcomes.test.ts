/**
 * Controlled transfer outcomes (nextTransferOutcome): what a workflow sees through callinfo right
 * after the transfer and once afterMs has passed, per mode and outcome, with the events queued.
 * Restated from docs/gateway.md ("Transfer outcomes"), not imported from rules.ts. Also the
 * control surface's routes for outcomes and agent states.
 */
import { startSimulator, type Simulator } from './index';
import { SimClient } from './client';
import { ManualScheduler } from './scheduler';

let sim: Simulator;
let c: SimClient;
const AFTER_MS = 250;
/** Time moves only when a test advances it; pollHoldMs 0: an empty poll answers at once. */
const time = new ManualScheduler();
beforeAll(async () => {
	// IVR return and conference leave far beyond the tests: what afterMs does is seen on its own.
	sim = await startSimulator({
		authMode: 'static',
		idleSignOutMs: 0,
		pollHoldMs: 0,
		ivrReturnMs: 10_000_000,
		conferenceLeaveMs: 10_000_000,
		unreachableAddresses: ['0000'],
		scheduler: time,
	});
	c = new SimClient(sim);
});
afterAll(async () => {
	await c.close();
	await sim.close();
});

async function drain(
	agentId: string,
	guid: string,
): Promise<Array<{ eventType: string; content: unknown }>> {
	const events: Array<{ eventType: string; content: unknown }> = [];
	for (;;) {
		const event = (await c.poll(agentId, guid)).json?.event as {
			eventType: string;
			content: unknown;
		} | null;
		if (!event) return events;
		events.push({ eventType: event.eventType, content: event.content });
	}
}

/** The callid callinfo shows, or null for {}. */
async function shownCall(agentId: string, guid: string): Promise<string | null> {
	const result = (await c.callInfo(agentId, guid)).json?.result as { callid?: string };
	return result.callid ?? null;
}

const RELEASE_AFTER = { devicetype: 1, mode: 2, address: '3' };
const BLIND = { devicetype: 1, mode: 0, address: '3' };
const TALK_FORWARDING = { devicetype: 5, mode: 3, address: '8888' };
const THREE_PARTY = { devicetype: 5, mode: 4, address: '8888' };
const IVR_HANG_UP = { devicetype: 3, mode: 1, address: '1000' };

type Outcome = 'answer' | 'noAnswer' | 'customerHangsUp';
/** [mode, body, outcome, state right after (null: gone), events right after, state after afterMs, events after afterMs] */
const CASES: Array<
	[string, Record<string, unknown>, Outcome, string | null, string[], string | null, string[]]
> = [
	[
		'release after transfer',
		RELEASE_AFTER,
		'answer',
		'transferring',
		[],
		null,
		['AgentEvent_SuccTransResult', 'AgentMediaEvent_StopRecordDone', 'AgentEvent_Call_Release'],
	],
	[
		'release after transfer',
		RELEASE_AFTER,
		'noAnswer',
		'transferring',
		[],
		'talking',
		['AgentEvent_Connect_Fail', 'AgentEvent_SuccTransResult'],
	],
	[
		'release after transfer',
		RELEASE_AFTER,
		'customerHangsUp',
		'transferring',
		[],
		null,
		['AgentEvent_Call_Release'],
	],
	['blind', BLIND, 'answer', null, ['AgentEvent_Call_Release'], null, []],
	['blind', BLIND, 'noAnswer', null, ['AgentEvent_Call_Release'], null, []],
	['blind', BLIND, 'customerHangsUp', null, ['AgentEvent_Call_Release'], null, []],
	[
		'talk forwarding',
		TALK_FORWARDING,
		'answer',
		'transferring',
		[],
		null,
		['AgentEvent_Talking', 'AgentEvent_Call_Release'],
	],
	[
		'talk forwarding',
		TALK_FORWARDING,
		'noAnswer',
		'transferring',
		[],
		'talking',
		['AgentEvent_Connect_Fail'],
	],
	[
		'talk forwarding',
		TALK_FORWARDING,
		'customerHangsUp',
		'transferring',
		[],
		null,
		['AgentEvent_Call_Release'],
	],
	[
		'three-party',
		THREE_PARTY,
		'answer',
		'transferring',
		[],
		'conference',
		['AgentEvent_Talking', 'AgentEvent_Conference'],
	],
	[
		'three-party',
		THREE_PARTY,
		'noAnswer',
		'transferring',
		[],
		'talking',
		['AgentEvent_Connect_Fail'],
	],
	[
		'three-party',
		THREE_PARTY,
		'customerHangsUp',
		'transferring',
		[],
		null,
		['AgentEvent_Call_Release'],
	],
	['IVR hang-up (unchanged)', IVR_HANG_UP, 'answer', 'inIvr', [], 'inIvr', []],
	['IVR hang-up (unchanged)', IVR_HANG_UP, 'noAnswer', 'inIvr', [], 'inIvr', []],
	['IVR hang-up (unchanged)', IVR_HANG_UP, 'customerHangsUp', 'inIvr', [], 'inIvr', []],
];

describe('nextTransferOutcome per mode', () => {
	test.each(CASES)(
		'%s, %s: right after %s %j; after afterMs %s %j',
		async (_mode, body, outcome, stateNow, eventsNow, stateAfter, eventsAfter) => {
			const agent = await sim.readyAgent();
			const callid = sim.agentState(agent.agentId).call!.callid;
			sim.nextTransferOutcome(agent.agentId, { outcome, afterMs: AFTER_MS });
			expect((await c.transfer(agent.agentId, agent.guid, body)).json?.retcode).toBe('0');

			expect(sim.agentState(agent.agentId).call?.state ?? null).toBe(stateNow);
			expect(sim.agentState(agent.agentId).queuedEvents).toBe(eventsNow.length);
			expect(await shownCall(agent.agentId, agent.guid)).toBe(stateNow === null ? null : callid);
			expect((await drain(agent.agentId, agent.guid)).map((e) => e.eventType)).toEqual(eventsNow);

			time.advance(AFTER_MS - 1);
			expect(sim.agentState(agent.agentId).call?.state ?? null).toBe(stateNow);
			expect(sim.agentState(agent.agentId).queuedEvents).toBe(0);
			time.advance(1);
			expect(sim.agentState(agent.agentId).call?.state ?? null).toBe(stateAfter);
			expect(await shownCall(agent.agentId, agent.guid)).toBe(stateAfter === null ? null : callid);
			const later = await drain(agent.agentId, agent.guid);
			expect(later.map((e) => e.eventType)).toEqual(eventsAfter);
			const result = later.find((e) => e.eventType === 'AgentEvent_SuccTransResult');
			if (result)
				expect(result.content).toEqual({ result: outcome === 'answer' ? 0 : 1, callId: callid });
			const release = later.find((e) => e.eventType === 'AgentEvent_Call_Release');
			if (release) expect(release.content).toBe(callid);
			// A call that left the agent is its last call.
			if (stateAfter === null) {
				expect(
					(
						(await c.callInfo(agent.agentId, agent.guid, 'isNoContainLastCall=false')).json
							?.result as { callid: string }
					).callid,
				).toBe(callid);
			}
		},
	);

	test('afterMs 0 settles before the gateway answers', async () => {
		const agent = await sim.readyAgent();
		sim.nextTransferOutcome(agent.agentId, { outcome: 'noAnswer', afterMs: 0 });
		await c.transfer(agent.agentId, agent.guid, RELEASE_AFTER);
		expect(sim.agentState(agent.agentId).call?.state).toBe('talking');
		expect(sim.agentState(agent.agentId).queuedEvents).toBe(2);
	});

	test('the outcome is for the next ACCEPTED transfer only: a refused one leaves it, the one after is as usual', async () => {
		const agent = await sim.readyAgent();
		sim.nextTransferOutcome(agent.agentId, { outcome: 'noAnswer', afterMs: 0 });
		expect(
			(await c.transfer(agent.agentId, agent.guid, { devicetype: 9, mode: 0, address: '3' })).json
				?.retcode,
		).toBe('000-002');
		await c.transfer(agent.agentId, agent.guid, RELEASE_AFTER);
		expect(sim.agentState(agent.agentId).call?.state).toBe('talking'); // noAnswer used here
		await drain(agent.agentId, agent.guid);
		await c.transfer(agent.agentId, agent.guid, RELEASE_AFTER);
		expect(sim.agentState(agent.agentId).call).toBeNull(); // as usual: the target answers at once
	});

	test('a planned outcome wins over unreachableAddresses', async () => {
		const agent = await sim.readyAgent();
		sim.nextTransferOutcome(agent.agentId, { outcome: 'answer', afterMs: 0 });
		await c.transfer(agent.agentId, agent.guid, { ...RELEASE_AFTER, address: '0000' });
		expect(sim.agentState(agent.agentId).call).toBeNull();
	});

	test('while the target rings: a second transfer → 100-007, hold → 200-017; the agent may hang up, and then afterMs changes nothing', async () => {
		const agent = await sim.readyAgent();
		sim.nextTransferOutcome(agent.agentId, { outcome: 'answer', afterMs: AFTER_MS });
		await c.transfer(agent.agentId, agent.guid, RELEASE_AFTER);
		expect((await c.transfer(agent.agentId, agent.guid, BLIND)).json).toEqual({
			message: 'a transfer of this call is already under way',
			retcode: '100-007',
			result: {},
		});
		expect((await c.hold(agent.agentId, agent.guid)).json?.retcode).toBe('200-017');
		expect((await c.status(agent.agentId, agent.guid)).json?.result).toEqual({
			agentState: 7,
			isWorking: true,
		});
		expect((await c.release(agent.agentId, agent.guid)).json?.retcode).toBe('0');
		time.advance(AFTER_MS);
		expect((await drain(agent.agentId, agent.guid)).map((e) => e.eventType)).toEqual([
			'AgentEvent_Call_Release',
		]);
	});

	test('three-party answered: the agent leaves the conference conferenceLeaveMs after the answer', async () => {
		const clock = new ManualScheduler();
		const quick = await startSimulator({
			authMode: 'static',
			idleSignOutMs: 0,
			pollHoldMs: 0,
			conferenceLeaveMs: 40,
			scheduler: clock,
		});
		const client = new SimClient(quick);
		try {
			const agent = await quick.readyAgent();
			quick.nextTransferOutcome(agent.agentId, { outcome: 'answer', afterMs: 40 });
			await client.transfer(agent.agentId, agent.guid, THREE_PARTY);
			expect(quick.agentState(agent.agentId).call?.state).toBe('transferring');
			clock.advance(40);
			expect(quick.agentState(agent.agentId).call?.state).toBe('conference');
			clock.advance(39);
			expect(quick.agentState(agent.agentId).call?.state).toBe('conference');
			clock.advance(1);
			expect(quick.agentState(agent.agentId).call).toBeNull();
			const types: string[] = [];
			for (;;) {
				const event = (await client.poll(agent.agentId, agent.guid)).json?.event as {
					eventType: string;
				} | null;
				if (!event) break;
				types.push(event.eventType);
			}
			expect(types).toEqual([
				'AgentEvent_Talking',
				'AgentEvent_Conference',
				'AgentEvent_Call_Release',
			]);
		} finally {
			await client.close();
			await quick.close();
		}
	});

	test('nextTransferOutcome refuses an unknown outcome, a bad afterMs, an unknown agent', () => {
		const id = '5401';
		sim.createAgent(id, 'pw');
		expect(() => sim.nextTransferOutcome(id, { outcome: 'later' as Outcome, afterMs: 0 })).toThrow(
			'outcome must be one of',
		);
		expect(() => sim.nextTransferOutcome(id, { outcome: 'answer', afterMs: Number.NaN })).toThrow(
			'afterMs',
		);
		expect(() => sim.nextTransferOutcome('5499', { outcome: 'answer', afterMs: 0 })).toThrow(
			'no agent 5499',
		);
	});
});

describe('control surface: state, transfer-outcome, callout-outcome, holdlist', () => {
	const json = async (method: string, path: string, body?: unknown) => {
		const answer = await c.call(method, path, body === undefined ? {} : { body });
		return { status: answer.status, value: answer.json as unknown as Record<string, unknown> };
	};

	test('set a state, plan a transfer and a call out, read the hold list', async () => {
		const agent = await sim.readyAgent();
		await c.release(agent.agentId, agent.guid);
		const set = await json('POST', `/__sim/agents/${agent.agentId}/state`, { state: 'rest' });
		expect(set).toEqual({ status: 200, value: expect.objectContaining({ status: 8 }) });
		expect((await c.callOut(agent.agentId, agent.guid, { called: '8888' })).json?.retcode).toBe(
			'100-007',
		);
		await json('POST', `/__sim/agents/${agent.agentId}/state`, { state: 'idle' });

		expect(
			(
				await json('POST', `/__sim/agents/${agent.agentId}/callout-outcome`, {
					outcome: 'busy',
					afterMs: 0,
				})
			).value,
		).toEqual({ ok: true });
		await c.callOut(agent.agentId, agent.guid, { called: '8888' });
		expect(sim.agentState(agent.agentId).call).toBeNull();

		sim.placeCall(agent.agentId);
		expect(
			(
				await json('POST', `/__sim/agents/${agent.agentId}/transfer-outcome`, {
					outcome: 'customerHangsUp',
					afterMs: 0,
				})
			).value,
		).toEqual({ ok: true });
		await c.transfer(agent.agentId, agent.guid, RELEASE_AFTER);
		expect(sim.agentState(agent.agentId).call).toBeNull();

		const callid = sim.placeCall(agent.agentId);
		await c.hold(agent.agentId, agent.guid);
		expect((await json('GET', `/__sim/agents/${agent.agentId}/holdlist`)).value).toEqual({
			held: [callid],
		});
	});

	test.each([
		['state', { state: 'asleep' }, 'state must be one of'],
		['state', {}, 'state must be one of'],
		['transfer-outcome', { outcome: 'busy', afterMs: 0 }, 'outcome must be one of'],
		['transfer-outcome', { outcome: 'answer' }, 'afterMs'],
		['callout-outcome', { outcome: 'customerHangsUp', afterMs: 0 }, 'outcome must be one of'],
		['callout-outcome', { outcome: 'answer', afterMs: -5 }, 'afterMs'],
	] as const)('POST /__sim/agents/{id}/%s %j → 400', async (route, body, word) => {
		const agent = await sim.readyAgent();
		await c.release(agent.agentId, agent.guid);
		const answer = await json('POST', `/__sim/agents/${agent.agentId}/${route}`, body);
		expect(answer.status).toBe(400);
		expect(String(answer.value.error)).toContain(word);
	});

	test('a state for an agent in a call → 400, and the agent is unchanged', async () => {
		const agent = await sim.readyAgent();
		const before = sim.agentState(agent.agentId);
		const answer = await json('POST', `/__sim/agents/${agent.agentId}/state`, { state: 'busy' });
		expect(answer.status).toBe(400);
		expect(sim.agentState(agent.agentId)).toEqual(before);
	});
});
