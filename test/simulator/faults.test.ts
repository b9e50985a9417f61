/**
 * Each injected fault as a plain client sees it; faulted requests are logged with their fault,
 * change no state, and the next request is served normally. Fault delays run on a ManualScheduler:
 * a test moves time and reads the request log to see when the answer was written.
 */
import { startSimulator, type FaultSpec, type Simulator } from './index';
import { GATEWAY, SimClient, type RawAnswer } from './client';
import { ManualScheduler } from './scheduler';

let sim: Simulator;
let c: SimClient;
const time = new ManualScheduler();
beforeAll(async () => {
	sim = await startSimulator({
		authMode: 'static',
		idleSignOutMs: 0,
		pollHoldMs: 50,
		scheduler: time,
	});
	c = new SimClient(sim);
});
afterAll(async () => {
	await c.close();
	await sim.close();
});
beforeEach(() => {
	sim.clearFaults();
	sim.clearRequests();
});

const body = { devicetype: 1, mode: 0, address: '3' };

/** The faulted request's log entry. */
const entryOf = (agentId: string) =>
	sim.requests().find((r) => r.path.includes(`/voicecall/${agentId}/`));

/**
 * A transfer that meets the fault; checks the log and that nothing changed, then that the next one
 * works. `drive` runs while the request is out (it moves time for faults that wait).
 */
async function faulted(
	spec: Omit<FaultSpec, 'pathIncludes'>,
	drive?: (request: {
		agentId: string;
		headers: Promise<RawAnswer>;
		waiting: () => Promise<void>;
	}) => Promise<void>,
): Promise<RawAnswer | { error: unknown }> {
	const agent = await sim.readyAgent();
	const before = sim.agentState(agent.agentId);
	sim.injectFault({ ...spec, pathIncludes: `/voicecall/${agent.agentId}/` });
	let outcome: RawAnswer | { error: unknown };
	try {
		const base = time.pending();
		const sent = c.raw('POST', `${GATEWAY}/voicecall/${agent.agentId}/transfer`, {
			guid: agent.guid,
			body,
		});
		// resolves once the fault has set its timer: the request is in and waiting
		const waiting = () => time.untilPending(base + 1);
		const driven = drive?.({ agentId: agent.agentId, headers: sent, waiting });
		// a failed request must not leave `driven` unobserved
		outcome = await sent.finally(() => driven);
		await outcome.body;
	} catch (error) {
		outcome = { error };
	}
	const log = sim.requests().filter((r) => r.path.includes(`/voicecall/${agent.agentId}/`));
	expect(log).toHaveLength(1);
	expect(log[0].fault).toBe(spec.kind);
	expect(log[0].retcode).toBeUndefined();
	expect(sim.agentState(agent.agentId)).toEqual(before); // the handler did not run
	expect((await c.transfer(agent.agentId, agent.guid, body)).json?.retcode).toBe('0');
	return outcome;
}

const isRaw = (o: RawAnswer | { error: unknown }): o is RawAnswer => 'status' in o;

test('delay: no header for delayMs, then an honest 100-007 (nothing was done)', async () => {
	const outcome = await faulted({ kind: 'delay', delayMs: 300 }, async ({ agentId, waiting }) => {
		await waiting();
		time.advance(299);
		expect(entryOf(agentId)?.answeredAt).toBeUndefined();
		time.advance(1);
		expect(entryOf(agentId)?.answeredAt).toEqual(expect.any(Number));
	});
	if (!isRaw(outcome)) throw outcome.error;
	const text = (await outcome.body).text!;
	expect(JSON.parse(text)).toEqual(expect.objectContaining({ retcode: '100-007' }));
});

test('reset: headers and part of the body, then the connection is destroyed', async () => {
	const outcome = await faulted({ kind: 'reset' });
	if (!isRaw(outcome)) return expect(outcome.error).toBeInstanceOf(Error); // the cut may also beat the headers
	expect(outcome.status).toBe(200);
	expect((await outcome.body).error).toBeInstanceOf(Error);
});

test('truncated: Content-Length promises more than is sent', async () => {
	const outcome = await faulted({ kind: 'truncated' }, async ({ waiting }) => {
		await waiting(); // the envelope is written; the connection ends 20 ms later
		time.advance(20);
	});
	if (!isRaw(outcome)) throw outcome.error;
	expect(Number(outcome.headers['content-length'])).toBeGreaterThan(60);
	expect((await outcome.body).error).toBeInstanceOf(Error);
});

