/**
 * The simulator's transfer rules walked as tables: every devicetype (0 to 6) × every mode (0 to 4)
 * under both rule sets, the edges of every limit, the order of checks and the call preconditions.
 * The expectations are restated here from docs/gateway.md (this file does not import rules.ts),
 * so removing or loosening a rule in the simulator fails a case.
 */
import { startSimulator, type Simulator } from './index';
import { SimClient, GATEWAY } from './client';

type Rules = 'documented' | 'extended';
const sims = {} as Record<Rules, Simulator>;
const clients = {} as Record<Rules, SimClient>;

beforeAll(async () => {
	[sims.documented, sims.extended] = await Promise.all([
		startSimulator({ authMode: 'static', idleSignOutMs: 0 }),
		startSimulator({ authMode: 'static', idleSignOutMs: 0, ruleSet: 'extended' }),
	]);
	clients.documented = new SimClient(sims.documented);
	clients.extended = new SimClient(sims.extended);
});
afterAll(async () => {
	await Promise.all([clients.documented.close(), clients.extended.close()]);
	await Promise.all([sims.documented.close(), sims.extended.close()]);
});

/** docs/gateway.md, "Modes per target (any other pair is invalid)"; extended adds 2:3. */
const VALID_PAIRS: Record<Rules, string[]> = {
	documented: ['1:0', '1:2', '2:0', '2:2', '3:0', '3:1', '4:0', '4:2', '5:1', '5:2', '5:3', '5:4'],
	extended: [
		'1:0',
		'1:2',
		'2:0',
		'2:2',
		'2:3',
		'3:0',
		'3:1',
		'4:0',
		'4:2',
		'5:1',
		'5:2',
		'5:3',
		'5:4',
	],
};
const addressFor = (devicetype: number) => (devicetype === 5 ? '88880001' : '1001');

/** A transfer by a fresh agent in an inbound voice call (unless `call` says otherwise). */
async function transfer(
	rules: Rules,
	body: unknown,
	call?: { direction?: 'inbound' | 'outbound'; media?: 'voice' | 'video' },
) {
	const agent = await sims[rules].readyAgent({ call });
	const answer = await clients[rules].transfer(agent.agentId, agent.guid, body);
	return { agent, answer, after: sims[rules].agentState(agent.agentId) };
}

describe('devicetype × mode', () => {
	const grid: Array<[Rules, number, number, boolean]> = [];
	for (const rules of ['documented', 'extended'] as const) {
		for (let d = 0; d <= 6; d++)
			for (let m = 0; m <= 4; m++)
				grid.push([rules, d, m, VALID_PAIRS[rules].includes(`${d}:${m}`)]);
	}

	test.each(grid)(
		'%s rules: devicetype %i, mode %i → valid %s',
		async (rules, devicetype, mode, valid) => {
			const { answer, after } = await transfer(rules, {
				devicetype,
				mode,
				address: addressFor(devicetype),
			});
			expect(answer.status).toBe(200);
			expect(answer.headers['content-type']).toBe('application/json;charset=UTF-8');
			expect(answer.json?.retcode).toBe(valid ? '0' : '000-002');
			if (valid) {
				expect(answer.json).toEqual({ result: {}, message: 'success', retcode: '0' });
			} else {
				expect(answer.json?.message).toMatch(
					devicetype >= 1 && devicetype <= 5
						? `mode ${mode} is not valid for devicetype ${devicetype}`
						: `devicetype ${devicetype}`,
				);
				expect(after.call?.state).toBe('talking'); // a refused transfer leaves the call where it was
			}
		},
	);

	const stringPairs: Array<[Rules, string]> = (['documented', 'extended'] as const).flatMap((r) =>
		VALID_PAIRS[r].map((p): [Rules, string] => [r, p]),
	);
	test.each(stringPairs)('%s rules: %s as numeric strings is accepted', async (rules, pair) => {
		const [devicetype, mode] = pair.split(':');
		const { answer } = await transfer(rules, {
			devicetype,
			mode,
			address: addressFor(Number(devicetype)),
		});
		expect(answer.json?.retcode).toBe('0');
	});
});

