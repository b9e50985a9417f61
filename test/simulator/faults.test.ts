/** Each injected fault, seen from a plain client; faulted requests are logged and change nothing. */
import { startSimulator, type Simulator } from './index';
import { SimClient } from './client';

let sim: Simulator;
let c: SimClient;
beforeAll(async () => {
	sim = await startSimulator({ authMode: 'static', idleSignOutMs: 0 });
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

async function faulted(kind: Parameters<Simulator['injectFault']>[0]) {
	const agent = await sim.readyAgent();
	sim.injectFault({ ...kind, pathIncludes: `/voicecall/${agent.agentId}/` });
	const started = Date.now();
	const outcome = await c.transfer(agent.agentId, agent.guid, body).then(
		(answer) => ({ answer, error: undefined as unknown }),
		(error: unknown) => ({ answer: undefined, error }),
	);
	const log = sim.requests().filter((r) => r.path.includes(`/voicecall/${agent.agentId}/`));
	expect(log).toHaveLength(1);
	expect(log[0].fault).toBe(kind.kind);
	// nothing happened to the call, and the next request is served normally
	expect(sim.agentState(agent.agentId).call).not.toBeNull();
	expect((await c.transfer(agent.agentId, agent.guid, body)).json?.retcode).toBe('0');
	return { ...outcome, ms: Date.now() - started };
}

test('delay holds the headers', async () => {
	const { answer, ms } = await faulted({ kind: 'delay', delayMs: 300 });
	expect(ms).toBeGreaterThanOrEqual(280);
	expect(answer?.json?.retcode).toBe('100-007');
});

test('reset cuts the connection mid-body', async () => {
	const { error } = await faulted({ kind: 'reset' });
	expect(error).toBeInstanceOf(Error);
});

test('truncated promises more body than it sends', async () => {
	const { error } = await faulted({ kind: 'truncated' });
	expect(error).toBeInstanceOf(Error);
});

test('http500 answers an HTML page with status 500', async () => {
	const { answer } = await faulted({ kind: 'http500' });
	expect(answer?.status).toBe(500);
	expect(answer?.headers['content-type']).toBe('text/html');
	expect(answer?.json).toBeUndefined();
});

test('nonJson answers 200 with HTML', async () => {
	const { answer } = await faulted({ kind: 'nonJson' });
	expect(answer?.status).toBe(200);
	expect(answer?.json).toBeUndefined();
});

test('noRetcode answers JSON without retcode', async () => {
	const { answer } = await faulted({ kind: 'noRetcode' });
	expect(answer?.json).toEqual({ message: 'ok', result: {} });
});

test('oversized answers a body of the requested size', async () => {
	const { answer } = await faulted({ kind: 'oversized', sizeBytes: 300_000 });
	expect(answer?.text.length).toBeGreaterThanOrEqual(299_000);
	expect(answer?.json?.retcode).toBe('0');
});

test('trickle spreads the body over the given time', async () => {
	const { answer, ms } = await faulted({ kind: 'trickle', delayMs: 400 });
	expect(ms).toBeGreaterThanOrEqual(300);
	expect(answer?.json?.retcode).toBe('0');
});

test('count and pathIncludes limit a fault to the requests meant', async () => {
	const agent = await sim.readyAgent();
	sim.injectFault({ kind: 'nonJson', count: 2, pathIncludes: '/agentstatus' });
	const status = `/agentgateway/resource/onlineagent/${agent.agentId}/agentstatus`;
	expect((await c.transfer(agent.agentId, agent.guid, { ...body, mode: 2 })).json?.retcode).toBe('0');
	expect((await c.call('GET', status, { guid: agent.guid })).json).toBeUndefined();
	expect((await c.call('GET', status, { guid: agent.guid })).json).toBeUndefined();
	expect((await c.call('GET', status, { guid: agent.guid })).json?.retcode).toBe('0');
});

test('the log never holds the Guid value', async () => {
	const agent = await sim.readyAgent();
	await c.transfer(agent.agentId, agent.guid, body);
	expect(JSON.stringify(sim.requests())).not.toContain(agent.guid);
	expect(sim.requests().some((r) => r.headers.guid === '<redacted>')).toBe(true);
});

test('the control surface is separate from the gateway paths and drives the same state', async () => {
	await c.call('POST', '/__sim/agents', { body: { agentId: '4500', password: 'pw' } });
	const ready = (await c.call('POST', '/__sim/ready', { body: { agentId: '4501' } })).json as unknown as { guid: string };
	expect(ready.guid).toMatch(/AgentGateway0$/);
	expect((await c.call('GET', '/__sim/agents/4501')).json).toEqual(expect.objectContaining({ signedIn: true }));
	await c.call('POST', '/__sim/faults', { body: { kind: 'noRetcode' } });
	expect((await c.transfer('4501', ready.guid, body)).json?.retcode).toBeUndefined();
	expect((await c.call('GET', '/__sim/ca')).text).toBe(sim.caPem);
	const log = (await c.call('GET', '/__sim/requests')).json as unknown as Array<{ path: string }>;
	expect(log.every((r) => !r.path.startsWith('/__sim/'))).toBe(true);
});