test('http500: status 500 with an HTML page', async () => {
	const outcome = await faulted({ kind: 'http500' });
	if (!isRaw(outcome)) throw outcome.error;
	expect(outcome.status).toBe(500);
	expect(outcome.headers['content-type']).toBe('text/html');
	expect((await outcome.body).text).toMatch(/^<!DOCTYPE html>/);
});

test('nonJson: 200 with an HTML body', async () => {
	const outcome = await faulted({ kind: 'nonJson' });
	if (!isRaw(outcome)) throw outcome.error;
	expect(outcome.status).toBe(200);
	expect(outcome.headers['content-type']).toBe('text/html');
	const text = (await outcome.body).text!;
	expect(text).toContain('<html>');
	expect(() => JSON.parse(text)).toThrow();
});

test('noRetcode: 200 JSON without retcode', async () => {
	const outcome = await faulted({ kind: 'noRetcode' });
	if (!isRaw(outcome)) throw outcome.error;
	expect(JSON.parse((await outcome.body).text!)).toEqual({ message: 'ok', result: {} });
});

test('oversized: a valid-looking JSON envelope of exactly sizeBytes', async () => {
	const outcome = await faulted({ kind: 'oversized', sizeBytes: 300_000 });
	if (!isRaw(outcome)) throw outcome.error;
	const text = (await outcome.body).text!;
	expect(Buffer.byteLength(text)).toBe(300_000);
	expect(outcome.headers['content-length']).toBe('300000');
	expect(JSON.parse(text)).toEqual(expect.objectContaining({ retcode: '0', message: 'success' }));
});

test('oversized: 2 MiB by default', async () => {
	const outcome = await faulted({ kind: 'oversized' });
	if (!isRaw(outcome)) throw outcome.error;
	expect(Buffer.byteLength((await outcome.body).text!)).toBe(2 * 1024 * 1024);
});

test('trickle: headers at once, the body spread over delayMs', async () => {
	let headersBeforeTime = false;
	const outcome = await faulted(
		{ kind: 'trickle', delayMs: 400 },
		async ({ agentId, headers, waiting }) => {
			await headers; // no time has passed
			await waiting(); // the first piece of the body waits
			headersBeforeTime = true;
			time.advance(399);
			expect(entryOf(agentId)?.answeredAt).toBeUndefined();
			time.advance(1);
			expect(entryOf(agentId)?.answeredAt).toEqual(expect.any(Number));
		},
	);
	if (!isRaw(outcome)) throw outcome.error;
	expect(headersBeforeTime).toBe(true);
	const whole = await outcome.body;
	expect(JSON.parse(whole.text!)).toEqual({ message: 'success', retcode: '0', result: {} });
});

describe('faulted requests change no state', () => {
	test('a faulted sign-in does not sign in', async () => {
		sim.createAgent('4600', 'pw');
		sim.injectFault({ kind: 'http500', pathIncludes: '/onlineagent/4600' });
		await expect(sim.signIn('4600', 'pw')).rejects.toThrow(/HTTP 500/);
		expect(sim.agentState('4600').signedIn).toBe(false);
		expect(await sim.signIn('4600', 'pw')).toMatch(/\.AgentGateway0$/);
	});

	test('a faulted poll takes no event off the queue', async () => {
		const agent = await sim.readyAgent();
		await c.transfer(agent.agentId, agent.guid, body);
		sim.injectFault({ kind: 'noRetcode', pathIncludes: '/agentevent/' });
		expect((await c.poll(agent.agentId, agent.guid)).json).toEqual({ message: 'ok', result: {} });
		expect(sim.agentState(agent.agentId).queuedEvents).toBe(1);
		expect((await c.poll(agent.agentId, agent.guid)).json?.event).toEqual(
			expect.objectContaining({ eventType: 'AgentEvent_Call_Release' }),
		);
	});

	test('a faulted logout does not sign out', async () => {
		const agent = await sim.readyAgent();
		sim.injectFault({ kind: 'nonJson', pathIncludes: '/logout' });
		await c.call('DELETE', `${GATEWAY}/onlineagent/${agent.agentId}/logout`, { guid: agent.guid });
		expect(sim.agentState(agent.agentId).signedIn).toBe(true);
	});
});

