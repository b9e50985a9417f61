/**
 * The integration / inspector agent's side of the simulator: sign-in failures and the lock, an
 * empty password, the affinity cookie, queue figures, other agents, the supervisor actions and
 * their control routes.
 */
import { GATEWAY as A, SimClient, setGuid } from './client';
import { startSimulator, type Simulator } from './index';
import { ManualScheduler } from './scheduler';
import { LOCK_AFTER_FAILURES } from './supervisor';

let sim: Simulator;
let c: SimClient;
const time = new ManualScheduler();

beforeAll(async () => {
	sim = await startSimulator({
		authMode: 'static',
		idleSignOutMs: 0,
		pollHoldMs: 0,
		scheduler: time,
	});
	c = new SimClient(sim);
});
afterAll(async () => {
	await c.close();
	await sim.close();
});

const signIn = async (agentId: string, password: string) => {
	const answer = await c.signIn(agentId, { password, phonenum: '6001' });
	return { retcode: answer.json?.retcode, answer };
};

describe('sign-in of an integration agent', () => {
	test('an empty password is a valid one; the answer sets an affinity cookie', async () => {
		sim.createAgent('5001', '');
		const { retcode, answer } = await signIn('5001', '');
		expect(retcode).toBe('0');
		expect(setGuid(answer.headers)).toMatch(/AgentGateway0$/);
		expect(String(answer.headers['set-cookie'])).toMatch(/^SERVERID=gw0;/);
	});

	test(`wrong passwords answer 100-004; the ${LOCK_AFTER_FAILURES}rd in a row locks the account: 110-016 even with the right one`, async () => {
		sim.createAgent('5002', 'right');
		const answers: unknown[] = [];
		for (let i = 0; i < LOCK_AFTER_FAILURES; i++)
			answers.push((await signIn('5002', 'wrong')).retcode);
		answers.push((await signIn('5002', 'right')).retcode);
		expect(answers).toEqual(['100-004', '100-004', '100-004', '110-016']);
		sim.setAgentProfile('5002', { locked: false });
		expect((await signIn('5002', 'right')).retcode).toBe('0');
	});

	test('a good sign-in resets the count of failures', async () => {
		sim.createAgent('5003', 'right');
		expect((await signIn('5003', 'wrong')).retcode).toBe('100-004');
		expect((await signIn('5003', 'right')).retcode).toBe('0');
		await c.call('DELETE', `${A}/onlineagent/5003/logout`, { guid: sim.currentGuid('5003') });
		for (let i = 0; i < LOCK_AFTER_FAILURES - 1; i++)
			expect((await signIn('5003', 'wrong')).retcode).toBe('100-004');
		expect((await signIn('5003', 'right')).retcode).toBe('0');
	});
});