// Every row has all five columns: jest hands a shorter row's missing argument a `done` callback.
type Case = [
	name: string,
	rules: Rules,
	body: Record<string, unknown>,
	retcode: string,
	field: string,
];
const queue = { devicetype: 1, mode: 0, address: '1001' };
const external = { devicetype: 5, mode: 2, address: '88880001' };
const toAgent = { devicetype: 2, mode: 2, address: '49998' };
const vendorExample = {
	devicetype: 2,
	mode: 3,
	address: '49998',
	callappdata: '',
	caller: '40040',
	mediaability: 0,
	holdflag: 'true',
};

const LIMITS: Case[] = [
	// devicetype and mode: integers or numeric strings
	['devicetype missing', 'documented', { mode: 0, address: '1001' }, '000-002', 'devicetype'],
	['devicetype null', 'documented', { ...queue, devicetype: null }, '000-002', 'devicetype'],
	['devicetype 1.5', 'documented', { ...queue, devicetype: 1.5 }, '000-002', 'devicetype'],
	['devicetype true', 'documented', { ...queue, devicetype: true }, '000-002', 'devicetype'],
	['devicetype "1.0"', 'documented', { ...queue, devicetype: '1.0' }, '000-002', 'devicetype'],
	['devicetype " 1"', 'documented', { ...queue, devicetype: ' 1' }, '000-002', 'devicetype'],
	['devicetype ""', 'documented', { ...queue, devicetype: '' }, '000-002', 'devicetype'],
	['devicetype -1', 'documented', { ...queue, devicetype: -1 }, '000-002', 'devicetype'],
	['mode missing', 'documented', { devicetype: 1, address: '1001' }, '000-002', 'mode'],
	['mode "x"', 'documented', { ...queue, mode: 'x' }, '000-002', 'mode'],
	['mode 2.5', 'documented', { ...queue, mode: 2.5 }, '000-002', 'mode'],
	['mode "2"', 'documented', { ...queue, mode: '2' }, '0', ''],
	// address: required, a non-empty string of at most 24 characters
	['address 24 characters', 'documented', { ...queue, address: 'a'.repeat(24) }, '0', ''],
	[
		'address 25 characters',
		'documented',
		{ ...queue, address: 'a'.repeat(25) },
		'000-002',
		'address',
	],
	['address 24 two-byte characters', 'documented', { ...queue, address: 'é'.repeat(24) }, '0', ''],
	[
		'address 25 two-byte characters',
		'documented',
		{ ...queue, address: 'é'.repeat(25) },
		'000-002',
		'address',
	],
	[
		'address 24 emoji (counted as characters, not UTF-16 units)',
		'documented',
		{ ...queue, address: '📞'.repeat(24) },
		'0',
		'',
	],
	['address 1 character', 'documented', { ...queue, address: '7' }, '0', ''],
	['address empty', 'documented', { ...queue, address: '' }, '000-002', 'address'],
	['address missing', 'documented', { devicetype: 1, mode: 0 }, '000-002', 'address'],
	['address null', 'documented', { ...queue, address: null }, '000-002', 'address'],
	['address a number', 'documented', { ...queue, address: 1001 }, '000-002', 'address'],
	['external number 24 digits', 'documented', { ...external, address: '1'.repeat(24) }, '0', ''],
	[
		'external number 25 digits',
		'documented',
		{ ...external, address: '1'.repeat(25) },
		'000-002',
		'address',
	],
	[
		'external number with a letter',
		'documented',
		{ ...external, address: '8888A' },
		'000-002',
		'address',
	],
	[
		'external number with +',
		'documented',
		{ ...external, address: '+8688880001' },
		'000-002',
		'address',
	],
	[
		'external number with * (documented)',
		'documented',
		{ ...external, address: '*88' },
		'000-002',
		'address',
	],
	[
		'external number with A-E * # (extended)',
		'extended',
		{ ...external, address: '12ABCDE*#' },
		'0',
		'',
	],
	[
		'external number with F (extended)',
		'extended',
		{ ...external, address: '12F' },
		'000-002',
		'address',
	],
	[
		'external number with lower-case a (extended)',
		'extended',
		{ ...external, address: '12a' },
		'000-002',
		'address',
	],
	[
		'letters in a skill queue address are not an external number',
		'documented',
		{ ...queue, address: 'Q-sales' },
		'0',
		'',
	],
	// callappdata: a string of at most 16 KB (16384 bytes of UTF-8)
	['callappdata 16384 bytes', 'documented', { ...queue, callappdata: 'x'.repeat(16384) }, '0', ''],
	[
		'callappdata 16385 bytes',
		'documented',
		{ ...queue, callappdata: 'x'.repeat(16385) },
		'000-002',
		'callappdata',
	],
	[
		'callappdata 8192 two-byte characters (16384 bytes)',
		'documented',
		{ ...queue, callappdata: 'é'.repeat(8192) },
		'0',
		'',
	],
	[
		'callappdata 8193 two-byte characters (16386 bytes)',
		'documented',
		{ ...queue, callappdata: 'é'.repeat(8193) },
		'000-002',
		'callappdata',
	],
	[
		'callappdata 5461 three-byte characters + 1 (16384 bytes)',
		'documented',
		{ ...queue, callappdata: '€'.repeat(5461) + 'x' },
		'0',
		'',
	],
	[
		'callappdata 5461 three-byte characters + 2 (16385 bytes)',
		'documented',
		{ ...queue, callappdata: '€'.repeat(5461) + 'xx' },
		'000-002',
		'callappdata',
	],
	[
		'callappdata 4096 four-byte characters (16384 bytes, 8192 UTF-16 units)',
		'documented',
		{ ...queue, callappdata: '😀'.repeat(4096) },
		'0',
		'',
	],
	[
		'callappdata 4096 four-byte characters + 1 (16385 bytes)',
		'documented',
		{ ...queue, callappdata: '😀'.repeat(4096) + 'x' },
		'000-002',
		'callappdata',
	],
	['callappdata empty', 'documented', { ...queue, callappdata: '' }, '0', ''],
	['callappdata null', 'documented', { ...queue, callappdata: null }, '0', ''],
	[
		'callappdata not a string',
		'documented',
		{ ...queue, callappdata: 5 },
		'000-002',
		'callappdata',
	],
	[
		'callappdata an object',
		'documented',
		{ ...queue, callappdata: { a: 1 } },
		'000-002',
		'callappdata',
	],
	// caller: 0 to 24 digits (extended: also A-E * #)
	['caller 24 digits', 'documented', { ...external, caller: '1'.repeat(24) }, '0', ''],
	['caller 25 digits', 'documented', { ...external, caller: '1'.repeat(25) }, '000-002', 'caller'],
	['caller empty (platform default)', 'documented', { ...external, caller: '' }, '0', ''],
	['caller with a letter', 'documented', { ...external, caller: '4004a' }, '000-002', 'caller'],
	['caller with a space', 'documented', { ...external, caller: '4004 1' }, '000-002', 'caller'],
	['caller with +', 'documented', { ...external, caller: '+4004' }, '000-002', 'caller'],
	['caller a number', 'documented', { ...external, caller: 4004 }, '000-002', 'caller'],
	[
		'caller with * (documented)',
		'documented',
		{ ...external, caller: '*4004' },
		'000-002',
		'caller',
	],
	['caller with * and A (extended)', 'extended', { ...external, caller: '*4004A' }, '0', ''],
	['caller with F (extended)', 'extended', { ...external, caller: '4004F' }, '000-002', 'caller'],
	[
		'caller 25 characters (extended)',
		'extended',
		{ ...external, caller: '#'.repeat(25) },
		'000-002',
		'caller',
	],
	[
		'caller with a blind transfer (accepted, not carried)',
		'documented',
		{ ...external, mode: 1, caller: '4004' },
		'0',
		'',
	],
	[
		'caller with a skill queue (accepted, not meaningful)',
		'documented',
		{ ...queue, caller: '4004' },
		'0',
		'',
	],
	// mediaability: 0, 1 or 2
	['mediaability 0', 'documented', { ...external, mediaability: 0 }, '0', ''],
	['mediaability 1', 'documented', { ...external, mediaability: 1 }, '0', ''],
	['mediaability 2', 'documented', { ...external, mediaability: 2 }, '0', ''],
	['mediaability "1" (numeric string)', 'documented', { ...external, mediaability: '1' }, '0', ''],
	['mediaability 3', 'documented', { ...external, mediaability: 3 }, '000-002', 'mediaability'],
	['mediaability -1', 'documented', { ...external, mediaability: -1 }, '000-002', 'mediaability'],
	['mediaability 1.5', 'documented', { ...external, mediaability: 1.5 }, '000-002', 'mediaability'],
	[
		'mediaability "video"',
		'documented',
		{ ...external, mediaability: 'video' },
		'000-002',
		'mediaability',
	],
	// holdflag: boolean (and the strings "true" / "false", as the page's own example sends)
	['holdflag true', 'documented', { ...external, mode: 4, holdflag: true }, '0', ''],
	['holdflag false', 'documented', { ...external, mode: 4, holdflag: false }, '0', ''],
	[
		'holdflag "true" (the page\'s own example)',
		'documented',
		{ ...external, mode: 4, holdflag: 'true' },
		'0',
		'',
	],
	['holdflag "false"', 'documented', { ...external, mode: 4, holdflag: 'false' }, '0', ''],
	[
		'holdflag "TRUE"',
		'documented',
		{ ...external, mode: 4, holdflag: 'TRUE' },
		'000-002',
		'holdflag',
	],
	['holdflag 1', 'documented', { ...external, mode: 4, holdflag: 1 }, '000-002', 'holdflag'],
	['holdflag 0', 'documented', { ...external, mode: 4, holdflag: 0 }, '000-002', 'holdflag'],
	[
		'holdflag "yes"',
		'documented',
		{ ...external, mode: 4, holdflag: 'yes' },
		'000-002',
		'holdflag',
	],
	[
		'holdflag an object',
		'documented',
		{ ...external, mode: 4, holdflag: {} },
		'000-002',
		'holdflag',
	],
	// skillId: an integer, only with devicetype 2
	['skillId with devicetype 2', 'documented', { ...toAgent, skillId: 7 }, '0', ''],
	['skillId "7" with devicetype 2', 'documented', { ...toAgent, skillId: '7' }, '0', ''],
	['skillId with devicetype 1', 'documented', { ...queue, skillId: 7 }, '000-002', 'skillId'],
	[
		'skillId with devicetype 3',
		'documented',
		{ devicetype: 3, mode: 0, address: '1000', skillId: 7 },
		'000-002',
		'skillId',
	],
	[
		'skillId with devicetype 4',
		'documented',
		{ devicetype: 4, mode: 0, address: '1000', skillId: 7 },
		'000-002',
		'skillId',
	],
	['skillId with devicetype 5', 'documented', { ...external, skillId: 7 }, '000-002', 'skillId'],
	['skillId 7.5', 'documented', { ...toAgent, skillId: 7.5 }, '000-002', 'skillId'],
	['skillId "seven"', 'documented', { ...toAgent, skillId: 'seven' }, '000-002', 'skillId'],
	['skillId null with devicetype 1 (absent)', 'documented', { ...queue, skillId: null }, '0', ''],
	// the body as a whole
	['unknown fields are ignored', 'documented', { ...queue, colour: 'blue' }, '0', ''],
	[
		'the vendor page example (devicetype 2, mode 3, holdflag "true")',
		'documented',
		vendorExample,
		'000-002',
		'mode 3 is not valid for devicetype 2',
	],
	['the vendor page example under the extended rules', 'extended', vendorExample, '0', ''],
];

