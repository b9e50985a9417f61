/**
 * The simulator's transfer rules, walked as a table: every devicetype × every mode under both rule
 * sets, and the edges of every limit. The expectations are written here from transfer-rules.md, so
 * removing or loosening a rule in the simulator fails a case.
 */
import { startSimulator, type Simulator } from './index';
import { SimClient } from './client';

let sim: Simulator;
let ext: Simulator;
let client: SimClient;
let extClient: SimClient;

beforeAll(async () => {
	[sim, ext] = await Promise.all([startSimulator({ authMode: 'static' }), startSimulator({ authMode: 'static', ruleSet: 'extended' })]);
	client = new SimClient(sim);
	extClient = new SimClient(ext);
});
afterAll(async () => {
	await Promise.all([client.close(), extClient.close()]);
	await Promise.all([sim.close(), ext.close()]);
});

/** From transfer-rules.md: "mode by devicetype (any other pair is invalid)". */
const VALID_PAIRS = {
	documented: ['1:0', '1:2', '2:0', '2:2', '3:0', '3:1', '4:0', '4:2', '5:1', '5:2', '5:3', '5:4'],
	extended: ['1:0', '1:2', '2:0', '2:2', '2:3', '3:0', '3:1', '4:0', '4:2', '5:1', '5:2', '5:3', '5:4'],
};

const pairs: Array<['documented' | 'extended', number, number]> = [];
for (const rules of ['documented', 'extended'] as const) {
	for (let d = 0; d <= 6; d++) for (let m = 0; m <= 4; m++) pairs.push([rules, d, m]);
}

async function inCall(target: Simulator, call?: { direction?: 'inbound' | 'outbound'; media?: 'voice' | 'video' }) {
	return target.readyAgent({ call });
}

describe('devicetype × mode', () => {
	test.each(pairs)('%s rules: devicetype %i, mode %i', async (rules, devicetype, mode) => {
		const target = rules === 'documented' ? sim : ext;
		const c = rules === 'documented' ? client : extClient;
		const agent = await inCall(target);
		const answer = await c.transfer(agent.agentId, agent.guid, { devicetype, mode, address: devicetype === 5 ? '88880001' : '1001' });
		const valid = VALID_PAIRS[rules].includes(`${devicetype}:${mode}`);
		expect(answer.status).toBe(200);
		expect(answer.json?.retcode).toBe(valid ? '0' : '000-002');
		if (!valid) expect(answer.json?.message).toMatch(/devicetype|mode/);
		// a refused transfer leaves the call where it was
		if (!valid) expect(target.agentState(agent.agentId).call).not.toBeNull();
	});

	test('numeric strings are accepted for devicetype and mode', async () => {
		const agent = await inCall(sim);
		expect((await client.transfer(agent.agentId, agent.guid, { devicetype: '5', mode: '4', address: '8888' })).json?.retcode).toBe('0');
	});
});

// Every row has all five columns: jest hands a shorter row's missing argument a `done` callback.
type Case = [string, 'documented' | 'extended', Record<string, unknown>, string, string];
const base = { devicetype: 1, mode: 0, address: '1001' };
const ext5 = { devicetype: 5, mode: 2, address: '88880001' };

const LIMITS: Case[] = [
	['address 24 characters', 'documented', { ...base, address: 'a'.repeat(24) }, '0', ''],
	['address 25 characters', 'documented', { ...base, address: 'a'.repeat(25) }, '000-002', 'address'],
	['address empty', 'documented', { ...base, address: '' }, '000-002', 'address'],
	['address missing', 'documented', { devicetype: 1, mode: 0 }, '000-002', 'address'],
	['address a number', 'documented', { ...base, address: 1001 }, '000-002', 'address'],
	['external number with letters', 'documented', { ...ext5, address: '8888A' }, '000-002', 'address'],
	['external number with A-E * # (extended)', 'extended', { ...ext5, address: '12AB*#' }, '0', ''],
	['external number with F (extended)', 'extended', { ...ext5, address: '12F' }, '000-002', 'address'],
	['callappdata 16384 bytes', 'documented', { ...base, callappdata: 'x'.repeat(16384) }, '0', ''],
	['callappdata 16385 bytes', 'documented', { ...base, callappdata: 'x'.repeat(16385) }, '000-002', 'callappdata'],
	['callappdata 8192 two-byte characters (16384 bytes)', 'documented', { ...base, callappdata: 'é'.repeat(8192) }, '0', ''],
	['callappdata 8193 two-byte characters (16386 bytes)', 'documented', { ...base, callappdata: 'é'.repeat(8193) }, '000-002', 'callappdata'],
	['callappdata empty', 'documented', { ...base, callappdata: '' }, '0', ''],
	['callappdata not a string', 'documented', { ...base, callappdata: 5 }, '000-002', 'callappdata'],
	['caller 24 digits', 'documented', { ...ext5, caller: '1'.repeat(24) }, '0', ''],
	['caller 25 digits', 'documented', { ...ext5, caller: '1'.repeat(25) }, '000-002', 'caller'],
	['caller empty', 'documented', { ...ext5, caller: '' }, '0', ''],
	['caller with a letter', 'documented', { ...ext5, caller: '4004a' }, '000-002', 'caller'],
	['caller with * (extended)', 'extended', { ...ext5, caller: '*4004' }, '0', ''],
	['mediaability 0', 'documented', { ...ext5, mediaability: 0 }, '0', ''],
	['mediaability 2', 'documented', { ...ext5, mediaability: 2 }, '0', ''],
	['mediaability 3', 'documented', { ...ext5, mediaability: 3 }, '000-002', 'mediaability'],
	['mediaability -1', 'documented', { ...ext5, mediaability: -1 }, '000-002', 'mediaability'],
	['holdflag true', 'documented', { ...ext5, mode: 4, holdflag: true }, '0', ''],
	['holdflag "true" (the page\'s own example)', 'documented', { ...ext5, mode: 4, holdflag: 'true' }, '0', ''],
	['holdflag 1', 'documented', { ...ext5, mode: 4, holdflag: 1 }, '000-002', 'holdflag'],
	['holdflag "yes"', 'documented', { ...ext5, mode: 4, holdflag: 'yes' }, '000-002', 'holdflag'],
	['skillId for an agent', 'documented', { devicetype: 2, mode: 2, address: '49998', skillId: 7 }, '0', ''],
	['skillId for a skill queue', 'documented', { ...base, skillId: 7 }, '000-002', 'skillId'],
	['skillId not an integer', 'documented', { devicetype: 2, mode: 2, address: '49998', skillId: 'seven' }, '000-002', 'skillId'],
	['devicetype missing', 'documented', { mode: 0, address: '1' }, '000-002', 'devicetype'],
	['devicetype 1.5', 'documented', { ...base, devicetype: 1.5 }, '000-002', 'devicetype'],
	['mode "x"', 'documented', { ...base, mode: 'x' }, '000-002', 'mode'],
	['the vendor page example (devicetype 2, mode 3, holdflag "true")', 'documented', { devicetype: 2, mode: 3, address: '49998', callappdata: '', caller: '40040', mediaability: 0, holdflag: 'true' }, '000-002', 'mode'],
	['the vendor page example under the extended rules', 'extended', { devicetype: 2, mode: 3, address: '49998', callappdata: '', caller: '40040', mediaability: 0, holdflag: 'true' }, '0', ''],
];

