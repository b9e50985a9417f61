/**
 * Sign-in, the Guid in both authentication modes, sign-out, idle sign-out, read-only queries,
 * routing. Time is a ManualScheduler's except in the one test of the real default.
 */
import { startSimulator, type Simulator, type SimulatorOptions } from './index';
import { GATEWAY as A, SimClient, setGuid } from './client';
import { ManualScheduler } from './scheduler';

const queue = { devicetype: 1, mode: 0, address: '3' };

/** A simulator and a client for one describe block, closed after it. */
function withSimulator(options: SimulatorOptions) {
	const ctx = {} as { sim: Simulator; c: SimClient };
	beforeAll(async () => {
		ctx.sim = await startSimulator(options);
		ctx.c = new SimClient(ctx.sim);
	});
	afterAll(async () => {
		await ctx.c.close();
		await ctx.sim.close();
	});
	return ctx;
}

describe('sign-in, forcelogin, logout (static)', () => {
	const time = new ManualScheduler();
	const t = withSimulator({
		authMode: 'static',
		pollHoldMs: 100,
		idleSignOutMs: 0,
		scheduler: time,
	});

	test('sign-in answers Set-GUID: JSESSIONID=<uuid>.AgentGateway0; again → 100-002; forcelogin replaces the Guid', async () => {
		const { sim, c } = t;
		sim.createAgent('4001', 'secret');
		const first = await c.signIn('4001', { password: 'secret', phonenum: '6001' });
		expect(first.json).toEqual({ message: 'success', retcode: '0', result: {} });
		const guid = setGuid(first.headers);
		expect(guid).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.AgentGateway0$/,
		);
		expect(sim.currentGuid('4001')).toBe(guid);

		const again = await c.signIn('4001', { password: 'secret', phonenum: '6001' });
		expect(again.json?.retcode).toBe('100-002');
		expect(again.headers['set-guid']).toBeUndefined();
		expect((await c.status('4001', guid)).json?.retcode).toBe('0'); // the refused sign-in changed nothing

		const forced = await c.signIn('4001', { password: 'secret', phonenum: '6001' }, true);
		expect(forced.json?.retcode).toBe('0');
		const second = setGuid(forced.headers);
		expect(second).not.toBe(guid);
		expect((await c.status('4001', guid)).json?.retcode).toBe('000-003');
		expect((await c.status('4001', second)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: { agentState: 4, isWorking: false },
		});
	});

	test('forcelogin also signs in an agent that was not signed in; a wrong password is refused there too', async () => {
		const { sim, c } = t;
		sim.createAgent('4003', 'secret');
		expect(
			(await c.signIn('4003', { password: 'nope', phonenum: '6003' }, true)).json?.retcode,
		).toBe('100-004');
		const forced = await c.signIn('4003', { password: 'secret', phonenum: '6003' }, true);
		expect(forced.json?.retcode).toBe('0');
		expect(setGuid(forced.headers)).toMatch(/\.AgentGateway0$/);
	});

	test.each([
		['wrong password', '4002', { password: 'bad', phonenum: '6002' }, undefined, '100-004'],
		['unknown agent', '4999', { password: 'x', phonenum: '6002' }, undefined, '100-004'],
		['no phonenum', '4002', { password: 'secret' }, undefined, '100-001'],
		['empty phonenum', '4002', { password: 'secret', phonenum: '' }, undefined, '100-001'],
		['no password', '4002', { phonenum: '6002' }, undefined, '100-001'],
		['password a number', '4002', { password: 1234, phonenum: '6002' }, undefined, '100-001'],
		['body an array', '4002', [], undefined, '100-001'],
		['body not JSON', '4002', undefined, '{password', '100-001'],
		[
			'agentid out of range',
			'60000',
			{ password: 'secret', phonenum: '6002' },
			undefined,
			'000-002',
		],
	] as const)('sign-in refused: %s → %s', async (_name, agentId, body, rawBody, retcode) => {
		const { sim, c } = t;
		sim.createAgent('4002', 'secret');
		const answer = rawBody
			? await c.call('PUT', `${A}/onlineagent/${agentId}`, {
					rawBody,
					headers: { 'content-type': 'application/json; charset=UTF-8' },
				})
			: await c.signIn(agentId, body);
		expect(answer.json?.retcode).toBe(retcode);
		expect(answer.headers['set-guid']).toBeUndefined();
		expect(sim.agentState('4002').signedIn).toBe(false);
	});

	test('sign-in with a body that is not declared JSON → 100-001', async () => {
		const { sim, c } = t;
		sim.createAgent('4004', 'secret');
		const answer = await c.call('PUT', `${A}/onlineagent/4004`, {
			rawBody: JSON.stringify({ password: 'secret', phonenum: '6004' }),
			headers: { 'content-type': 'text/plain' },
		});
		expect(answer.json?.retcode).toBe('100-001');
	});

	test('logout needs the Guid; afterwards everything is 100-006 and the Guid is gone', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		expect(
			(await c.call('DELETE', `${A}/onlineagent/${agent.agentId}/logout`, { guid: 'wrong' })).json
				?.retcode,
		).toBe('000-003');
		expect(sim.agentState(agent.agentId).signedIn).toBe(true);
		expect(
			(await c.call('DELETE', `${A}/onlineagent/${agent.agentId}/logout`, { guid: agent.guid }))
				.json,
		).toEqual({ message: 'success', retcode: '0', result: {} });
		expect(sim.agentState(agent.agentId)).toEqual({
			signedIn: false,
			status: 2,
			call: null,
			held: [],
			queuedEvents: 0,
		});
		expect(sim.currentGuid(agent.agentId)).toBeUndefined();
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('100-006');
		expect((await c.callInfo(agent.agentId, agent.guid)).json?.retcode).toBe('100-006');
		expect((await c.poll(agent.agentId, agent.guid)).json?.retcode).toBe('100-006');
		expect((await c.transfer(agent.agentId, agent.guid, queue)).json?.retcode).toBe('100-006');
		expect(
			(await c.call('DELETE', `${A}/onlineagent/${agent.agentId}/logout`, { guid: agent.guid }))
				.json?.retcode,
		).toBe('100-006');
		// and the agent can sign in again
		expect(
			(await c.signIn(agent.agentId, { password: agent.password, phonenum: agent.phonenum })).json
				?.retcode,
		).toBe('0');
	});

	test('a held poll is answered 100-006 when the agent signs out meanwhile', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		const pending = time.pending();
		const held = c.poll(agent.agentId, agent.guid);
		await time.untilPending(pending + 1); // the poll is held
		await c.call('DELETE', `${A}/onlineagent/${agent.agentId}/logout`, { guid: agent.guid });
		expect((await held).json?.retcode).toBe('100-006');
	});

	test("forcelogin ends the old session: its held poll is answered 100-006 and takes none of the new session's events", async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		const pending = time.pending();
		const held = c.poll(agent.agentId, agent.guid);
		await time.untilPending(pending + 1); // the poll is held
		const again = await sim.readyAgent({ agentId: agent.agentId }); // signed in already: readyAgent uses forcelogin
		expect((await held).json?.retcode).toBe('100-006');
		await c.transfer(agent.agentId, again.guid, queue);
		expect(sim.agentState(agent.agentId).queuedEvents).toBe(1);
	});

	test('static: the Guid lasts until sign-out; updateGuid hands out another and both keep working', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		const update = await c.call('PUT', `${A}/onlineagent/${agent.agentId}/updateGuid`, {
			guid: agent.guid,
		});
		expect(update.json?.retcode).toBe('0');
		const fresh = setGuid(update.headers);
		expect(fresh).toMatch(/\.AgentGateway0$/);
		expect(fresh).not.toBe(agent.guid);
		expect(sim.currentGuid(agent.agentId)).toBe(fresh);
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('0');
		expect((await c.status(agent.agentId, fresh)).json?.retcode).toBe('0');
		expect(
			(await c.call('PUT', `${A}/onlineagent/${agent.agentId}/updateGuid`, { guid: 'wrong' })).json
				?.retcode,
		).toBe('000-003');
	});
});

