/**
 * What each kind of transfer does to the call and which events it queues (docs/gateway.md,
 * "What each mode does"; event shapes from the same page), and how long polling hands them out.
 * Time is a ManualScheduler's: later steps and poll holds happen when a test advances it.
 */
import { startSimulator, type Simulator } from './index';
import { SimClient } from './client';
import { ManualScheduler } from './scheduler';

interface Event {
	eventType: string;
	workNo: string;
	content: unknown;
	eventGenTime: number;
}

let sim: Simulator;
let ext: Simulator;
let c: SimClient;
let extC: SimClient;
const TIMERS = { ivrReturnMs: 3000, conferenceLeaveMs: 3000 };
const time = new ManualScheduler();

beforeAll(async () => {
	// pollHoldMs 0: a poll with nothing queued answers at once, so drain() ends without a hold.
	[sim, ext] = await Promise.all([
		startSimulator({
			authMode: 'static',
			pollHoldMs: 0,
			idleSignOutMs: 0,
			unreachableAddresses: ['0000'],
			scheduler: time,
			...TIMERS,
		}),
		startSimulator({
			authMode: 'static',
			pollHoldMs: 0,
			idleSignOutMs: 0,
			ruleSet: 'extended',
			scheduler: time,
			...TIMERS,
		}),
	]);
	c = new SimClient(sim);
	extC = new SimClient(ext);
});
afterAll(async () => {
	await Promise.all([c.close(), extC.close()]);
	await Promise.all([sim.close(), ext.close()]);
});

async function drain(client: SimClient, agentId: string, guid: string): Promise<Event[]> {
	const events: Event[] = [];
	for (;;) {
		const answer = await client.poll(agentId, guid);
		expect(answer.json?.retcode).toBe('0');
		const event = answer.json?.event as Event | null;
		if (!event) return events;
		events.push(event);
	}
}

const RELEASE_AFTER = [
	'AgentEvent_SuccTransResult',
	'AgentMediaEvent_StopRecordDone',
	'AgentEvent_Call_Release',
];

/** [name, extended?, body, events at once, call state at once, events later, call state later] */
const MODES: Array<
	[string, boolean, Record<string, unknown>, string[], string | null, string[], string | null]
> = [
	[
		'skill queue, blind (1:0)',
		false,
		{ devicetype: 1, mode: 0, address: '3' },
		['AgentEvent_Call_Release'],
		null,
		[],
		null,
	],
	[
		'skill queue, release-after-transfer (1:2)',
		false,
		{ devicetype: 1, mode: 2, address: '3' },
		RELEASE_AFTER,
		null,
		[],
		null,
	],
	[
		'agent, blind (2:0)',
		false,
		{ devicetype: 2, mode: 0, address: '49998' },
		['AgentEvent_Call_Release'],
		null,
		[],
		null,
	],
	[
		'agent, release-after-transfer (2:2)',
		false,
		{ devicetype: 2, mode: 2, address: '49998' },
		RELEASE_AFTER,
		null,
		[],
		null,
	],
	[
		'agent, designated (2:3, extended)',
		true,
		{ devicetype: 2, mode: 3, address: '49998' },
		['AgentEvent_Call_Release'],
		null,
		[],
		null,
	],
	[
		'IVR, blind (3:0)',
		false,
		{ devicetype: 3, mode: 0, address: '1000' },
		['AgentEvent_Call_Release'],
		null,
		[],
		null,
	],
	[
		'IVR, hang-up transfer (3:1)',
		false,
		{ devicetype: 3, mode: 1, address: '1000' },
		[],
		'inIvr',
		['AgentEvent_ReturnFromIvr'],
		'talking',
	],
	[
		'access code, blind (4:0)',
		false,
		{ devicetype: 4, mode: 0, address: '8001' },
		['AgentEvent_Call_Release'],
		null,
		[],
		null,
	],
	[
		'access code, release-after-transfer (4:2)',
		false,
		{ devicetype: 4, mode: 2, address: '8001' },
		RELEASE_AFTER,
		null,
		[],
		null,
	],
	[
		'external, blind (5:1)',
		false,
		{ devicetype: 5, mode: 1, address: '8888' },
		['AgentEvent_Call_Release'],
		null,
		[],
		null,
	],
	[
		'external, release-after-transfer (5:2)',
		false,
		{ devicetype: 5, mode: 2, address: '8888' },
		RELEASE_AFTER,
		null,
		[],
		null,
	],
	[
		'external, talk forwarding (5:3)',
		false,
		{ devicetype: 5, mode: 3, address: '8888' },
		['AgentEvent_Talking', 'AgentEvent_Call_Release'],
		null,
		[],
		null,
	],
	[
		'external, three-party (5:4)',
		false,
		{ devicetype: 5, mode: 4, address: '8888' },
		['AgentEvent_Talking', 'AgentEvent_Conference'],
		'conference',
		['AgentEvent_Call_Release'],
		null,
	],
];