describe('limits at their edges', () => {
	test.each(LIMITS)('%s', async (_name, rules, body, retcode, field) => {
		const target = rules === 'documented' ? sim : ext;
		const c = rules === 'documented' ? client : extClient;
		const agent = await inCall(target);
		const answer = await c.transfer(agent.agentId, agent.guid, body);
		expect(answer.json?.retcode).toBe(retcode);
		if (field) expect(answer.json?.message).toContain(field);
	});
});

describe('agentid in the path', () => {
	test.each([
		['100', 'documented', '000-002'],
		['101', 'documented', '100-006'],
		['59999', 'documented', '100-006'],
		['60000', 'documented', '000-002'],
		['999999', 'extended', '100-006'],
		['1000000', 'extended', '000-002'],
		['1e3', 'documented', '000-002'],
		['1%2F2', 'documented', '000-002'],
		['abc', 'documented', '000-002'],
	] as const)('agentid %s (%s rules) → %s', async (agentId, rules, retcode) => {
		const c = rules === 'documented' ? client : extClient;
		// no agent is signed in under these IDs: a valid ID gets "not signed in", an invalid one 000-002
		expect((await c.transfer(agentId, 'x', base)).json?.retcode).toBe(retcode);
	});
});

describe('call preconditions', () => {
	test('no call → 200-012', async () => {
		sim.createAgent('30001', 'pw');
		const guid = await sim.signIn('30001', 'pw');
		expect((await client.transfer('30001', guid, base)).json?.retcode).toBe('200-012');
	});

	test.each([
		['outbound voice, blind to an external number', { direction: 'outbound', media: 'voice' }, 1, '100-007'],
		['inbound video, blind to an external number', { direction: 'inbound', media: 'video' }, 1, '100-007'],
		['outbound voice, release-after-transfer to an external number', { direction: 'outbound', media: 'voice' }, 2, '0'],
		['inbound voice, blind to an external number', { direction: 'inbound', media: 'voice' }, 1, '0'],
	] as const)('%s → %s', async (_name, call, mode, retcode) => {
		const agent = await inCall(sim, call);
		const answer = await client.transfer(agent.agentId, agent.guid, { devicetype: 5, mode, address: '88880001' });
		expect(answer.json?.retcode).toBe(retcode);
		expect(sim.agentState(agent.agentId).call === null).toBe(retcode === '0');
	});

	test('wrong Guid → 000-003, not signed in → 100-006, body not JSON → 000-002', async () => {
		const agent = await inCall(sim);
		expect((await client.transfer(agent.agentId, 'nope', base)).json?.retcode).toBe('000-003');
		expect((await client.transfer(agent.agentId, undefined, base)).json?.retcode).toBe('000-003');
		expect((await client.call('POST', `/agentgateway/resource/voicecall/${agent.agentId}/transfer`, { guid: agent.guid, rawBody: '{nope' })).json?.retcode).toBe('000-002');
		sim.createAgent('30002', 'pw');
		expect((await client.transfer('30002', agent.guid, base)).json?.retcode).toBe('100-006');
	});

	test('the Guid header name is case-insensitive', async () => {
		const agent = await inCall(sim);
		const answer = await client.call('POST', `/agentgateway/resource/voicecall/${agent.agentId}/transfer`, {
			headers: { GUID: agent.guid, 'content-type': 'application/json; charset=UTF-8' },
			rawBody: JSON.stringify(base),
		});
		expect(answer.json?.retcode).toBe('0');
	});
});