describe('read-only queries: agentstatus and callinfo', () => {
	const t = withSimulator({
		authMode: 'static',
		pollHoldMs: 0,
		idleSignOutMs: 0,
		scheduler: new ManualScheduler(),
	});

	test('agentstatus: 7 talking, 3 busy while the call is in an IVR flow, 4 idle without a call', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		expect((await c.status(agent.agentId, agent.guid)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: { agentState: 7, isWorking: true },
		});
		await c.transfer(agent.agentId, agent.guid, { devicetype: 3, mode: 1, address: '1000' });
		expect((await c.status(agent.agentId, agent.guid)).json?.result).toEqual({
			agentState: 3,
			isWorking: true,
		});
		const other = await sim.readyAgent();
		await c.transfer(other.agentId, other.guid, queue);
		expect((await c.status(other.agentId, other.guid)).json?.result).toEqual({
			agentState: 4,
			isWorking: false,
		});
	});

	test('callinfo: the current call, or {} without one', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent({
			call: { direction: 'outbound', media: 'video', called: '13900000009' },
		});
		const callid = sim.agentState(agent.agentId).call!.callid;
		expect(callid).toMatch(/^[0-9]{10}-[0-9]+$/);
		expect((await c.callInfo(agent.agentId, agent.guid)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: {
				callid,
				caller: agent.phonenum,
				called: '13900000009',
				callfeature: 7,
				callskill: '',
				callskillid: 0,
				calldata: '',
				begintime: expect.any(Number),
				userPriority: 0,
				trunkNo: 0,
				logontimes: expect.any(Number),
				mediaType: 5,
				mediaAbility: 1,
				waitTime: 0,
				trace: null,
			},
		});
		await c.transfer(agent.agentId, agent.guid, queue);
		expect((await c.callInfo(agent.agentId, agent.guid)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: {},
		});
	});

	test('a wrong Guid → 000-003, not signed in → 100-006, for both', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		expect((await c.status(agent.agentId, 'wrong')).json?.retcode).toBe('000-003');
		expect((await c.callInfo(agent.agentId, 'wrong')).json?.retcode).toBe('000-003');
		expect((await c.status(agent.agentId, undefined)).json?.retcode).toBe('000-003');
		sim.createAgent('4101', 'pw');
		expect((await c.status('4101', agent.guid)).json?.retcode).toBe('100-006');
		expect((await c.callInfo('4101', agent.guid)).json?.retcode).toBe('100-006');
	});

	test('they consume no event, change no state and hand out no Guid', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		await c.transfer(agent.agentId, agent.guid, { devicetype: 5, mode: 4, address: '8888' }); // queues events, keeps the call
		const before = sim.agentState(agent.agentId);
		expect(before.queuedEvents).toBe(2);
		for (let i = 0; i < 3; i++) {
			const info = await c.callInfo(agent.agentId, agent.guid);
			expect(info.json?.result).toEqual(
				expect.objectContaining({ callid: before.call!.callid, callfeature: 0 }),
			);
			expect(info.headers['set-guid']).toBeUndefined();
			expect((await c.status(agent.agentId, agent.guid)).headers['set-guid']).toBeUndefined();
		}
		expect(sim.agentState(agent.agentId)).toEqual(before);
		expect((await c.poll(agent.agentId, agent.guid)).json?.event).toEqual(
			expect.objectContaining({ eventType: 'AgentEvent_Talking' }),
		);
	});
});

