/** Sign-in, the Guid in both authentication modes, event polling, idle sign-out, read-only queries. */
import { startSimulator, type Simulator } from './index';
import { SimClient } from './client';

const A = '/agentgateway/resource';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const setGuid = (h: Record<string, unknown>) => String(h['set-guid'] ?? '').replace(/^JSESSIONID=/, '');

describe('static authentication', () => {
	let sim: Simulator;
	let c: SimClient;
	beforeAll(async () => {
		sim = await startSimulator({ authMode: 'static', pollHoldMs: 150, idleSignOutMs: 0 });
		c = new SimClient(sim);
	});
	afterAll(async () => {
		await c.close();
		await sim.close();
	});

	test('sign-in answers Set-GUID: JSESSIONID=<guid>; a second sign-in is 100-002; forcelogin replaces the Guid', async () => {
		sim.createAgent('4001', 'secret');
		const first = await c.call('PUT', `${A}/onlineagent/4001`, { body: { password: 'secret', phonenum: '6001' } });
		expect(first.json?.retcode).toBe('0');
		const guid = setGuid(first.headers);
		expect(guid).toMatch(/^[0-9a-f-]{36}\.AgentGateway0$/);
		expect((await c.call('PUT', `${A}/onlineagent/4001`, { body: { password: 'secret', phonenum: '6001' } })).json?.retcode).toBe('100-002');
		const forced = await c.call('PUT', `${A}/onlineagent/4001/forcelogin`, { body: { password: 'secret', phonenum: '6001' } });
		expect(forced.json?.retcode).toBe('0');
		const second = setGuid(forced.headers);
		expect(second).not.toBe(guid);
		expect((await c.call('GET', `${A}/onlineagent/4001/agentstatus`, { guid })).json?.retcode).toBe('000-003');
		expect((await c.call('GET', `${A}/onlineagent/4001/agentstatus`, { guid: second })).json).toEqual({ message: 'success', retcode: '0', result: 4 });
	});

	test('sign-in refusals: wrong password 100-004, missing fields 100-001, unknown agent 100-004', async () => {
		sim.createAgent('4002', 'secret');
		expect((await c.call('PUT', `${A}/onlineagent/4002`, { body: { password: 'bad', phonenum: '6002' } })).json?.retcode).toBe('100-004');
		expect((await c.call('PUT', `${A}/onlineagent/4002`, { body: { password: 'secret' } })).json?.retcode).toBe('100-001');
		expect((await c.call('PUT', `${A}/onlineagent/4999`, { body: { password: 'x', phonenum: '1' } })).json?.retcode).toBe('100-004');
	});

	test('the static Guid lasts until sign-out; afterwards 100-006', async () => {
		const agent = await sim.readyAgent();
		await sleep(50);
		expect((await c.call('GET', `${A}/onlineagent/${agent.agentId}/agentstatus`, { guid: agent.guid })).json?.result).toBe(7);
		expect((await c.call('DELETE', `${A}/onlineagent/${agent.agentId}/logout`, { guid: agent.guid })).json?.retcode).toBe('0');
		expect((await c.call('GET', `${A}/onlineagent/${agent.agentId}/agentstatus`, { guid: agent.guid })).json?.retcode).toBe('100-006');
		expect((await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '1' })).json?.retcode).toBe('100-006');
	});

	test('agentstatus and callinfo are read-only: no event consumed, nothing changed', async () => {
		const agent = await sim.readyAgent();
		await c.transfer(agent.agentId, agent.guid, { devicetype: 5, mode: 4, address: '8888' }); // queues events, keeps the call
		const before = sim.agentState(agent.agentId);
		expect(before.queuedEvents).toBeGreaterThan(0);
		const info = await c.call('GET', `${A}/calldata/${agent.agentId}/callinfo`, { guid: agent.guid });
		expect(info.json?.result).toEqual(expect.objectContaining({ callid: before.call!.callid, state: 'conference' }));
		await c.call('GET', `${A}/onlineagent/${agent.agentId}/agentstatus`, { guid: agent.guid });
		expect(sim.agentState(agent.agentId)).toEqual(before);
	});

	test('wrong method on a known path and an unknown path answer with the envelope, not a stack trace', async () => {
		const agent = await sim.readyAgent();
		const get = await c.call('GET', `${A}/voicecall/${agent.agentId}/transfer`, { guid: agent.guid });
		expect(get.status).toBe(200);
		expect(get.json?.retcode).toBe('000-002');
		expect((await c.call('POST', `${A}/agentevent/${agent.agentId}`, { guid: agent.guid })).json?.retcode).toBe('000-001');
		const unknown = await c.call('GET', `${A}/nothing/here`);
		expect(unknown.json?.retcode).toBe('000-002');
		expect(unknown.text).not.toMatch(/at .*\.ts/);
	});
});