describe('queues and agents seen by the integration agent', () => {
	let guid: string;
	beforeAll(async () => {
		sim.createAgent('5100', 'pw');
		guid = await sim.signIn('5100', 'pw');
		for (const id of ['5101', '5102']) {
			sim.createAgent(id, 'pw');
			await sim.signIn(id, 'pw');
		}
		sim.setAgentProfile('5101', { skills: [2], name: 'Ana' });
		sim.setAgentProfile('5102', { skills: [2, 3] });
		sim.setAgentState('5102', 'rest');
		sim.setQueue(2, { waiting: 4, longestWaitSeconds: 95 });
	});

	test('queryacdstat: one object per asked queue, with waiting calls, longest wait, agents signed in and available', async () => {
		const answer = await c.call('POST', `${A}/queuedevice/5100/queryacdstat`, {
			guid,
			body: { skills: [2, 3] },
		});
		expect(answer.json?.retcode).toBe('0');
		const rows = answer.json?.result as Array<Record<string, unknown>>;
		expect(
			rows.map((r) => [r.deviceNo, r.queueSize, r.queueTime, r.loggedOnAgents, r.availAgents]),
		).toEqual([
			[2, 4, 95, 2, 1],
			[3, 0, 0, 1, 0],
		]);
		const tooMany = await c.call('POST', `${A}/queuedevice/5100/queryacdstat`, {
			guid,
			body: { skills: Array.from({ length: 101 }, (_, i) => i + 1) },
		});
		expect(tooMany.json?.retcode).toBe('000-002');
	});

	test('agentvdnskill lists the queues; agentbyworkno and agentbyskill describe agents', async () => {
		const skills = await c.call('GET', `${A}/queuedevice/5100/agentvdnskill`, { guid });
		expect((skills.json?.result as Array<{ id: number }>).map((q) => q.id)).toEqual([1, 2, 3]);
		const one = await c.call('GET', `${A}/agentgroup/5100/agentbyworkno/5101`, { guid });
		expect(one.json?.result).toEqual(
			expect.objectContaining({
				workno: '5101',
				name: 'Ana',
				status: 4,
				skilllist: [{ id: 2, name: 'Billing' }],
			}),
		);
		const inQueue = await c.call('GET', `${A}/agentgroup/5100/agentbyskill/2`, { guid });
		expect(
			(inQueue.json?.result as Array<{ workno: string; status: number }>).map((a) => [
				a.workno,
				a.status,
			]),
		).toEqual([
			['5101', 4],
			['5102', 8],
		]);
		const unknown = await c.call('GET', `${A}/agentgroup/5100/agentbyworkno/9999`, { guid });
		expect(unknown.json?.retcode).toBe('000-002');
	});

	test('supervisor actions need inspector rights (900-001), then set the state; a repeat answers 0 again', async () => {
		const idle = () => c.call('POST', `${A}/qualitycontrol/5100/forceidle/5102`, { guid });
		expect((await idle()).json?.retcode).toBe('900-001');
		expect(sim.agentState('5102').status).toBe(8);
		sim.setAgentProfile('5100', { inspector: true });
		expect((await idle()).json?.retcode).toBe('0');
		expect(sim.agentState('5102').status).toBe(4);
		expect((await idle()).json?.retcode).toBe('0');
		const rest = await c.call('POST', `${A}/qualitycontrol/5100/forcerest/5102/600/2`, { guid });
		expect(rest.json?.retcode).toBe('0');
		expect(sim.agentState('5102').status).toBe(8);
		const badRest = await c.call('POST', `${A}/qualitycontrol/5100/forcerest/5102/86400/2`, {
			guid,
		});
		expect(badRest.json?.retcode).toBe('000-002');
		const self = await c.call('POST', `${A}/qualitycontrol/5100/forcebusy/5100`, { guid });
		expect(self.json?.retcode).toBe('000-005');
		const skills = await c.call('POST', `${A}/qualitycontrol/5100/adjustskill`, {
			guid,
			body: { workNo: '5101', skills: [1, 3] },
		});
		expect(skills.json?.retcode).toBe('0');
		expect(sim.setAgentProfile('5101', {}).skills).toEqual([1, 3]);
		const out = () => c.call('POST', `${A}/qualitycontrol/5100/forcelogout/5101`, { guid });
		expect((await out()).json?.retcode).toBe('0');
		expect(sim.agentState('5101').signedIn).toBe(false);
		expect((await out()).json?.retcode).toBe('100-006');
		expect(sim.supervisorActions().map((a) => [a.action, a.workNo])).toEqual([
			['forceIdle', '5102'],
			['forceIdle', '5102'],
			['forceRest', '5102'],
			['setSkills', '5101'],
			['forceSignOut', '5101'],
		]);
	});

	test('control routes: queue figures, profiles, the action log', async () => {
		const post = async (path: string, body: unknown) =>
			(await c.call('POST', `/__sim/${path}`, { body })).json as unknown;
		expect(await post('queues/7', { waiting: 3, longestWaitSeconds: 130, name: 'VIP' })).toEqual(
			expect.objectContaining({ id: 7, name: 'VIP', waiting: 3, longestWaitSeconds: 130 }),
		);
		const queues = (await c.call('GET', '/__sim/queues')).json as unknown as Array<{ id: number }>;
		expect(queues.map((q) => q.id)).toContain(7);
		expect(await post('agents/5101/profile', { inspector: true })).toEqual(
			expect.objectContaining({ inspector: true }),
		);
		const bad = await c.call('POST', '/__sim/queues/7', { body: { waiting: -1 } });
		expect(bad.status).toBe(400);
		const actions = (await c.call('GET', '/__sim/supervisor/actions')).json as unknown as unknown[];
		expect(actions.length).toBeGreaterThanOrEqual(5);
	});
});