describe('routing: every answer is the envelope', () => {
	const t = withSimulator({
		authMode: 'static',
		idleSignOutMs: 0,
		pollHoldMs: 0,
		scheduler: new ManualScheduler(),
	});

	const ROUTES = [
		['PUT', 'onlineagent/{id}'],
		['PUT', 'onlineagent/{id}/forcelogin'],
		['DELETE', 'onlineagent/{id}/logout'],
		['GET', 'onlineagent/{id}/agentstatus'],
		['PUT', 'onlineagent/{id}/updateGuid'],
		['GET', 'calldata/{id}/callinfo'],
		['GET', 'agentevent/{id}'],
		['POST', 'voicecall/{id}/transfer'],
		['GET', 'calldata/{id}/holdlist'],
		['PUT', 'voicecall/{id}/callout'],
		['DELETE', 'voicecall/{id}/release'],
		['POST', 'voicecall/{id}/hold'],
		['POST', 'voicecall/{id}/gethold'],
	] as const;
	const wrongMethods = ROUTES.flatMap(([right, route]) =>
		['GET', 'POST', 'PUT', 'DELETE', 'PATCH']
			.filter((m) => m !== right)
			.map((m) => [m, route, route === 'agentevent/{id}' ? '000-001' : '000-002'] as const),
	);

	test.each(wrongMethods)('%s %s (wrong method) → %s', async (method, route, retcode) => {
		const agent = await t.sim.readyAgent();
		const answer = await t.c.call(method, `${A}/${route.replace('{id}', agent.agentId)}`, {
			guid: agent.guid,
			body: queue,
		});
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('application/json;charset=UTF-8');
		expect(answer.json).toEqual({ message: expect.stringContaining(method), retcode, result: {} });
		expect(t.sim.agentState(agent.agentId).call).not.toBeNull();
	});

	test.each([
		'/',
		'/agentgateway',
		`${A}/nothing/here`,
		`${A}/voicecall/101/transfer/`,
		`${A}/voicecall/101/unhold`,
		`${A}/calldata/101/holdlist/`,
		'/favicon.ico',
	])('unknown path %s → 000-002', async (path) => {
		const answer = await t.c.call('GET', path);
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			message: 'the URL address is invalid',
			retcode: '000-002',
			result: {},
		});
	});

	test('a query string is ignored', async () => {
		const agent = await t.sim.readyAgent();
		expect(
			(
				await t.c.call('GET', `${A}/onlineagent/${agent.agentId}/agentstatus?x=1`, {
					guid: agent.guid,
				})
			).json?.retcode,
		).toBe('0');
	});
});