describe('limits at their edges', () => {
	test.each(LIMITS)('%s (%s) → %s', async (_name, rules, body, retcode, field) => {
		const { answer, after } = await transfer(rules, body);
		expect(answer.json?.retcode).toBe(retcode);
		if (field) expect(answer.json?.message).toContain(field);
		expect(after.call === null).toBe(retcode === '0' && body.mode !== 4);
	});

	test.each([
		['an array', '[1,2]'],
		['a string', '"devicetype"'],
		['null', 'null'],
		['not JSON', '{devicetype: 1'],
		['empty', ''],
	])('a body that is %s → 000-002', async (_name, rawBody) => {
		const agent = await sims.documented.readyAgent();
		const answer = await clients.documented.call(
			'POST',
			`${GATEWAY}/voicecall/${agent.agentId}/transfer`,
			{
				guid: agent.guid,
				rawBody,
				headers: { 'content-type': 'application/json; charset=UTF-8' },
			},
		);
		expect(answer.json?.retcode).toBe('000-002');
		expect(sims.documented.agentState(agent.agentId).call).not.toBeNull();
	});
});

describe('Content-Type and encoding', () => {
	test.each([
		['application/json; charset=UTF-8', '0'],
		['application/json', '0'],
		['Application/JSON; Charset="utf-8"', '0'],
		['application/json; charset=ISO-8859-1', '000-002'],
		['text/plain', '000-002'],
		['application/x-www-form-urlencoded', '000-002'],
		['', '000-002'],
	])('Content-Type %j → %s', async (type, retcode) => {
		const agent = await sims.documented.readyAgent();
		const answer = await clients.documented.call(
			'POST',
			`${GATEWAY}/voicecall/${agent.agentId}/transfer`,
			{
				guid: agent.guid,
				rawBody: JSON.stringify(queue),
				headers: type ? { 'content-type': type } : {},
			},
		);
		expect(answer.json?.retcode).toBe(retcode);
	});

	test('a body that is not valid UTF-8 → 000-002', async () => {
		const agent = await sims.documented.readyAgent();
		const bytes = Buffer.concat([
			Buffer.from('{"devicetype":1,"mode":0,"address":"10'),
			Buffer.from([0xff, 0xfe]),
			Buffer.from('"}'),
		]);
		const answer = await clients.documented.call(
			'POST',
			`${GATEWAY}/voicecall/${agent.agentId}/transfer`,
			{
				guid: agent.guid,
				rawBody: bytes,
				headers: { 'content-type': 'application/json; charset=UTF-8' },
			},
		);
		expect(answer.json).toEqual(
			expect.objectContaining({ retcode: '000-002', message: expect.stringContaining('UTF-8') }),
		);
	});

	test('a body over 1 MiB → 000-002', async () => {
		const agent = await sims.documented.readyAgent();
		const answer = await clients.documented.transfer(agent.agentId, agent.guid, {
			...queue,
			callappdata: 'x'.repeat(1024 * 1024),
		});
		expect(answer.json?.retcode).toBe('000-002');
	});
});

