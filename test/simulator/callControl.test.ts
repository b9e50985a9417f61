/**
 * Call out, release, hold and take back through real HTTPS: happy paths, the retcodes chosen for
 * the cases the pages leave open (docs/gateway.md, "Call control"), the order of checks, and faults
 * (a faulted request changes no state).
 */
import { startSimulator, type Simulator } from './index';
import { GATEWAY, SimClient } from './client';
import { ManualScheduler } from './scheduler';

let sim: Simulator;
let c: SimClient;
/** Time moves only when a test advances it; pollHoldMs 0: an empty poll answers at once. */
const time = new ManualScheduler();
beforeAll(async () => {
	sim = await startSimulator({
		authMode: 'static',
		idleSignOutMs: 0,
		pollHoldMs: 0,
		ivrReturnMs: 10_000,
		scheduler: time,
	});
	c = new SimClient(sim);
});
afterAll(async () => {
	await c.close();
	await sim.close();
});
beforeEach(() => sim.clearFaults());

/** How long a planned call out rings. */
const RING_MS = 250;

async function freeAgent() {
	const agent = await sim.readyAgent();
	await c.release(agent.agentId, agent.guid);
	await drain(agent.agentId, agent.guid);
	return agent;
}

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

describe('call out', () => {
	test('a free agent calls out: result is the new callid (a string); the call is outbound and talking at once', async () => {
		const agent = await freeAgent();
		const answer = await c.callOut(agent.agentId, agent.guid, {
			called: '13900001111',
			caller: '4004',
			skillid: 7,
			callappdata: 'order=42',
			mediaability: 0,
		});
		expect(answer.json).toEqual({
			message: 'success',
			retcode: '0',
			result: expect.stringMatching(/^[0-9]{10}-[0-9]+$/),
		});
		const callid = answer.json?.result as string;
		expect(sim.agentState(agent.agentId).call).toEqual({
			callid,
			direction: 'outbound',
			media: 'voice',
			state: 'talking',
		});
		expect((await c.callInfo(agent.agentId, agent.guid)).json?.result).toEqual(
			expect.objectContaining({
				callid,
				callfeature: 7,
				caller: '4004',
				called: '13900001111',
				callskillid: 7,
				calldata: 'order=42',
				mediaAbility: 0,
			}),
		);
		expect((await c.status(agent.agentId, agent.guid)).json?.result).toEqual({
			agentState: 7,
			isWorking: true,
		});
		const events = await drain(agent.agentId, agent.guid);
		expect(events).toEqual([
			{
				eventType: 'AgentEvent_Talking',
				content: expect.objectContaining({ callid, called: '13900001111', feature: 7 }),
			},
		]);
	});

	test("only called is required: the caller defaults to the agent's phone number; mediaability 1 is a video call", async () => {
		const agent = await freeAgent();
		const callid = (await c.callOut(agent.agentId, agent.guid, { called: '*12#' })).json?.result;
		expect((await c.callInfo(agent.agentId, agent.guid)).json?.result).toEqual(
			expect.objectContaining({ callid, caller: agent.phonenum, called: '*12#', callskillid: 0 }),
		);
		const video = await freeAgent();
		await c.callOut(video.agentId, video.guid, { called: '8888', mediaability: 1 });
		expect(sim.agentState(video.agentId).call?.media).toBe('video');
	});

	test.each([
		['in a call', undefined],
		['busy', 'busy'],
		['resting', 'rest'],
	] as const)('an agent %s → 100-007, nothing changes', async (_name, state) => {
		const agent = state ? await freeAgent() : await sim.readyAgent();
		if (state) sim.setAgentState(agent.agentId, state);
		const before = sim.agentState(agent.agentId);
		const answer = await c.callOut(agent.agentId, agent.guid, { called: '8888' });
		expect(answer.json).toEqual({
			message: 'the agent is not free to call out (in a call, busy or resting)',
			retcode: '100-007',
			result: {},
		});
		expect(sim.agentState(agent.agentId)).toEqual(before);
	});

	test('an agent in wrap-up, or with calls only on hold, may call out', async () => {
		const wrapUp = await freeAgent();
		sim.setAgentState(wrapUp.agentId, 'wrapUp');
		expect((await c.callOut(wrapUp.agentId, wrapUp.guid, { called: '8888' })).json?.retcode).toBe(
			'0',
		);
		const holding = await sim.readyAgent();
		await c.hold(holding.agentId, holding.guid);
		expect((await c.callOut(holding.agentId, holding.guid, { called: '8888' })).json?.retcode).toBe(
			'0',
		);
		expect(sim.holdList(holding.agentId)).toHaveLength(1);
	});

	test.each([
		['called missing', {}, 'called'],
		['called empty', { called: '' }, 'called'],
		['called with a letter', { called: '8888A' }, 'called'],
		['called with +', { called: '+8888' }, 'called'],
		['called 25 characters', { called: '1'.repeat(25) }, 'called'],
		['called a number', { called: 8888 }, 'called'],
		['caller with *', { called: '8888', caller: '*1' }, 'caller'],
		['caller 25 digits', { called: '8888', caller: '1'.repeat(25) }, 'caller'],
		['skillid 1.5', { called: '8888', skillid: 1.5 }, 'skillid'],
		['skillid "x"', { called: '8888', skillid: 'x' }, 'skillid'],
		['callappdata 16385 bytes', { called: '8888', callappdata: 'x'.repeat(16385) }, 'callappdata'],
		['callappdata a number', { called: '8888', callappdata: 1 }, 'callappdata'],
		['mediaability 3', { called: '8888', mediaability: 3 }, 'mediaability'],
		['userVideoDirection "up"', { called: '8888', userVideoDirection: 'up' }, 'userVideoDirection'],
		['the body an array', [], 'JSON object'],
	] as const)('%s → 000-002 naming %s; no call is made', async (_name, body, field) => {
		const agent = await freeAgent();
		const answer = await c.callOut(agent.agentId, agent.guid, body);
		expect(answer.json?.retcode).toBe('000-002');
		expect(answer.json?.message).toContain(field);
		expect(sim.agentState(agent.agentId).call).toBeNull();
	});

	test.each([
		['called 24 characters', { called: '1'.repeat(23) + '#' }],
		['caller 24 digits', { called: '8888', caller: '1'.repeat(24) }],
		['callappdata 16384 bytes', { called: '8888', callappdata: 'x'.repeat(16384) }],
		['skillid "7"', { called: '8888', skillid: '7' }],
		['mediaability 2', { called: '8888', mediaability: 2 }],
		['userVideoDirection 1', { called: '8888', userVideoDirection: 1 }],
	] as const)('%s → 0', async (_name, body) => {
		const agent = await freeAgent();
		expect((await c.callOut(agent.agentId, agent.guid, body)).json?.retcode).toBe('0');
	});

	test('not signed in → 100-006; a wrong Guid → 000-003; neither makes a call', async () => {
		const agent = await freeAgent();
		sim.createAgent('5201', 'pw');
		expect((await c.callOut('5201', agent.guid, { called: '8888' })).json?.retcode).toBe('100-006');
		expect((await c.callOut(agent.agentId, 'wrong', { called: '8888' })).json?.retcode).toBe(
			'000-003',
		);
		expect(sim.agentState(agent.agentId).call).toBeNull();
	});

	test.each([
		['answer', 'talking', ['AgentEvent_Talking']],
		['noAnswer', null, ['AgentEvent_Connect_Fail', 'AgentEvent_Call_Release']],
		['busy', null, ['AgentEvent_Connect_Fail', 'AgentEvent_Call_Release']],
	] as const)(
		'nextCallOutOutcome %s: the call rings (dialling) until afterMs, then %s',
		async (outcome, stateAfter, types) => {
			const agent = await freeAgent();
			sim.nextCallOutOutcome(agent.agentId, { outcome, afterMs: RING_MS });
			const callid = (await c.callOut(agent.agentId, agent.guid, { called: '8888' })).json?.result;
			expect(sim.agentState(agent.agentId).call?.state).toBe('dialling');
			expect(
				((await c.callInfo(agent.agentId, agent.guid)).json?.result as { callid: string }).callid,
			).toBe(callid);
			expect(sim.agentState(agent.agentId).queuedEvents).toBe(0);
			time.advance(RING_MS - 1);
			expect(sim.agentState(agent.agentId).call?.state).toBe('dialling');
			time.advance(1);
			expect(sim.agentState(agent.agentId).call?.state ?? null).toBe(stateAfter);
			const events = await drain(agent.agentId, agent.guid);
			expect(events.map((e) => e.eventType)).toEqual(types);
			if (stateAfter === null) {
				expect((await c.callInfo(agent.agentId, agent.guid)).json?.result).toEqual({});
				expect(
					(
						(await c.callInfo(agent.agentId, agent.guid, 'isNoContainLastCall=false')).json
							?.result as { callid: string }
					).callid,
				).toBe(callid);
				expect(events.map((e) => e.content)).toEqual([callid, callid]);
			}
			// The outcome was for one call out only: the next is answered at once.
			if (stateAfter === 'talking') await c.release(agent.agentId, agent.guid);
			await c.callOut(agent.agentId, agent.guid, { called: '8888' });
			expect(sim.agentState(agent.agentId).call?.state).toBe('talking');
		},
	);

	test('a refused call out does not use up the planned outcome; the agent can hang up a ringing call', async () => {
		const agent = await freeAgent();
		sim.nextCallOutOutcome(agent.agentId, { outcome: 'answer', afterMs: RING_MS });
		expect((await c.callOut(agent.agentId, agent.guid, { called: 'x' })).json?.retcode).toBe(
			'000-002',
		);
		await c.callOut(agent.agentId, agent.guid, { called: '8888' });
		expect(sim.agentState(agent.agentId).call?.state).toBe('dialling');
		expect((await c.release(agent.agentId, agent.guid)).json?.retcode).toBe('0');
		time.advance(RING_MS);
		expect(sim.agentState(agent.agentId).call).toBeNull();
		expect((await drain(agent.agentId, agent.guid)).map((e) => e.eventType)).toEqual([
			'AgentEvent_Call_Release',
		]);
	});

	test('nextCallOutOutcome refuses an unknown outcome or a negative afterMs', () => {
		expect(() =>
			sim.nextCallOutOutcome('5201', { outcome: 'maybe' as 'answer', afterMs: 0 }),
		).toThrow('outcome must be one of');
		expect(() => sim.nextCallOutOutcome('5201', { outcome: 'answer', afterMs: -1 })).toThrow(
			'afterMs',
		);
	});
});