describe('an exception inside a handler', () => {
	let explode = false;
	const t = withSimulator({
		authMode: 'static',
		idleSignOutMs: 0,
		scheduler: new ManualScheduler(),
		onGatewayRequest: ({ path }) => {
			if (explode && path.endsWith('/transfer'))
				throw new Error('simulated internal failure at /secret/path.ts:12');
		},
	});

	test('is answered 100-007 in the envelope, without a stack trace, and the server keeps serving', async () => {
		const agent = await t.sim.readyAgent();
		explode = true;
		const answer = await t.c.transfer(agent.agentId, agent.guid, queue);
		explode = false;
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			message: 'an exception occurred during the agent operation',
			retcode: '100-007',
			result: {},
		});
		expect(answer.text).not.toMatch(/secret|\.ts|at /);
		expect(t.sim.requests().at(-1)?.retcode).toBe('100-007');
		expect((await t.c.transfer(agent.agentId, agent.guid, queue)).json?.retcode).toBe('0');
	});
});

describe('dynamic authentication (manual time)', () => {
	const clock = new ManualScheduler();
	const t = withSimulator({
		authMode: 'dynamic',
		guidIntervalMs: 60_000,
		guidTimeoutMs: 120_000,
		pollHoldMs: 0,
		idleSignOutMs: 0,
		scheduler: clock,
	});

	test('the Guid rotates on the interval; the new one comes once, in Set-GUID of the next poll', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		clock.advance(59_999);
		expect((await c.poll(agent.agentId, agent.guid)).headers['set-guid']).toBeUndefined();
		clock.advance(1);
		// other interfaces do not hand it out
		expect((await c.status(agent.agentId, agent.guid)).headers['set-guid']).toBeUndefined();
		const rotated = await c.poll(agent.agentId, agent.guid);
		const fresh = setGuid(rotated.headers);
		expect(fresh).toMatch(/\.AgentGateway0$/);
		expect(fresh).not.toBe(agent.guid);
		expect(sim.currentGuid(agent.agentId)).toBe(fresh);
		expect((await c.poll(agent.agentId, fresh)).headers['set-guid']).toBeUndefined(); // handed out once
	});

	test('an old Guid works until guidTimeoutMs after it was superseded, then 000-003; the new one keeps working', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		clock.advance(60_000); // superseded now
		const fresh = setGuid((await c.poll(agent.agentId, agent.guid)).headers);
		clock.advance(119_999);
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('0');
		clock.advance(1);
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('000-003');
		expect((await c.transfer(agent.agentId, agent.guid, queue)).json?.retcode).toBe('000-003');
		expect((await c.poll(agent.agentId, agent.guid)).json?.retcode).toBe('000-003');
		// `fresh` was itself superseded at 120 s and works until 240 s: now is 180 s
		expect((await c.transfer(agent.agentId, fresh, queue)).json?.retcode).toBe('0');
	});

	test('without polling the sign-in Guid is superseded anyway and expires interval + timeout after sign-in', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		clock.advance(179_999);
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('0');
		clock.advance(1);
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('000-003');
		expect(sim.agentState(agent.agentId).signedIn).toBe(true);
	});

	test('after several missed intervals a poll hands out one new Guid, the newest', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		clock.advance(150_000); // 2.5 intervals
		const answer = await c.poll(agent.agentId, agent.guid);
		const fresh = setGuid(answer.headers);
		expect(fresh).toBe(sim.currentGuid(agent.agentId));
		clock.advance(29_999); // the newest was dated at 120 s, so it is current until 180 s
		expect((await c.poll(agent.agentId, fresh)).headers['set-guid']).toBeUndefined();
		clock.advance(1);
		expect(setGuid((await c.poll(agent.agentId, fresh)).headers)).toMatch(/\.AgentGateway0$/);
	});

	test('a rotation that falls due while a poll is held rides on that poll', async () => {
		const clock = new ManualScheduler();
		const sim = await startSimulator({
			authMode: 'dynamic',
			guidIntervalMs: 60_000,
			guidTimeoutMs: 120_000,
			pollHoldMs: 60_000,
			idleSignOutMs: 0,
			scheduler: clock,
		});
		const c = new SimClient(sim);
		try {
			const agent = await sim.readyAgent();
			const held = c.poll(agent.agentId, agent.guid);
			await clock.untilPending(1);
			clock.advance(60_000); // the rotation falls due as the hold ends
			const fresh = setGuid((await held).headers);
			expect(fresh).toMatch(/\.AgentGateway0$/);
			expect(fresh).toBe(sim.currentGuid(agent.agentId));
		} finally {
			await c.close();
			await sim.close();
		}
	});

	test('updateGuid: a fresh Guid now; the replaced one follows the timeout', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		const fresh = setGuid(
			(await c.call('PUT', `${A}/onlineagent/${agent.agentId}/updateGuid`, { guid: agent.guid }))
				.headers,
		);
		expect(fresh).not.toBe('');
		clock.advance(119_999);
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('0');
		clock.advance(1);
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('000-003');
		expect((await c.status(agent.agentId, fresh)).json?.retcode).toBe('0');
	});

	test('a static simulator under the same clock never expires the Guid', async () => {
		const sim = await startSimulator({
			authMode: 'static',
			guidIntervalMs: 1000,
			guidTimeoutMs: 1000,
			idleSignOutMs: 0,
			pollHoldMs: 0,
			scheduler: clock,
		});
		const c = new SimClient(sim);
		try {
			const agent = await sim.readyAgent();
			clock.advance(10 * 86_400_000);
			const answer = await c.poll(agent.agentId, agent.guid);
			expect(answer.headers['set-guid']).toBeUndefined();
			expect((await c.transfer(agent.agentId, agent.guid, queue)).json?.retcode).toBe('0');
		} finally {
			await c.close();
			await sim.close();
		}
	});
});