describe('events', () => {
	let sim: Simulator;
	let c: SimClient;
	beforeAll(async () => {
		sim = await startSimulator({ authMode: 'static', pollHoldMs: 200, ivrReturnMs: 100, idleSignOutMs: 0 });
		c = new SimClient(sim);
	});
	afterAll(async () => {
		await c.close();
		await sim.close();
	});

	async function drain(agentId: string, guid: string): Promise<Array<{ eventType: string; content: unknown; workNo: string }>> {
		const events = [];
		for (;;) {
			const answer = await c.poll(agentId, guid);
			const event = answer.json?.event as { eventType: string; content: unknown; workNo: string } | null;
			if (!event) return events;
			events.push(event);
		}
	}

	test.each([
		['blind to a skill queue', { devicetype: 1, mode: 0, address: '3' }, ['AgentEvent_Call_Release'], null],
		['release-after-transfer to an agent', { devicetype: 2, mode: 2, address: '49998' }, ['AgentEvent_SuccTransResult', 'AgentMediaEvent_StopRecordDone', 'AgentEvent_Call_Release'], null],
		['talk forwarding to an external number', { devicetype: 5, mode: 3, address: '8888' }, ['AgentEvent_Talking', 'AgentEvent_Call_Release'], null],
		['three-party to an external number', { devicetype: 5, mode: 4, address: '8888' }, ['AgentEvent_Talking', 'AgentEvent_Conference'], 'conference'],
		['hang-up transfer to an IVR', { devicetype: 3, mode: 1, address: '1000' }, ['AgentEvent_ReturnFromIvr'], 'talking'],
	] as const)('%s queues %j and leaves the call %s', async (_name, body, types, callState) => {
		const agent = await sim.readyAgent();
		const callid = sim.agentState(agent.agentId).call!.callid;
		expect((await c.transfer(agent.agentId, agent.guid, body)).json?.retcode).toBe('0');
		if (body.devicetype === 3) await sleep(150); // the flow returns the call after ivrReturnMs
		const events = await drain(agent.agentId, agent.guid);
		expect(events.map((e) => e.eventType)).toEqual(types);
		for (const e of events) expect(e.workNo).toBe(agent.agentId);
		const byType = Object.fromEntries(events.map((e) => [e.eventType, e.content]));
		if (byType.AgentEvent_Call_Release !== undefined) expect(byType.AgentEvent_Call_Release).toBe(callid);
		if (byType.AgentEvent_SuccTransResult) expect(byType.AgentEvent_SuccTransResult).toEqual({ result: 0, callId: callid });
		if (byType.AgentEvent_Conference) expect(byType.AgentEvent_Conference).toEqual({ callid, partner: expect.stringContaining('8888') });
		if (byType.AgentEvent_ReturnFromIvr) expect(byType.AgentEvent_ReturnFromIvr).toBe(callid);
		expect(sim.agentState(agent.agentId).call?.state ?? null).toBe(callState);
	});

	test('a poll with nothing queued is held, then answers event: null; a queued event answers at once', async () => {
		const agent = await sim.readyAgent();
		let t = Date.now();
		const empty = await c.poll(agent.agentId, agent.guid);
		expect(Date.now() - t).toBeGreaterThanOrEqual(180);
		expect(empty.json).toEqual({ message: '', retcode: '0', event: null });

		const held = c.poll(agent.agentId, agent.guid);
		await sleep(50);
		t = Date.now();
		await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' });
		const answer = await held;
		expect(Date.now() - t).toBeLessThan(150);
		expect((answer.json?.event as { eventType: string }).eventType).toBe('AgentEvent_Call_Release');
		expect(answer.json?.event).toEqual(expect.objectContaining({ eventGenTime: expect.any(Number) }));
	});

	test('an event is delivered once: a second poller does not get it', async () => {
		const agent = await sim.readyAgent();
		await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' });
		const first = await c.poll(agent.agentId, agent.guid);
		const second = await c.poll(agent.agentId, agent.guid);
		expect(first.json?.event).not.toBeNull();
		expect(second.json?.event).toBeNull();
	});
});