describe('release', () => {
	test('with a call: retcode 0, AgentEvent_Call_Release, the call becomes the last call', async () => {
		const agent = await sim.readyAgent();
		const callid = sim.agentState(agent.agentId).call!.callid;
		expect((await c.release(agent.agentId, agent.guid)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: {},
		});
		expect(sim.agentState(agent.agentId).call).toBeNull();
		expect(await drain(agent.agentId, agent.guid)).toEqual([
			{ eventType: 'AgentEvent_Call_Release', content: callid },
		]);
		expect(
			(
				(await c.callInfo(agent.agentId, agent.guid, 'isNoContainLastCall=false')).json?.result as {
					callid: string;
				}
			).callid,
		).toBe(callid);
	});

	test('without a call → 200-017 and no event; a call away in an IVR flow is not at the agent (200-017)', async () => {
		const agent = await freeAgent();
		expect((await c.release(agent.agentId, agent.guid)).json).toEqual({
			message: 'there is no call to release',
			retcode: '200-017',
			result: {},
		});
		expect(sim.agentState(agent.agentId).queuedEvents).toBe(0);
		const ivr = await sim.readyAgent();
		await c.transfer(ivr.agentId, ivr.guid, { devicetype: 3, mode: 1, address: '1000' });
		expect((await c.release(ivr.agentId, ivr.guid)).json?.retcode).toBe('200-017');
		expect(sim.agentState(ivr.agentId).call?.state).toBe('inIvr');
	});

	test('held calls stay held when the current call is released', async () => {
		const agent = await sim.readyAgent();
		await c.hold(agent.agentId, agent.guid);
		sim.placeCall(agent.agentId);
		await c.release(agent.agentId, agent.guid);
		expect(sim.holdList(agent.agentId)).toHaveLength(1);
		expect((await c.release(agent.agentId, agent.guid)).json?.retcode).toBe('200-017');
	});
});