describe('without a scheduler (real time)', () => {
	const t = withSimulator({ authMode: 'dynamic', pollHoldMs: 1, idleSignOutMs: 0 });

	test('the clock is Date.now and a poll hold ends on a real timer', async () => {
		const { sim, c } = t;
		const agent = await sim.readyAgent();
		const before = Date.now();
		await c.transfer(agent.agentId, agent.guid, queue);
		const after = Date.now();
		const event = (await c.poll(agent.agentId, agent.guid)).json?.event as { eventGenTime: number };
		expect(event.eventGenTime).toBeGreaterThanOrEqual(before);
		expect(event.eventGenTime).toBeLessThanOrEqual(after);
		expect((await c.poll(agent.agentId, agent.guid)).json).toEqual({
			message: '',
			retcode: '0',
			event: null,
		});
	});
});

describe('idle sign-out', () => {
	test('an agent that stops polling is signed out; a polling one and a keep-alive one stay', async () => {
		const clock = new ManualScheduler();
		const sim = await startSimulator({
			authMode: 'static',
			idleSignOutMs: 120_000,
			pollHoldMs: 0,
			scheduler: clock,
		});
		const c = new SimClient(sim);
		try {
			const quiet = await sim.readyAgent();
			const queried = await sim.readyAgent();
			const polling = await sim.readyAgent();
			const kept = await sim.readyAgent({ keepAlive: true });
			for (let i = 0; i < 4; i++) {
				clock.advance(40_000);
				await c.poll(polling.agentId, polling.guid);
				await c.status(queried.agentId, queried.guid); // a read-only query is not a heartbeat
			}
			expect(sim.agentState(quiet.agentId)).toEqual(
				expect.objectContaining({ signedIn: false, status: 2, call: null }),
			);
			expect(sim.agentState(queried.agentId).signedIn).toBe(false);
			expect(sim.agentState(polling.agentId).signedIn).toBe(true);
			expect(sim.agentState(kept.agentId).signedIn).toBe(true);
			expect((await c.transfer(quiet.agentId, quiet.guid, queue)).json?.retcode).toBe('100-006');
			expect((await c.transfer(polling.agentId, polling.guid, queue)).json?.retcode).toBe('0');
		} finally {
			await c.close();
			await sim.close();
		}
	});

	test('the sweep signs agents out as time passes, and a held poll counts as polling', async () => {
		const clock = new ManualScheduler();
		const sim = await startSimulator({
			authMode: 'static',
			idleSignOutMs: 100,
			pollHoldMs: 300,
			scheduler: clock,
		});
		const c = new SimClient(sim);
		try {
			const quiet = await sim.readyAgent();
			const holding = await sim.readyAgent();
			const held = c.poll(holding.agentId, holding.guid);
			await clock.untilPending(2); // the sweep's timer and the hold
			clock.advance(220);
			expect(sim.agentState(quiet.agentId).signedIn).toBe(false);
			expect(sim.agentState(holding.agentId).signedIn).toBe(true);
			clock.advance(80);
			expect((await held).json).toEqual({ message: '', retcode: '0', event: null });
		} finally {
			await c.close();
			await sim.close();
		}
	});

	test('idleSignOutMs 0 disables it', async () => {
		const clock = new ManualScheduler();
		const sim = await startSimulator({ authMode: 'static', idleSignOutMs: 0, scheduler: clock });
		try {
			const agent = await sim.readyAgent();
			clock.advance(86_400_000);
			expect(sim.agentState(agent.agentId).signedIn).toBe(true);
		} finally {
			await sim.close();
		}
	});
});
