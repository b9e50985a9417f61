/** fast-check generators over the whole input space of Transfer Call, limits' edges included. */
import fc from 'fast-check';

const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 26 });
const phoneish = fc.string({
	unit: fc.constantFrom(...'0123456789ABCDEF*#+- '),
	minLength: 0,
	maxLength: 26,
});
const anyText = fc.oneof(
	fc.string({ maxLength: 30 }),
	fc.string({ unit: 'grapheme', maxLength: 26 }),
	fc.constantFrom(
		'',
		' ',
		'\r\n',
		'a\nb',
		'\u2028',
		'\u0085',
		'\t1',
		'字'.repeat(24),
		'字'.repeat(25),
		'é',
	),
);
const edgeLength = fc
	.constantFrom(0, 1, 23, 24, 25)
	.chain((n) => fc.constantFrom('1'.repeat(n), 'x'.repeat(n)));

const wholeish = (lo: number, hi: number, edges: number[]) =>
	fc.oneof(
		fc.integer({ min: lo, max: hi }),
		fc.constantFrom(...edges),
		fc.constantFrom(...edges).map(String),
		fc.integer({ min: lo, max: hi }).map(String),
		fc.constantFrom(
			'../1',
			'1%2F2',
			'1e3',
			'101.5',
			' 101',
			'0x65',
			'',
			'abc',
			'-5',
			'+101',
			'１０１',
		),
		fc.double({ noNaN: false }),
		fc.constantFrom(null, true, false, undefined, [101], { n: 1 }),
	);

export const agentIdArb = wholeish(-5, 1_100_000, [0, 100, 101, 59999, 60000, 999999, 1000000]);
export const deviceTypeArb = wholeish(-1, 7, [0, 1, 2, 3, 4, 5, 6]);
export const modeArb = fc.oneof(
	wholeish(-1, 6, [0, 1, 2, 3, 4, 5]),
	fc.constantFrom('targetDefault', 'default'),
);
export const addressArb = fc.oneof(
	digits,
	phoneish,
	anyText,
	edgeLength,
	fc.integer({ min: -5, max: 99999999 }),
	fc.constantFrom(undefined, null, 1.5),
);

const callAppDataArb = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.constantFrom(16383, 16384, 16385).map((n) => 'x'.repeat(n)),
	fc.constantFrom(8191, 8192, 8193).map((n) => 'é'.repeat(n)),
	fc.constantFrom(5461, 5462).map((n) => '字'.repeat(n) + 'ab'),
	fc.constantFrom(7, 1.5, null, {}),
);
const optionsArb = fc.record(
	{
		callAppData: callAppDataArb,
		caller: fc.oneof(digits, phoneish, anyText, fc.integer({ min: 0, max: 99999 })),
		mediaAbility: wholeish(-1, 4, [0, 1, 2, 3]),
		holdFlag: fc.constantFrom(true, false, 'true', 'false', 'TRUE', 'yes', 1, 0, null),
		skillId: wholeish(-2, 10, [0, 1, 2147483647, 2147483648]),
		timeout: wholeish(0, 1000, [99, 100, 600000, 600001]),
		ruleSet: fc.constantFrom('documented', 'extended', 'Extended', ''),
	},
	{ requiredKeys: [] },
);

export const transferInputArb = fc.record({
	agentId: agentIdArb,
	deviceType: deviceTypeArb,
	address: addressArb,
	mode: modeArb,
	options: optionsArb,
});

/** Biased towards valid inputs, so acceptance paths are exercised as often as refusals. */
export const mostlyValidInputArb = fc.record({
	agentId: fc.oneof(
		fc.integer({ min: 101, max: 59999 }),
		fc.constantFrom(101, 59999, '4242'),
		agentIdArb,
	),
	deviceType: fc.oneof(fc.integer({ min: 1, max: 5 }), deviceTypeArb),
	address: fc.oneof(
		digits.filter((s) => s.length > 0),
		addressArb,
	),
	mode: fc.oneof(fc.integer({ min: 0, max: 4 }), modeArb),
	options: fc.oneof(fc.constant({}), optionsArb),
});