describe('hold, holdlist, gethold', () => {
	test('hold → holdlist lists it, the agent has no talking call → gethold takes it back talking', async () => {
		const agent = await sim.readyAgent();
		const callid = sim.agentState(agent.agentId).call!.callid;
		expect((await c.hold(agent.agentId, agent.guid)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: {},
		});
		expect(sim.agentState(agent.agentId).call).toBeNull();
		expect(
			((await c.holdList(agent.agentId, agent.guid)).json?.result as Array<{ callid: string }>).map(
				(h) => h.callid,
			),
		).toEqual([callid]);
		expect((await c.getHold(agent.agentId, agent.guid, callid)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: {},
		});
		expect(sim.agentState(agent.agentId).call).toEqual(
			expect.objectContaining({ callid, state: 'talking' }),
		);
		expect((await c.holdList(agent.agentId, agent.guid)).json?.result).toEqual([]);
		const events = await drain(agent.agentId, agent.guid);
		expect(events).toEqual([
			{ eventType: 'AgentEvent_Hold', content: callid },
			{
				eventType: 'AgentEvent_Talking',
				content: expect.objectContaining({ callid, feature: 0, type: 'main' }),
			},
		]);
	});

	test('hold without a talking call → 200-017 (no call; a call ringing out; a call in a conference)', async () => {
		const agent = await freeAgent();
		expect((await c.hold(agent.agentId, agent.guid)).json).toEqual({
			message: 'there is no talking call to hold',
			retcode: '200-017',
			result: {},
		});
		sim.nextCallOutOutcome(agent.agentId, { outcome: 'answer', afterMs: 5000 });
		await c.callOut(agent.agentId, agent.guid, { called: '8888' });
		expect((await c.hold(agent.agentId, agent.guid)).json?.retcode).toBe('200-017');
		const conf = await sim.readyAgent();
		await c.transfer(conf.agentId, conf.guid, { devicetype: 5, mode: 4, address: '8888' });
		expect((await c.hold(conf.agentId, conf.guid)).json?.retcode).toBe('200-017');
		expect(sim.holdList(conf.agentId)).toEqual([]);
	});

	test.each([
		['an unknown callid', 'nope-1', 'callid nope-1 is not on hold'],
		['no callid', undefined, 'callid is required'],
		['an empty callid', '', 'callid is required'],
	] as const)(
		'gethold with %s → 000-002 naming callid; nothing changes',
		async (_name, callid, message) => {
			const agent = await sim.readyAgent();
			await c.hold(agent.agentId, agent.guid);
			const before = sim.agentState(agent.agentId);
			expect((await c.getHold(agent.agentId, agent.guid, callid)).json).toEqual({
				message,
				retcode: '000-002',
				result: {},
			});
			expect(sim.agentState(agent.agentId)).toEqual(before);
		},
	);

	test('gethold with nothing held → 000-002; while in another call → 100-007', async () => {
		const agent = await sim.readyAgent();
		const held = sim.agentState(agent.agentId).call!.callid;
		expect((await c.getHold(agent.agentId, agent.guid, held)).json?.retcode).toBe('000-002');
		await c.hold(agent.agentId, agent.guid);
		sim.placeCall(agent.agentId);
		expect((await c.getHold(agent.agentId, agent.guid, held)).json).toEqual({
			message: 'the agent is in another call; release or hold it first',
			retcode: '100-007',
			result: {},
		});
		expect(sim.holdList(agent.agentId)).toEqual([held]);
	});
});