describe('agentid in the path', () => {
	// No agent is signed in under these IDs: an ID in range gets "not signed in", one out of range 000-002.
	test.each([
		['100', 'documented', '000-002'],
		['101', 'documented', '100-006'],
		['59999', 'documented', '100-006'],
		['60000', 'documented', '000-002'],
		['999999', 'documented', '000-002'],
		['100', 'extended', '000-002'],
		['60000', 'extended', '100-006'],
		['999999', 'extended', '100-006'],
		['1000000', 'extended', '000-002'],
		['0', 'documented', '000-002'],
		['0101', 'documented', '100-006'],
		['-101', 'documented', '000-002'],
		['101.0', 'documented', '000-002'],
		['1e3', 'documented', '000-002'],
		['1%2F2', 'documented', '000-002'],
		['abc', 'documented', '000-002'],
	] as const)('agentid %s (%s rules) → %s', async (agentId, rules, retcode) => {
		const answer = await clients[rules].transfer(agentId, 'x', queue);
		expect(answer.json?.retcode).toBe(retcode);
		if (retcode === '000-002') expect(answer.json?.message).toContain('agentid');
	});

	test('an agent at the top of the extended range can sign in and transfer', async () => {
		const agent = await sims.extended.readyAgent({ agentId: '999999' });
		expect((await clients.extended.transfer('999999', agent.guid, queue)).json?.retcode).toBe('0');
	});
});