describe('dynamic authentication', () => {
	let sim: Simulator;
	let c: SimClient;
	beforeAll(async () => {
		sim = await startSimulator({ authMode: 'dynamic', guidIntervalMs: 150, guidTimeoutMs: 400, pollHoldMs: 20, idleSignOutMs: 0 });
		c = new SimClient(sim);
	});
	afterAll(async () => {
		await c.close();
		await sim.close();
	});

	test('the Guid rotates on the interval and the new one comes in Set-GUID of the next poll', async () => {
		const agent = await sim.readyAgent();
		const early = await c.poll(agent.agentId, agent.guid);
		expect(early.headers['set-guid']).toBeUndefined();
		await sleep(170);
		const rotated = await c.poll(agent.agentId, agent.guid);
		const fresh = setGuid(rotated.headers);
		expect(fresh).toMatch(/\.AgentGateway0$/);
		expect(fresh).not.toBe(agent.guid);
		expect(sim.currentGuid(agent.agentId)).toBe(fresh);
		// the old Guid still works until its timeout, then 000-003; the new one keeps working
		expect((await c.call('GET', `${A}/onlineagent/${agent.agentId}/agentstatus`, { guid: agent.guid })).json?.retcode).toBe('0');
		await sleep(260);
		expect((await c.call('GET', `${A}/onlineagent/${agent.agentId}/agentstatus`, { guid: agent.guid })).json?.retcode).toBe('000-003');
		expect((await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' })).json?.retcode).toBe('000-003');
		expect((await c.transfer(agent.agentId, fresh, { devicetype: 1, mode: 0, address: '3' })).json?.retcode).toBe('0');
	});

	test('without polling no new Guid is handed out and the sign-in Guid times out', async () => {
		const agent = await sim.readyAgent();
		await sleep(420);
		expect((await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' })).json?.retcode).toBe('000-003');
	});
});

describe('idle sign-out', () => {
	test('an agent that stops polling is signed out; a polling one and a keep-alive one stay', async () => {
		const sim = await startSimulator({ authMode: 'static', idleSignOutMs: 200, pollHoldMs: 20 });
		const c = new SimClient(sim);
		try {
			const quiet = await sim.readyAgent();
			const polling = await sim.readyAgent();
			const kept = await sim.readyAgent({ keepAlive: true });
			for (let i = 0; i < 6; i++) {
				await c.poll(polling.agentId, polling.guid);
				await sleep(50);
			}
			expect(sim.agentState(quiet.agentId).signedIn).toBe(false);
			expect(sim.agentState(polling.agentId).signedIn).toBe(true);
			expect(sim.agentState(kept.agentId).signedIn).toBe(true);
			expect((await c.transfer(quiet.agentId, quiet.guid, { devicetype: 1, mode: 0, address: '3' })).json?.retcode).toBe('100-006');
		} finally {
			await c.close();
			await sim.close();
		}
	});
});
