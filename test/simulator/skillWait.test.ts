/**
 * skillwaitnum (cec_07_0410): the calls waiting in one skill queue, read with an agent's Guid; the
 * counts are set through the control surface. Expectations restated from docs/gateway.md.
 */
import { startSimulator, type Simulator } from './index';
import { GATEWAY, SimClient } from './client';

let sim: Simulator;
let c: SimClient;
beforeAll(async () => {
	sim = await startSimulator({ authMode: 'static', idleSignOutMs: 0, pollHoldMs: 20 });
	c = new SimClient(sim);
});
afterAll(async () => {
	await c.close();
	await sim.close();
});

const waitNum = (agentId: string, guid: string | undefined, skillId: string) =>
	c.call('GET', `${GATEWAY}/queuedevice/${agentId}/skillwaitnum/${skillId}`, { guid });

const control = async (method: string, path: string, body?: unknown) => {
	const answer = await c.call(method, path, body === undefined ? {} : { body });
	return { status: answer.status, value: answer.json as unknown as Record<string, unknown> };
};

test('every queue starts at 0; set counts come back as a bare number, per skill ID', async () => {
	const agent = await sim.readyAgent();
	expect((await waitNum(agent.agentId, agent.guid, '7')).json).toEqual({
		message: 'success',
		retcode: '0',
		result: 0,
	});
	sim.setWaitingCount(7, 4);
	sim.setWaitingCount('8', 1);
	expect((await waitNum(agent.agentId, agent.guid, '7')).json).toEqual({
		message: 'success',
		retcode: '0',
		result: 4,
	});
	expect((await waitNum(agent.agentId, agent.guid, '8')).json?.result).toBe(1);
	expect((await waitNum(agent.agentId, agent.guid, '9')).json?.result).toBe(0);
	expect(sim.waitingCount(7)).toBe(4);
	sim.setWaitingCount(7, 0);
	expect((await waitNum(agent.agentId, agent.guid, '7')).json?.result).toBe(0);
});

test('the control routes set and read a count; the gateway route answers it', async () => {
	const agent = await sim.readyAgent();
	expect(await control('POST', '/__sim/skills/21/waiting', { count: 6 })).toEqual({
		status: 200,
		value: { skillId: 21, waiting: 6 },
	});
	expect(await control('GET', '/__sim/skills/21/waiting')).toEqual({
		status: 200,
		value: { skillId: 21, waiting: 6 },
	});
	expect(await control('GET', '/__sim/skills/22/waiting')).toEqual({
		status: 200,
		value: { skillId: 22, waiting: 0 },
	});
	expect((await waitNum(agent.agentId, agent.guid, '21')).json?.result).toBe(6);
});

test.each([
	['/__sim/skills/0/waiting', { count: 1 }, 'skillId'],
	['/__sim/skills/abc/waiting', { count: 1 }, 'skillId'],
	['/__sim/skills/3/waiting', { count: -1 }, 'count'],
	['/__sim/skills/3/waiting', { count: 1.5 }, 'count'],
	['/__sim/skills/3/waiting', { count: '2' }, 'count'],
	['/__sim/skills/3/waiting', {}, 'count'],
])('POST %s %j → 400 naming %s', async (path, body, word) => {
	const answer = await control('POST', path, body);
	expect(answer.status).toBe(400);
	expect(String(answer.value.error)).toContain(word);
});

test.each(['abc', '0', '-1', '1.5', '1e3', '%20', '12345678901'])(
	'skill ID %j → 000-002 naming skillid',
	async (skillId) => {
		const agent = await sim.readyAgent();
		expect((await waitNum(agent.agentId, agent.guid, skillId)).json).toEqual({
			message: 'skillid must be a positive whole number',
			retcode: '000-002',
			result: {},
		});
	},
);

test('the agent checks come first: agentid 000-002, not signed in 100-006, wrong or missing Guid 000-003; wrong method 000-002', async () => {
	const agent = await sim.readyAgent();
	sim.setWaitingCount(5, 2);
	expect((await waitNum('12', agent.guid, '5')).json?.retcode).toBe('000-002');
	sim.createAgent('5201', 'pw');
	expect((await waitNum('5201', agent.guid, 'abc')).json?.retcode).toBe('100-006');
	expect((await waitNum(agent.agentId, 'not-the-guid', 'abc')).json?.retcode).toBe('000-003');
	expect((await waitNum(agent.agentId, undefined, '5')).json?.retcode).toBe('000-003');
	const post = await c.call('POST', `${GATEWAY}/queuedevice/${agent.agentId}/skillwaitnum/5`, {
		guid: agent.guid,
	});
	expect(post.json).toEqual({
		message: 'POST is not supported here; use GET',
		retcode: '000-002',
		result: {},
	});
	expect(
		(
			await c.call('GET', `${GATEWAY}/queuedevice/${agent.agentId}/skillwaitnum`, {
				guid: agent.guid,
			})
		).json?.retcode,
	).toBe('000-002');
});

test('read-only: recorded like every gateway request, no event taken, no Guid handed out, the call unchanged', async () => {
	const agent = await sim.readyAgent();
	const before = sim.agentState(agent.agentId);
	sim.clearRequests();
	const answer = await waitNum(agent.agentId, agent.guid, '5');
	expect(answer.headers['set-guid']).toBeUndefined();
	expect(sim.agentState(agent.agentId)).toEqual(before);
	const log = sim.requests();
	expect(log.map((r) => [r.method, r.path, r.retcode])).toEqual([
		['GET', `${GATEWAY}/queuedevice/${agent.agentId}/skillwaitnum/5`, '0'],
	]);
	expect(log[0].headers.guid).toBe('<redacted>');
});
