/** The request schema alone: coercion, every limit's edge, and the words of its errors. */
import { checkTransfer } from '../harness/transferSchema';

const base = { agentId: 101, deviceType: 1, address: '3', mode: 0, options: {} };
const ok = (input: object) => {
	const r = checkTransfer({ ...base, ...input });
	if (!r.ok) throw new Error(`expected valid, got: ${r.message}`);
	return r.value;
};
const bad = (input: object) => {
	const r = checkTransfer({ ...base, ...input });
	if (r.ok) throw new Error(`expected invalid: ${JSON.stringify(input)}`);
	return r;
};

describe('limits, at their edges', () => {
	test.each([
		[{ agentId: 100 }, 'agentId', 'between 101 and 59999; got 100'],
		[{ agentId: 60000 }, 'agentId', 'Rule Set to Extended'],
		[{ agentId: 1000000, options: { ruleSet: 'extended' } }, 'agentId', 'between 101 and 999999'],
		[{ address: '' }, 'address', 'Skill Queue ID) is required'],
		[{ address: '1\r\n2' }, 'address', 'control character'],
		[{ deviceType: 4, address: '1'.repeat(25) }, 'address', 'at most 24 characters; got 25'],
		[{ address: '1'.repeat(25) }, 'address', 'between 1 and 2147483647'],
		[{ address: '0' }, 'address', 'between 1 and 2147483647; got "0"'],
		[
			{ deviceType: 5, mode: 2, address: '1'.repeat(25) },
			'address',
			'at most 24 characters; got 25',
		],
		[{ address: 'abc' }, 'address', 'Skill Queue ID) must be digits only'],
		[{ address: '   ' }, 'address', 'Skill Queue ID) is required'],
		[
			{ deviceType: 3, address: '   ' },
			'address',
			'must be digits only, without spaces; got "   "',
		],
		[{ address: ' 3 ' }, 'address', 'must be digits only'],
		[{ address: '3😀' }, 'address', 'must be digits only'],
		[{ deviceType: 2, address: 'x49998', mode: 2 }, 'address', 'Agent ID) must be digits only'],
		[{ deviceType: 3, address: '10 00' }, 'address', 'IVR Access Code) must be digits only'],
		[{ deviceType: 4, address: '*88' }, 'address', 'System Access Code) must be digits only'],
		[
			{ deviceType: 2, address: '101', mode: 2 },
			'address',
			'an agent cannot transfer a call to itself',
		],
		[{ mode: 'default' }, 'mode', 'a transfer mode number or "targetDefault"'],
		[{ deviceType: 5, mode: 2, address: '12a' }, 'address', 'only digits 0-9'],
		[{ deviceType: 5, mode: 2, address: '12*#' }, 'address', 'Rule Set to Extended'],
		[{ options: { callAppData: 'x'.repeat(16385) } }, 'callAppData', 'got 16385 bytes'],
		[{ options: { callAppData: 'é'.repeat(8193) } }, 'callAppData', 'got 16386 bytes'],
		[
			{ deviceType: 5, mode: 2, address: '1', options: { caller: '1'.repeat(25) } },
			'caller',
			'at most 24 digits',
		],
		[
			{ deviceType: 5, mode: 2, address: '1', options: { caller: '12-34' } },
			'caller',
			'only digits 0-9',
		],
		[
			{ deviceType: 5, mode: 2, address: '1', options: { mediaAbility: 3 } },
			'mediaAbility',
			'0 Voice, 1 Video or 2 Best Available; got 3',
		],
		[
			{ deviceType: 5, mode: 4, address: '1', options: { holdFlag: 'yes' } },
			'holdFlag',
			'true or false; got "yes"',
		],
		[{ deviceType: 2, address: '49998', options: { skillId: 0 } }, 'skillId', 'between 1 and'],
		[{ options: { timeout: 50 } }, 'timeout', 'between 100 and 600000'],
		[{ options: { ruleSet: 'newest' } }, 'ruleSet', '"documented" or "extended"'],
	])('%j is refused on %s', (input, field, words) => {
		const r = bad(input);
		expect(r.field).toBe(field);
		expect(r.message).toContain(words);
		expect(r.description).toContain('Nothing was sent');
	});

	test.each([
		[{ agentId: 101 }],
		[{ agentId: 59999 }],
		[{ agentId: 999999, options: { ruleSet: 'extended' } }],
		[{ deviceType: 4, address: '1'.repeat(24) }],
		[{ address: '2147483647' }],
		[{ deviceType: 5, mode: 2, address: '1'.repeat(24) }],
		[{ options: { callAppData: 'x'.repeat(16384) } }],
		[{ options: { callAppData: 'é'.repeat(8192) } }],
		[{ options: { callAppData: '' } }],
		[{ deviceType: 5, mode: 2, address: '1', options: { caller: '1'.repeat(24) } }],
		[{ deviceType: 5, mode: 2, address: '1', options: { caller: '' } }],
		[{ deviceType: 5, mode: 1, address: '1', options: { caller: '' } }],
		[
			{
				deviceType: 5,
				mode: 2,
				address: '12AB*#',
				options: { ruleSet: 'extended', caller: '*31#' },
			},
		],
	])('%j is accepted', (input) => {
		expect(() => ok(input)).not.toThrow();
	});
});