describe('order of checks on the new routes: agentid → signed in → Guid → body/query → call', () => {
	const ROUTES = [
		['callout', (id: string, guid: string, body: unknown) => c.callOut(id, guid, body)],
		['release', (id: string, guid: string) => c.release(id, guid)],
		['hold', (id: string, guid: string) => c.hold(id, guid)],
		['gethold', (id: string, guid: string) => c.getHold(id, guid, 'x')],
		['holdlist', (id: string, guid: string) => c.holdList(id, guid)],
		['callinfo', (id: string, guid: string) => c.callInfo(id, guid, 'isNoContainLastCall=maybe')],
	] as const;

	test.each(ROUTES)('%s: agentid 000-002, then 100-006, then 000-003', async (_name, send) => {
		sim.createAgent('5301', 'pw');
		const agent = await sim.readyAgent();
		expect((await send('60000', 'wrong', { called: 'x' })).json).toEqual(
			expect.objectContaining({ retcode: '000-002', message: expect.stringContaining('agentid') }),
		);
		expect((await send('5301', 'wrong', { called: 'x' })).json?.retcode).toBe('100-006');
		expect((await send(agent.agentId, 'wrong', { called: 'x' })).json?.retcode).toBe('000-003');
	});

	test('body before the call: callout by an agent in a call with a bad body → 000-002, with a good one → 100-007', async () => {
		const agent = await sim.readyAgent();
		expect((await c.callOut(agent.agentId, agent.guid, { called: 'x' })).json?.retcode).toBe(
			'000-002',
		);
		expect((await c.callOut(agent.agentId, agent.guid, { called: '8888' })).json?.retcode).toBe(
			'100-007',
		);
	});

	test('query before the call: gethold without callid by an agent in a call → 000-002 (not 100-007)', async () => {
		const agent = await sim.readyAgent();
		expect((await c.getHold(agent.agentId, agent.guid)).json?.message).toBe('callid is required');
	});

	test('callout takes JSON only (Content-Type), like transfer', async () => {
		const agent = await freeAgent();
		const answer = await c.call('PUT', `${GATEWAY}/voicecall/${agent.agentId}/callout`, {
			guid: agent.guid,
			rawBody: JSON.stringify({ called: '8888' }),
			headers: { 'content-type': 'text/plain' },
		});
		expect(answer.json?.retcode).toBe('000-002');
		expect(sim.agentState(agent.agentId).call).toBeNull();
	});
});