describe('order of checks: agentid, signed in, Guid, body, call, preconditions', () => {
	const badBody = { devicetype: 9, mode: 0, address: '1' };

	test('each stage is reached only when the earlier ones pass', async () => {
		const sim = sims.documented;
		const c = clients.documented;
		const inCall = await sim.readyAgent({ call: { direction: 'outbound' } });
		sim.createAgent('30100', 'pw');
		const noCall = await sim.signIn('30100', 'pw');
		sim.createAgent('30101', 'pw');

		expect((await c.transfer('60000', 'wrong', badBody)).json?.retcode).toBe('000-002'); // agentid
		expect((await c.transfer('30101', 'wrong', badBody)).json?.retcode).toBe('100-006'); // not signed in
		expect((await c.transfer('30199', 'wrong', badBody)).json?.retcode).toBe('100-006'); // unknown agent
		expect((await c.transfer(inCall.agentId, 'wrong', badBody)).json?.retcode).toBe('000-003'); // Guid
		expect((await c.transfer('30100', noCall, badBody)).json).toEqual(
			expect.objectContaining({
				retcode: '000-002',
				message: expect.stringContaining('devicetype'),
			}),
		); // body before call
		expect((await c.transfer('30100', noCall, queue)).json?.retcode).toBe('200-012'); // call
		expect(
			(await c.transfer(inCall.agentId, inCall.guid, { devicetype: 5, mode: 1, address: '8888' }))
				.json?.retcode,
		).toBe('100-007'); // precondition
	});
});

