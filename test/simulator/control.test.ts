/** The /__sim/ control surface: everything the programmatic API does, over HTTPS, kept apart from the gateway paths. */
import { readFileSync } from 'node:fs';

import { startSimulator, type Simulator } from './index';
import { GATEWAY, SimClient } from './client';
import { ManualScheduler } from './scheduler';

let sim: Simulator;
let c: SimClient;
beforeAll(async () => {
	sim = await startSimulator({
		authMode: 'static',
		idleSignOutMs: 0,
		pollHoldMs: 0,
		scheduler: new ManualScheduler(),
	});
	c = new SimClient(sim);
});
afterAll(async () => {
	await c.close();
	await sim.close();
});

const json = async (method: string, path: string, body?: unknown) => {
	const answer = await c.call(method, path, body === undefined ? {} : { body });
	return {
		status: answer.status,
		value: answer.json as unknown as Record<string, unknown>,
		text: answer.text,
	};
};

test('GET /__sim/ describes the simulator; GET /__sim/ca is the CA in caFile', async () => {
	const info = await json('GET', '/__sim/');
	expect(info.value).toEqual(
		expect.objectContaining({
			url: sim.url,
			port: sim.port,
			authMode: 'static',
			ruleSet: 'documented',
			agents: expect.any(Array),
		}),
	);
	const ca = await c.call('GET', '/__sim/ca');
	expect(ca.headers['content-type']).toBe('application/x-pem-file');
	expect(ca.text).toBe(sim.caPem);
	expect(readFileSync(sim.caFile, 'utf8')).toBe(sim.caPem);
});

test('agents: create, sign in, read the Guid, place a call, read the state', async () => {
	expect((await json('POST', '/__sim/agents', { agentId: '4700', password: 'pw' })).value).toEqual({
		ok: true,
	});
	const signedIn = await json('POST', '/__sim/agents/4700/signin', { password: 'pw' });
	expect(signedIn.value.guid).toMatch(/\.AgentGateway0$/);
	expect((await json('GET', '/__sim/agents/4700/guid')).value).toEqual({
		guid: signedIn.value.guid,
	});
	expect((await json('GET', '/__sim/agents/4700')).value).toEqual({
		signedIn: true,
		status: 4,
		call: null,
		held: [],
		queuedEvents: 0,
	});
	const placed = await json('POST', '/__sim/agents/4700/call', {
		direction: 'outbound',
		media: 'video',
	});
	expect(placed.value.callid).toMatch(/^[0-9]+-[0-9]+$/);
	expect((await json('GET', '/__sim/agents/4700')).value).toEqual({
		signedIn: true,
		status: 7,
		call: { callid: placed.value.callid, direction: 'outbound', media: 'video', state: 'talking' },
		held: [],
		queuedEvents: 0,
	});
	// the state is the one the gateway paths see
	const guid = String(signedIn.value.guid);
	expect(
		(await c.transfer('4700', guid, { devicetype: 5, mode: 1, address: '8888' })).json?.retcode,
	).toBe('100-007');
	expect(
		(await c.transfer('4700', guid, { devicetype: 1, mode: 0, address: '3' })).json?.retcode,
	).toBe('0');
	expect(sim.agentState('4700').call).toBeNull();
});

test('POST /__sim/ready gives a ready agent with the call asked for', async () => {
	const ready = await json('POST', '/__sim/ready', {
		agentId: '4701',
		keepAlive: true,
		call: { direction: 'outbound' },
	});
	expect(ready.value).toEqual({
		agentId: '4701',
		password: expect.any(String),
		guid: expect.stringMatching(/AgentGateway0$/),
		phonenum: expect.any(String),
	});
	expect(sim.agentState('4701').call?.direction).toBe('outbound');
	const auto = await json('POST', '/__sim/ready', {});
	expect(auto.value.agentId).toMatch(/^[0-9]+$/);
});

test('requests and faults: read, inject, clear', async () => {
	const agent = await sim.readyAgent();
	expect((await json('DELETE', '/__sim/requests')).value).toEqual({ ok: true });
	expect(
		(await json('POST', '/__sim/faults', { kind: 'noRetcode', pathIncludes: '/agentstatus' }))
			.value,
	).toEqual({ ok: true });
	expect((await c.status(agent.agentId, agent.guid)).json).toEqual({ message: 'ok', result: {} });
	await json('POST', '/__sim/faults', { kind: 'nonJson', count: 3 });
	await json('DELETE', '/__sim/faults');
	expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('0');
	const log = (await json('GET', '/__sim/requests')).value as unknown as Array<{
		path: string;
		fault?: string;
		headers: Record<string, string>;
	}>;
	expect(log.map((r) => r.fault ?? r.path)).toEqual([
		'noRetcode',
		`${GATEWAY}/onlineagent/${agent.agentId}/agentstatus`,
	]);
	expect(JSON.stringify(log)).not.toContain(agent.guid);
	expect(log.every((r) => !r.path.startsWith('/__sim'))).toBe(true);
	expect(
		(await json('POST', '/__sim/random-faults', { rate: 0, seed: 1, kinds: ['reset'] })).value,
	).toEqual({ ok: true });
	expect((await json('GET', '/__sim/connections')).value.open).toBeGreaterThanOrEqual(1);
	await json('DELETE', '/__sim/faults');
});

test.each([
	['POST', '/__sim/agents', { agentId: 4702, password: 'pw' }, 400, 'agentId'],
	['POST', '/__sim/agents', { agentId: '0101', password: 'pw' }, 400, 'leading zero'],
	['POST', '/__sim/agents', { agentId: '4702' }, 400, 'password'],
	['POST', '/__sim/faults', { kind: 'meteor' }, 400, 'unknown fault kind'],
	['POST', '/__sim/faults', { kind: 'delay', count: -1 }, 400, 'count'],
	['POST', '/__sim/random-faults', { rate: 2, seed: 1, kinds: ['reset'] }, 400, 'rate'],
	['GET', '/__sim/agents/9999', undefined, 400, 'no agent 9999'],
	['POST', '/__sim/agents/9999/call', {}, 400, 'no agent 9999'],
	['POST', '/__sim/agents/4700/call', { direction: 'sideways' }, 400, 'direction'],
	['POST', '/__sim/ready', { call: 'video' }, 400, 'call'],
	['POST', '/__sim/agents/4700/signin', { password: 'wrong' }, 400, '100-004'],
	['GET', '/__sim/nothing', undefined, 404, 'no control route'],
	['DELETE', '/__sim/ca', undefined, 404, 'no control route'],
] as const)('%s %s %j → %i', async (method, path, body, status, word) => {
	const answer = await json(method, path, body);
	expect(answer.status).toBe(status);
	expect(String(answer.value.error)).toContain(word);
});

test('a body that is not JSON → 400', async () => {
	const answer = await c.call('POST', '/__sim/agents', {
		rawBody: '{nope',
		headers: { 'content-type': 'application/json' },
	});
	expect(answer.status).toBe(400);
});

test('POST /__sim/close answers, then closes the simulator', async () => {
	const other = await startSimulator({ authMode: 'static', idleSignOutMs: 0 });
	const client = new SimClient(other);
	try {
		expect((await client.call('POST', '/__sim/close')).json).toEqual({ ok: true });
		await other.closed;
		await expect(client.call('GET', '/__sim/')).rejects.toThrow();
	} finally {
		await client.close();
		await other.close(); // idempotent
	}
});