describe('faults on the new routes: the handler does not run', () => {
	test.each([
		['callout', 'http500'],
		['release', 'reset'],
		['hold', 'nonJson'],
		['gethold', 'noRetcode'],
	] as const)('%s meeting %s changes nothing; the next request is served', async (route, kind) => {
		const agent = route === 'callout' ? await freeAgent() : await sim.readyAgent();
		let callid = sim.agentState(agent.agentId).call?.callid ?? '';
		if (route === 'gethold') await c.hold(agent.agentId, agent.guid);
		const before = sim.agentState(agent.agentId);
		sim.clearRequests();
		sim.injectFault({ kind, pathIncludes: `/voicecall/${agent.agentId}/${route}` });
		const send = () => {
			switch (route) {
				case 'callout':
					return c.callOut(agent.agentId, agent.guid, { called: '8888' });
				case 'release':
					return c.release(agent.agentId, agent.guid);
				case 'hold':
					return c.hold(agent.agentId, agent.guid);
				case 'gethold':
					return c.getHold(agent.agentId, agent.guid, callid);
			}
		};
		await send().catch((error: unknown) => error);
		expect(sim.requests().map((r) => r.fault)).toEqual([kind]);
		expect(sim.agentState(agent.agentId)).toEqual(before);
		const next = await send();
		expect(next.json?.retcode).toBe('0');
		if (route === 'callout') callid = String(next.json?.result);
		expect(sim.requests().map((r) => r.retcode ?? r.fault)).toEqual([kind, '0']);
	});
});