describe('which requests get a fault', () => {
	test('count and pathIncludes limit a fault to the requests meant', async () => {
		const agent = await sim.readyAgent();
		sim.clearRequests();
		sim.injectFault({ kind: 'nonJson', count: 2, pathIncludes: '/agentstatus' });
		expect((await c.transfer(agent.agentId, agent.guid, { ...body, mode: 2 })).json?.retcode).toBe(
			'0',
		);
		expect((await c.status(agent.agentId, agent.guid)).json).toBeUndefined();
		expect((await c.status(agent.agentId, agent.guid)).json).toBeUndefined();
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('0');
		expect(sim.requests().map((r) => r.fault ?? r.retcode)).toEqual([
			'0',
			'nonJson',
			'nonJson',
			'0',
		]);
	});

	test('faults are used in the order they were injected; clearFaults drops them all', async () => {
		const agent = await sim.readyAgent();
		sim.injectFault({ kind: 'noRetcode' });
		sim.injectFault({ kind: 'nonJson' });
		sim.injectFault({ kind: 'http500' });
		expect((await c.status(agent.agentId, agent.guid)).json).toEqual({ message: 'ok', result: {} });
		expect((await c.status(agent.agentId, agent.guid)).status).toBe(200);
		sim.clearFaults();
		expect((await c.status(agent.agentId, agent.guid)).json?.retcode).toBe('0');
	});

	test('unknown or impossible specs are refused', () => {
		expect(() => sim.injectFault({ kind: 'meteor' as never })).toThrow(/unknown fault kind/);
		expect(() => sim.injectFault({ kind: 'delay', count: 0 })).toThrow(/count/);
		expect(() => sim.injectFault({ kind: 'delay', delayMs: -1 })).toThrow(/delayMs/);
		expect(() => sim.injectFault({ kind: 'oversized', sizeBytes: 10 })).toThrow(/sizeBytes/);
	});

	test('seeded random faults repeat with the same seed', async () => {
		const agent = await sim.readyAgent();
		const run = async () => {
			sim.clearRequests();
			sim.injectRandomFaults({ rate: 0.5, seed: 42, kinds: ['nonJson', 'noRetcode'] });
			for (let i = 0; i < 12; i++) await c.status(agent.agentId, agent.guid);
			sim.clearFaults();
			return sim.requests().map((r) => r.fault ?? r.retcode);
		};
		const first = await run();
		expect(first).toContain('0');
		expect(first.some((f) => f !== '0')).toBe(true);
		expect(await run()).toEqual(first);
	});

	test('the control surface is never faulted', async () => {
		sim.injectFault({ kind: 'http500', count: 5 });
		expect((await c.call('GET', '/__sim/ca')).status).toBe(200);
		expect(sim.requests()).toHaveLength(0);
	});
});

describe('the request log', () => {
	test('method, path without query, lower-case headers, raw body, retcode; the Guid value redacted', async () => {
		const agent = await sim.readyAgent();
		sim.clearRequests();
		const before = Date.now();
		await c.call('POST', `${GATEWAY}/voicecall/${agent.agentId}/transfer?trace=1`, {
			rawBody: '{"devicetype":1,"mode":0,"address":"3"}',
			headers: {
				GUID: agent.guid,
				'Content-Type': 'application/json; charset=UTF-8',
				'X-Extra': 'yes',
			},
		});
		const [entry] = sim.requests();
		expect(entry).toEqual({
			seq: expect.any(Number),
			at: expect.any(Number),
			answeredAt: expect.any(Number),
			method: 'POST',
			path: `${GATEWAY}/voicecall/${agent.agentId}/transfer`,
			headers: expect.objectContaining({
				guid: '<redacted>',
				'content-type': 'application/json; charset=UTF-8',
				'x-extra': 'yes',
			}),
			body: '{"devicetype":1,"mode":0,"address":"3"}',
			retcode: '0',
		});
		expect(entry.at).toBeGreaterThanOrEqual(before);
		expect(JSON.stringify(sim.requests())).not.toContain(agent.guid);
	});

	test('sequence numbers grow; clearRequests empties the log; requests() hands out copies', async () => {
		const agent = await sim.readyAgent();
		await c.status(agent.agentId, agent.guid);
		await c.status(agent.agentId, agent.guid);
		const log = sim.requests();
		expect(log[log.length - 1].seq).toBeGreaterThan(log[log.length - 2].seq);
		log[0].headers.guid = 'tampered';
		expect(sim.requests()[0].headers.guid).not.toBe('tampered');
		sim.clearRequests();
		expect(sim.requests()).toEqual([]);
	});

	test('a held poll is logged with the retcode it was finally answered with', async () => {
		const agent = await sim.readyAgent();
		sim.clearRequests();
		const base = time.pending();
		const held = c.poll(agent.agentId, agent.guid);
		await time.untilPending(base + 1);
		expect(sim.requests()[0].retcode).toBeUndefined();
		time.advance(50);
		await held;
		expect(sim.requests()[0].retcode).toBe('0');
	});
});