describe('options that do not apply to the item', () => {
	test.each([
		[{ deviceType: 5, mode: 1, address: '1', options: { caller: '1234' } }, ['caller']],
		[
			{ options: { caller: '1234', mediaAbility: 1, skillId: 5, holdFlag: false } },
			['caller', 'mediaAbility', 'holdFlag', 'skillId'],
		],
		[
			{ deviceType: 5, mode: 2, address: '1', options: { holdFlag: true, skillId: 3 } },
			['holdFlag', 'skillId'],
		],
		[
			{ deviceType: 2, mode: 2, address: '49998', options: { mediaAbility: 2, skillId: 3 } },
			['mediaAbility'],
		],
	])('%j is accepted, and %j left out of the request', (input, ignored) => {
		const request = ok(input);
		expect(request.ignoredOptions).toEqual(ignored);
		const body = request.body;
		const wireName: Record<string, string> = {
			caller: 'caller',
			mediaAbility: 'mediaability',
			holdFlag: 'holdflag',
			skillId: 'skillId',
		};
		for (const name of ignored) expect(body).not.toHaveProperty(wireName[name]);
	});

	test.each([[''], [null]])('%p means "not set" for every optional field', (empty) => {
		const request = ok({
			deviceType: 5,
			mode: 4,
			address: '1',
			options: {
				caller: empty,
				mediaAbility: empty,
				holdFlag: empty,
				skillId: empty,
				timeout: empty,
				callAppData: empty,
			},
		});
		expect(request.ignoredOptions).toEqual([]);
		expect(request.timeoutMs).toBe(10000);
		expect(request.body).toEqual({ devicetype: 5, address: '1', mode: 4, holdflag: true });
	});
});

describe("the target's default mode", () => {
	test.each([
		[1, 2],
		[2, 2],
		[3, 0],
		[4, 2],
		[5, 2],
	])('Transfer To %i resolves to mode %i', (deviceType, mode) => {
		expect(ok({ deviceType, mode: 'targetDefault', address: '49998' }).mode).toBe(mode);
	});
});

describe('modes per target', () => {
	test('the vendor example (Agent, mode 3) names the rule-set option', () => {
		const r = bad({ deviceType: 2, mode: 3, address: '49998' });
		expect(r.field).toBe('mode');
		expect(r.message).toBe(
			'Mode 3 (Designated) for Agent is only accepted by newer gateways: set Options › Rule Set to Extended if yours is one; under the documented rules for Agent use 0 Blind, 2 Release After Transfer',
		);
		expect(
			ok({ deviceType: 2, mode: 3, address: '49998', options: { ruleSet: 'extended' } }).mode,
		).toBe(3);
	});

	test('a mode of another target says where it belongs and what to use instead', () => {
		expect(bad({ deviceType: 1, mode: 4 }).message).toBe(
			'Mode 4 (Three-Party) is only for External Number; for Skill Queue use 0 Blind, 2 Release After Transfer',
		);
		expect(bad({ deviceType: 5, mode: 0, address: '1' }).message).toContain(
			'for External Number use 1 Blind, 2 Release After Transfer, 3 Talk Forwarding, 4 Three-Party',
		);
		expect(bad({ deviceType: 3, mode: 7, address: '1' }).message).toBe(
			'Mode 7 is not a transfer mode; for IVR use 0 Blind, 1 Hang-Up',
		);
	});

	test('deviceType outside 1-5 lists the targets', () => {
		expect(bad({ deviceType: 6 }).message).toBe(
			'Transfer To must be one of 1 Skill Queue, 2 Agent, 3 IVR, 4 System Access Code, 5 External Number; got 6',
		);
	});
});

describe('coercion of expression values', () => {
	test('numeric strings and "true"/"false" are coerced', () => {
		const r = ok({
			agentId: '101',
			deviceType: '5',
			mode: '4',
			address: 88880001,
			options: { holdFlag: 'false', mediaAbility: '2' },
		});
		expect(r).toEqual(
			expect.objectContaining({ agentId: 101, deviceType: 5, mode: 4, address: '88880001' }),
		);
		expect(r.body).toEqual({
			devicetype: 5,
			address: '88880001',
			mode: 4,
			holdflag: false,
			mediaability: 2,
		});
	});

	test.each([
		['../1'],
		['1%2F2'],
		['1e3'],
		['101.5'],
		[' 101'],
		['0x65'],
		[''],
		[101.5],
		[NaN],
		[null],
		[true],
		[[101]],
	])('agentId %p is refused', (agentId) => {
		expect(bad({ agentId }).field).toBe('agentId');
	});
});

describe('the wire body', () => {
	test('uses the gateway names and sends holdflag (default true) only for three-party', () => {
		expect(
			ok({
				deviceType: 5,
				mode: 4,
				address: '88880001',
				options: { caller: '40040', mediaAbility: 0 },
			}).body,
		).toEqual({
			devicetype: 5,
			address: '88880001',
			mode: 4,
			caller: '40040',
			mediaability: 0,
			holdflag: true,
		});
		expect(
			ok({
				deviceType: 2,
				mode: 2,
				address: '49998',
				options: { skillId: 7, callAppData: 'case=1' },
			}).body,
		).toEqual({
			devicetype: 2,
			address: '49998',
			mode: 2,
			skillId: 7,
			callappdata: 'case=1',
		});
	});
});