describe('call preconditions (devicetype 5, blind)', () => {
	test.each([
		[
			'outbound voice, blind to an external number',
			'documented',
			{ direction: 'outbound', media: 'voice' },
			5,
			1,
			'100-007',
			'outbound',
		],
		[
			'outbound voice, blind to an external number',
			'extended',
			{ direction: 'outbound', media: 'voice' },
			5,
			1,
			'100-007',
			'outbound',
		],
		[
			'inbound video, blind to an external number',
			'documented',
			{ direction: 'inbound', media: 'video' },
			5,
			1,
			'100-007',
			'video',
		],
		[
			'outbound video, blind to an external number',
			'documented',
			{ direction: 'outbound', media: 'video' },
			5,
			1,
			'100-007',
			'',
		],
		[
			'inbound voice, blind to an external number',
			'documented',
			{ direction: 'inbound', media: 'voice' },
			5,
			1,
			'0',
			'',
		],
		[
			'outbound voice, release-after-transfer to an external number',
			'documented',
			{ direction: 'outbound', media: 'voice' },
			5,
			2,
			'0',
			'',
		],
		[
			'outbound voice, talk forwarding to an external number',
			'documented',
			{ direction: 'outbound', media: 'voice' },
			5,
			3,
			'0',
			'',
		],
		[
			'inbound video, release-after-transfer to an external number',
			'documented',
			{ direction: 'inbound', media: 'video' },
			5,
			2,
			'0',
			'',
		],
		[
			'outbound voice, blind to a skill queue',
			'documented',
			{ direction: 'outbound', media: 'voice' },
			1,
			0,
			'0',
			'',
		],
		[
			'inbound video, blind to a skill queue',
			'documented',
			{ direction: 'inbound', media: 'video' },
			1,
			0,
			'0',
			'',
		],
	] as const)('%s (%s) → %s', async (_name, rules, call, devicetype, mode, retcode, word) => {
		const { answer, after } = await transfer(
			rules,
			{ devicetype, mode, address: addressFor(devicetype) },
			call,
		);
		expect(answer.json?.retcode).toBe(retcode);
		if (word) expect(answer.json?.message).toContain(word);
		expect(after.call === null).toBe(retcode === '0');
	});

	test('no call → 200-012', async () => {
		sims.documented.createAgent('30001', 'pw');
		const guid = await sims.documented.signIn('30001', 'pw');
		expect((await clients.documented.transfer('30001', guid, queue)).json).toEqual({
			message: 'there is no call to transfer',
			retcode: '200-012',
			result: {},
		});
	});

	test('wrong Guid → 000-003, none → 000-003, not signed in → 100-006', async () => {
		const agent = await sims.documented.readyAgent();
		expect((await clients.documented.transfer(agent.agentId, 'nope', queue)).json?.retcode).toBe(
			'000-003',
		);
		expect((await clients.documented.transfer(agent.agentId, undefined, queue)).json?.retcode).toBe(
			'000-003',
		);
		expect((await clients.documented.transfer(agent.agentId, '', queue)).json?.retcode).toBe(
			'000-003',
		);
		sims.documented.createAgent('30002', 'pw');
		expect((await clients.documented.transfer('30002', agent.guid, queue)).json?.retcode).toBe(
			'100-006',
		);
		expect(sims.documented.agentState(agent.agentId).call).not.toBeNull();
	});

	test('the Guid header name is case-insensitive', async () => {
		for (const name of ['Guid', 'GUID', 'guid']) {
			const agent = await sims.documented.readyAgent();
			const answer = await clients.documented.transfer(agent.agentId, undefined, queue, {
				[name]: agent.guid,
			});
			expect(answer.json?.retcode).toBe('0');
		}
	});
});
