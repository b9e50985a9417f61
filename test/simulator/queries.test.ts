/**
 * The read-only queries the node's workflows use to see where a call went: agentstatus (every
 * state), callinfo (with and without a call, the last call) and holdlist. Expectations restated
 * from docs/gateway.md, not imported from rules.ts.
 */
import { startSimulator, type Simulator } from './index';
import { SimClient } from './client';
import { ManualScheduler } from './scheduler';

let sim: Simulator;
let c: SimClient;
beforeAll(async () => {
	sim = await startSimulator({
		authMode: 'static',
		idleSignOutMs: 0,
		pollHoldMs: 0,
		ivrReturnMs: 10_000,
		scheduler: new ManualScheduler(),
	});
	c = new SimClient(sim);
});
afterAll(async () => {
	await c.close();
	await sim.close();
});

/** A signed-in agent without a call. */
async function freeAgent() {
	const agent = await sim.readyAgent();
	await c.release(agent.agentId, agent.guid);
	return agent;
}

async function drainTypes(agentId: string, guid: string): Promise<string[]> {
	const types: string[] = [];
	for (;;) {
		const event = (await c.poll(agentId, guid)).json?.event as { eventType: string } | null;
		if (!event) return types;
		types.push(event.eventType);
	}
}

const VENDOR_FIELDS = [
	'begintime',
	'called',
	'calldata',
	'caller',
	'callfeature',
	'callid',
	'callskill',
	'callskillid',
	'logontimes',
	'mediaAbility',
	'mediaType',
	'trace',
	'trunkNo',
	'userPriority',
	'waitTime',
].sort();

describe('agentstatus: {agentState, isWorking}', () => {
	test.each([
		['idle', 4, false],
		['busy', 3, true],
		['rest', 8, false],
		['wrapUp', 5, true],
	] as const)(
		'set %s → agentState %i, isWorking %s; the state event is queued',
		async (state, code, working) => {
			const agent = await freeAgent();
			await drainTypes(agent.agentId, agent.guid);
			sim.setAgentState(agent.agentId, state);
			const answer = await c.status(agent.agentId, agent.guid);
			expect(answer.json).toEqual({
				message: 'success',
				retcode: '0',
				result: { agentState: code, isWorking: working },
			});
			expect(sim.agentState(agent.agentId).status).toBe(code);
			expect(await drainTypes(agent.agentId, agent.guid)).toHaveLength(1);
		},
	);

	test('talking 7 (working), a call in an IVR flow 3, calls only on hold 7, signed out 2 (in agentState)', async () => {
		const agent = await sim.readyAgent();
		expect((await c.status(agent.agentId, agent.guid)).json?.result).toEqual({
			agentState: 7,
			isWorking: true,
		});
		await c.hold(agent.agentId, agent.guid);
		expect((await c.status(agent.agentId, agent.guid)).json?.result).toEqual({
			agentState: 7,
			isWorking: true,
		});
		const ivr = await sim.readyAgent();
		await c.transfer(ivr.agentId, ivr.guid, { devicetype: 3, mode: 1, address: '1000' });
		expect((await c.status(ivr.agentId, ivr.guid)).json?.result).toEqual({
			agentState: 3,
			isWorking: true,
		});
		sim.createAgent('5101', 'pw');
		expect(sim.agentState('5101').status).toBe(2);
	});

	test('the state set before a call comes back once the call is released; a new sign-in starts idle', async () => {
		const agent = await freeAgent();
		sim.setAgentState(agent.agentId, 'wrapUp');
		sim.placeCall(agent.agentId);
		expect((await c.status(agent.agentId, agent.guid)).json?.result).toEqual({
			agentState: 7,
			isWorking: true,
		});
		await c.release(agent.agentId, agent.guid);
		expect((await c.status(agent.agentId, agent.guid)).json?.result).toEqual({
			agentState: 5,
			isWorking: true,
		});
		const again = await sim.readyAgent({ agentId: agent.agentId });
		await c.release(agent.agentId, again.guid);
		expect((await c.status(agent.agentId, again.guid)).json?.result).toEqual({
			agentState: 4,
			isWorking: false,
		});
	});

	test('setAgentState refuses an agent with a call, one not signed in, and an unknown state', async () => {
		const agent = await sim.readyAgent();
		expect(() => sim.setAgentState(agent.agentId, 'busy')).toThrow('has a call');
		await c.hold(agent.agentId, agent.guid);
		expect(() => sim.setAgentState(agent.agentId, 'busy')).toThrow('has a call');
		sim.createAgent('5102', 'pw');
		expect(() => sim.setAgentState('5102', 'idle')).toThrow('not signed in');
		const free = await freeAgent();
		expect(() => sim.setAgentState(free.agentId, 'asleep' as 'idle')).toThrow(
			'state must be one of',
		);
		expect(sim.agentState(agent.agentId).status).toBe(7);
	});
});