describe('events and call state per mode', () => {
	test.each(MODES)('%s', async (_name, extended, body, first, stateNow, later, stateLater) => {
		const s = extended ? ext : sim;
		const client = extended ? extC : c;
		const agent = await s.readyAgent();
		const call = s.agentState(agent.agentId).call!;
		expect((await client.transfer(agent.agentId, agent.guid, body)).json?.retcode).toBe('0');
		expect(s.agentState(agent.agentId).call?.state ?? null).toBe(stateNow);
		expect(s.agentState(agent.agentId).queuedEvents).toBe(first.length);
		const events = await drain(client, agent.agentId, agent.guid);
		expect(events.map((e) => e.eventType)).toEqual(first);
		time.advance(TIMERS.ivrReturnMs - 1);
		expect(s.agentState(agent.agentId).call?.state ?? null).toBe(stateNow);
		expect(s.agentState(agent.agentId).queuedEvents).toBe(0);
		if (later.length > 0 || stateLater !== stateNow) {
			time.advance(1);
			events.push(...(await drain(client, agent.agentId, agent.guid)));
			expect(events.map((e) => e.eventType)).toEqual([...first, ...later]);
		}
		expect(s.agentState(agent.agentId).call?.state ?? null).toBe(stateLater);

		// Shapes from docs/gateway.md
		for (const e of events) {
			expect(e.workNo).toBe(agent.agentId);
			expect(typeof e.eventGenTime).toBe('number');
			expect(Object.keys(e).sort()).toEqual(['content', 'eventGenTime', 'eventType', 'workNo']);
		}
		const content = (type: string) => events.find((e) => e.eventType === type)?.content;
		if (content('AgentEvent_Call_Release') !== undefined)
			expect(content('AgentEvent_Call_Release')).toBe(call.callid);
		if (content('AgentEvent_ReturnFromIvr') !== undefined)
			expect(content('AgentEvent_ReturnFromIvr')).toBe(call.callid);
		if (content('AgentEvent_SuccTransResult') !== undefined)
			expect(content('AgentEvent_SuccTransResult')).toEqual({ result: 0, callId: call.callid });
		if (content('AgentEvent_Conference') !== undefined)
			expect(content('AgentEvent_Conference')).toEqual({
				callid: call.callid,
				partner: `${agent.agentId},8888`,
			});
		if (content('AgentEvent_Talking') !== undefined) {
			expect(content('AgentEvent_Talking')).toEqual({
				caller: '13800000001',
				callid: call.callid,
				called: '8888',
				feature: 7,
				type: 'assistant',
				mediaAbility: 0,
			});
		}
		if (content('AgentMediaEvent_StopRecordDone') !== undefined) {
			expect(content('AgentMediaEvent_StopRecordDone')).toEqual({
				beginTime: expect.stringMatching(/^[0-9]+$/),
				endTime: expect.stringMatching(/^[0-9]+$/),
				fileMediaType: 'audio',
				recordFormat: 'V3',
				taskId: expect.any(String),
			});
		}
	});

	test('while the call is in the IVR there is nothing to transfer (200-012); once back it can be transferred', async () => {
		const agent = await sim.readyAgent();
		await c.transfer(agent.agentId, agent.guid, { devicetype: 3, mode: 1, address: '1000' });
		expect(
			(await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' })).json
				?.retcode,
		).toBe('200-012');
		time.advance(TIMERS.ivrReturnMs);
		expect(
			(await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' })).json
				?.retcode,
		).toBe('0');
	});

	test('a video call put through talk forwarding reports video in AgentEvent_Talking', async () => {
		const agent = await sim.readyAgent({ call: { media: 'video' } });
		await c.transfer(agent.agentId, agent.guid, { devicetype: 5, mode: 3, address: '8888' });
		const events = await drain(c, agent.agentId, agent.guid);
		expect(events[0].content).toEqual(expect.objectContaining({ mediaAbility: 1 }));
	});
});

describe('a target that does not answer (unreachableAddresses)', () => {
	test.each([
		[
			'release-after-transfer',
			{ devicetype: 1, mode: 2, address: '0000' },
			['AgentEvent_Connect_Fail', 'AgentEvent_SuccTransResult'],
			'talking',
		],
		[
			'three-party',
			{ devicetype: 5, mode: 4, address: '0000' },
			['AgentEvent_Connect_Fail'],
			'talking',
		],
		[
			'talk forwarding',
			{ devicetype: 5, mode: 3, address: '0000' },
			['AgentEvent_Connect_Fail'],
			'talking',
		],
		[
			'hang-up IVR',
			{ devicetype: 3, mode: 1, address: '0000' },
			['AgentEvent_Connect_Fail'],
			'talking',
		],
		[
			'blind (the agent has left whatever happens)',
			{ devicetype: 1, mode: 0, address: '0000' },
			['AgentEvent_Call_Release'],
			null,
		],
	] as const)(
		'%s: accepted (retcode 0), then fails by events',
		async (_name, body, types, state) => {
			const agent = await sim.readyAgent();
			const callid = sim.agentState(agent.agentId).call!.callid;
			expect((await c.transfer(agent.agentId, agent.guid, body)).json?.retcode).toBe('0');
			time.advance(TIMERS.ivrReturnMs);
			const events = await drain(c, agent.agentId, agent.guid);
			expect(events.map((e) => e.eventType)).toEqual(types);
			const result = events.find((e) => e.eventType === 'AgentEvent_SuccTransResult');
			if (result) expect(result.content).toEqual({ result: 1, callId: callid });
			const fail = events.find((e) => e.eventType === 'AgentEvent_Connect_Fail');
			if (fail) expect(fail.content).toBe(callid);
			expect(sim.agentState(agent.agentId).call?.state ?? null).toBe(state);
		},
	);
});

describe('long polling', () => {
	/** A simulator of its own with a real hold on its own manual time. */
	async function holding(
		pollHoldMs: number,
		run: (s: Simulator, client: SimClient, t: ManualScheduler) => Promise<void>,
	) {
		const t = new ManualScheduler();
		const s = await startSimulator({
			authMode: 'static',
			pollHoldMs,
			idleSignOutMs: 0,
			scheduler: t,
		});
		const client = new SimClient(s);
		try {
			await run(s, client, t);
		} finally {
			await client.close();
			await s.close();
		}
	}

	test('with nothing queued the poll is held for pollHoldMs, then answers event: null', () =>
		holding(40, async (s, client, t) => {
			const agent = await s.readyAgent();
			s.clearRequests();
			const poll = client.poll(agent.agentId, agent.guid);
			await t.untilPending(1); // the poll has arrived and is held
			t.advance(39);
			expect(s.requests()[0].answeredAt).toBeUndefined();
			t.advance(1);
			expect(s.requests()[0].retcode).toBe('0');
			const empty = await poll;
			expect(empty.status).toBe(200);
			expect(empty.json).toEqual({ message: '', retcode: '0', event: null });
		}));

	test('an event queued while a poll is held answers it at once (no time passes)', () =>
		holding(2000, async (s, client, t) => {
			const agent = await s.readyAgent();
			const held = client.poll(agent.agentId, agent.guid);
			await t.untilPending(1);
			await client.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' });
			const answer = await held;
			expect(t.pending()).toBe(0); // the hold's timer was dropped, not run
			expect(answer.json).toEqual({
				message: '',
				retcode: '0',
				event: {
					eventType: 'AgentEvent_Call_Release',
					workNo: agent.agentId,
					content: expect.any(String),
					eventGenTime: t.now(),
				},
			});
		}));

	test('events come one per answer, oldest first, and leave the queue when read', async () => {
		const agent = await sim.readyAgent();
		await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 2, address: '3' });
		expect(sim.agentState(agent.agentId).queuedEvents).toBe(3);
		const first = await c.poll(agent.agentId, agent.guid);
		expect((first.json?.event as Event).eventType).toBe('AgentEvent_SuccTransResult');
		expect(sim.agentState(agent.agentId).queuedEvents).toBe(2);
	});

	test('two pollers steal from each other: an event is delivered once', () =>
		holding(300, async (s, client, t) => {
			const agent = await s.readyAgent();
			const polls = [
				client.poll(agent.agentId, agent.guid),
				client.poll(agent.agentId, agent.guid),
			];
			await t.untilPending(2);
			await client.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' });
			await t.untilPending(1); // one poll took the event; the other is still held
			t.advance(300);
			const answers = await Promise.all(polls);
			expect(answers.map((a) => (a.json?.event as Event | null)?.eventType ?? null).sort()).toEqual(
				['AgentEvent_Call_Release', null],
			);
		}));

	test('a poll the client abandons takes no event', () =>
		holding(5000, async (s, client, t) => {
			const agent = await s.readyAgent();
			const abort = new AbortController();
			const { request } = await import('undici');
			const abandoned = request(`${s.url}/agentgateway/resource/agentevent/${agent.agentId}`, {
				headers: { guid: agent.guid },
				dispatcher: client.dispatcher,
				signal: abort.signal,
			}).catch((error: unknown) => error);
			await t.untilPending(1);
			abort.abort();
			await abandoned;
			await t.untilPending(0); // the simulator saw the connection close and let the poll go
			await client.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' });
			expect(s.agentState(agent.agentId).queuedEvents).toBe(1);
			expect(((await client.poll(agent.agentId, agent.guid)).json?.event as Event).eventType).toBe(
				'AgentEvent_Call_Release',
			);
		}));

	test('a new sign-in starts with an empty queue', async () => {
		const agent = await sim.readyAgent();
		await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 2, address: '3' });
		const again = await sim.readyAgent({ agentId: agent.agentId });
		expect(sim.agentState(agent.agentId).queuedEvents).toBe(0);
		expect((await c.poll(agent.agentId, again.guid)).json?.event).toBeNull();
	});
});