describe('callinfo', () => {
	test('a current call: exactly the vendor fields', async () => {
		const agent = await sim.readyAgent();
		const call = sim.agentState(agent.agentId).call!;
		const result = (await c.callInfo(agent.agentId, agent.guid)).json?.result as Record<
			string,
			unknown
		>;
		expect(Object.keys(result).sort()).toEqual(VENDOR_FIELDS);
		expect(result).toEqual(
			expect.objectContaining({
				callid: call.callid,
				callfeature: 0,
				caller: '13800000001',
				called: '4001',
				callskillid: 1,
				mediaAbility: 0,
				trace: null,
			}),
		);
		expect(typeof result.begintime).toBe('number');
	});

	test('no call → retcode 0, result {}; isNoContainLastCall=true the same; =false the last call in the same shape', async () => {
		const agent = await sim.readyAgent();
		const callid = sim.agentState(agent.agentId).call!.callid;
		await c.transfer(agent.agentId, agent.guid, { devicetype: 1, mode: 0, address: '3' });
		expect((await c.callInfo(agent.agentId, agent.guid)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: {},
		});
		expect(
			(await c.callInfo(agent.agentId, agent.guid, 'isNoContainLastCall=true')).json?.result,
		).toEqual({});
		const last = (await c.callInfo(agent.agentId, agent.guid, 'isNoContainLastCall=false')).json
			?.result as Record<string, unknown>;
		expect(Object.keys(last).sort()).toEqual(VENDOR_FIELDS);
		expect(last.callid).toBe(callid);
		// Only agentstatus tells a last call from a current one.
		expect((await c.status(agent.agentId, agent.guid)).json?.result).toEqual({
			agentState: 4,
			isWorking: false,
		});
	});

	test('with a current call isNoContainLastCall=false still gives the current call; a fresh sign-in has no last call', async () => {
		const agent = await sim.readyAgent();
		const first = sim.agentState(agent.agentId).call!.callid;
		await c.release(agent.agentId, agent.guid);
		const second = sim.placeCall(agent.agentId);
		expect(
			(
				(await c.callInfo(agent.agentId, agent.guid, 'isNoContainLastCall=false')).json?.result as {
					callid: string;
				}
			).callid,
		).toBe(second);
		await c.release(agent.agentId, agent.guid);
		expect(
			(
				(await c.callInfo(agent.agentId, agent.guid, 'isNoContainLastCall=false')).json?.result as {
					callid: string;
				}
			).callid,
		).toBe(second);
		expect(first).not.toBe(second);
		sim.createAgent('5103', 'pw');
		const guid = await sim.signIn('5103', 'pw');
		expect((await c.callInfo('5103', guid, 'isNoContainLastCall=false')).json?.result).toEqual({});
	});

	test.each([
		'isNoContainLastCall=yes',
		'isNoContainLastCall=',
		'isNoContainLastCall=TRUE',
		'isNoContainLastCall=1',
	])('%s → 000-002 naming the parameter', async (query) => {
		const agent = await sim.readyAgent();
		const answer = await c.callInfo(agent.agentId, agent.guid, query);
		expect(answer.json).toEqual({
			message: 'isNoContainLastCall must be true or false',
			retcode: '000-002',
			result: {},
		});
	});

	test('a held call is not the current call: callinfo {} while holdlist lists it', async () => {
		const agent = await sim.readyAgent();
		const callid = sim.agentState(agent.agentId).call!.callid;
		await c.hold(agent.agentId, agent.guid);
		expect((await c.callInfo(agent.agentId, agent.guid)).json?.result).toEqual({});
		const list = (await c.holdList(agent.agentId, agent.guid)).json?.result as Array<
			Record<string, unknown>
		>;
		expect(list.map((h) => h.callid)).toEqual([callid]);
		expect(Object.keys(list[0]).sort()).toEqual(VENDOR_FIELDS);
	});

	test('queries change nothing: callinfo, holdlist and agentstatus take no event and hand out no Guid', async () => {
		const agent = await sim.readyAgent();
		await c.hold(agent.agentId, agent.guid);
		const before = sim.agentState(agent.agentId);
		expect(before.queuedEvents).toBe(1);
		for (const answer of [
			await c.callInfo(agent.agentId, agent.guid, 'isNoContainLastCall=false'),
			await c.holdList(agent.agentId, agent.guid),
			await c.status(agent.agentId, agent.guid),
		]) {
			expect(answer.json?.retcode).toBe('0');
			expect(answer.headers['set-guid']).toBeUndefined();
		}
		expect(sim.agentState(agent.agentId)).toEqual(before);
	});
});

describe('holdlist', () => {
	test('empty → []; two held calls, oldest first; sim.holdList agrees', async () => {
		const agent = await sim.readyAgent();
		expect((await c.holdList(agent.agentId, agent.guid)).json).toEqual({
			message: 'success',
			retcode: '0',
			result: [],
		});
		const first = sim.agentState(agent.agentId).call!.callid;
		await c.hold(agent.agentId, agent.guid);
		const second = sim.placeCall(agent.agentId, { direction: 'outbound' });
		await c.hold(agent.agentId, agent.guid);
		const list = (await c.holdList(agent.agentId, agent.guid)).json?.result as Array<{
			callid: string;
			callfeature: number;
		}>;
		expect(list.map((h) => [h.callid, h.callfeature])).toEqual([
			[first, 0],
			[second, 7],
		]);
		expect(sim.holdList(agent.agentId)).toEqual([first, second]);
		expect(sim.agentState(agent.agentId).held.map((h) => h.state)).toEqual(['held', 'held']);
	});
});
