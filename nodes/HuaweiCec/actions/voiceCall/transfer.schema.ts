/**
 * Voice Call › Transfer: the item schema. Every rule of the rules table (transfer.rules.ts), checked
 * before anything is sent; the request it gives holds the gateway's body as it is sent.
 */
import {
	agentIdInRange,
	baseItemSchema,
	booleanLike,
	callAppDataSchema,
	checkAs,
	COMMON_LABELS,
	CONTROL_CHARS,
	fail,
	guardOptions,
	LIMITS,
	mediaAbilitySchema,
	optional,
	showValue,
	skillIdSchema,
	text,
	wholeNumber,
	withDefault,
	withOptions,
	z,
	type RuleSet,
} from '../../helpers/schema';
import {
	ADDRESS_KIND,
	ADDRESS_RULES,
	DEFAULT_MODE,
	DEVICE_TYPES,
	DEVICE_TYPE_VALUES,
	PHONE_NUMBER_PATTERN,
	TARGET_DEFAULT,
	TARGET_OPTION_APPLIES,
	type TargetOption,
	WAIT_LIMIT_S,
	describeModes,
	modeInfo,
	modesFor,
	type DeviceType,
} from './transfer.rules';

/** Field names as the builder sees them, for messages. */
export const LABELS: Record<string, string> = {
	...COMMON_LABELS,
	deviceType: 'Transfer To',
	address: 'Address',
	mode: 'Mode',
	callAppData: 'Call App Data',
	caller: 'Caller Number',
	mediaAbility: 'Media Ability',
	holdFlag: 'Hold During Three-Party',
	skillId: 'Skill ID',
	waitForOutcome: 'Wait for Outcome',
	waitLimit: 'Wait Limit',
};

const deviceTypeList = DEVICE_TYPE_VALUES.map((d) => `${d} ${DEVICE_TYPES[d].name}`).join(', ');

const deviceTypeSchema = wholeNumber(LABELS.deviceType, deviceTypeList).pipe(
	z.literal(DEVICE_TYPE_VALUES, {
		error: (issue) =>
			`${LABELS.deviceType} must be one of ${deviceTypeList}; got ${showValue(issue.input)}`,
	}),
);

/** The address as entered: a surrounding space is refused like any other character out of place. */
const addressSchema = text(LABELS.address, { trim: false });

const modeSchema = z.union(
	[z.literal(TARGET_DEFAULT), wholeNumber(LABELS.mode, 'a transfer mode number')],
	{
		error: (issue) =>
			`${LABELS.mode} must be a transfer mode number or "${TARGET_DEFAULT}"; got ${showValue(issue.input)}`,
	},
);

function explainBadMode(deviceType: DeviceType, mode: number, ruleSet: RuleSet): string {
	const target = DEVICE_TYPES[deviceType].name;
	const allowed = `for ${target} use ${describeModes(modesFor(deviceType, ruleSet))}`;
	const own = modeInfo(deviceType, mode);
	if (own?.extendedOnly && ruleSet === 'documented') {
		return `Mode ${mode} (${own.name}) for ${target} is only accepted by newer gateways: set Options › Rule Set to Extended if yours is one; under the documented rules ${allowed}`;
	}
	const elsewhere = DEVICE_TYPE_VALUES.filter((d) => d !== deviceType).flatMap((d) => {
		const info = modesFor(d, ruleSet).find((m) => m.value === mode);
		return info ? [{ d, info }] : [];
	});
	if (elsewhere.length > 0) {
		const names = [...new Set(elsewhere.map((x) => x.info.name))].join(' / ');
		const targets = elsewhere.map((x) => DEVICE_TYPES[x.d].name).join(', ');
		return `Mode ${mode} (${names}) is only for ${targets}; ${allowed}`;
	}
	return `Mode ${mode} is not a transfer mode; ${allowed}`;
}

/** A calling number: a phone number of the rule set, at most LIMITS.numberMaxChars characters. */
function callerProblem(caller: string, ruleSet: RuleSet): string | undefined {
	const pattern = PHONE_NUMBER_PATTERN[ruleSet];
	if (CONTROL_CHARS.test(caller) || !pattern.regex.test(caller)) {
		return `${LABELS.caller} may hold only ${pattern.allowed}; got ${showValue(caller)}`;
	}
	if (caller.length > LIMITS.numberMaxChars) {
		return `${LABELS.caller} may hold at most ${LIMITS.numberMaxChars} digits; got ${caller.length}`;
	}
	return undefined;
}

const fieldsSchema = baseItemSchema.extend({
	deviceType: deviceTypeSchema,
	address: addressSchema,
	mode: modeSchema,
	options: withOptions({
		...guardOptions,
		callAppData: optional(callAppDataSchema),
		caller: optional(text(LABELS.caller)),
		// Media Ability, Skill ID and Wait Limit are checked only where they apply (below): with
		// Transfer To mapped from data, an option of another target is left out, not refused.
		mediaAbility: optional(
			wholeNumber(LABELS.mediaAbility, '0 Voice, 1 Video or 2 Best Available'),
		),
		holdFlag: optional(booleanLike(LABELS.holdFlag)),
		skillId: optional(wholeNumber(LABELS.skillId, `${LIMITS.skillId.min} or more`)),
		waitForOutcome: withDefault(booleanLike(LABELS.waitForOutcome), false),
		waitLimit: optional(wholeNumber(LABELS.waitLimit, 'seconds')),
	}),
});

/** Target's Default resolved to the item's target's own mode: the one place the mode is resolved. */
const withMode = fieldsSchema.transform((item) => ({
	...item,
	mode: item.mode === TARGET_DEFAULT ? DEFAULT_MODE[item.deviceType] : item.mode,
}));

export const transferSchema = withMode
	.superRefine((item, ctx) => {
		const { deviceType, mode, options: o } = item;
		const { ruleSet } = o;
		agentIdInRange(item, ctx);
		const addressRule = ADDRESS_RULES.find((rule) => rule.refuses(item));
		if (addressRule) fail(ctx, 'address', addressRule.message(item, LABELS.address));
		if (!modesFor(deviceType, ruleSet).some((m) => m.value === mode)) {
			fail(ctx, 'mode', explainBadMode(deviceType, mode, ruleSet));
			return;
		}
		const applies = (option: TargetOption) => TARGET_OPTION_APPLIES[option](deviceType, mode);
		const problem =
			applies('caller') && o.caller !== undefined ? callerProblem(o.caller, ruleSet) : undefined;
		if (problem) fail(ctx, 'caller', problem);
		if (applies('mediaAbility')) checkAs(ctx, 'mediaAbility', mediaAbilitySchema, o.mediaAbility);
		if (applies('skillId')) checkAs(ctx, 'skillId', skillIdSchema(LABELS.skillId), o.skillId);
		if (o.waitForOutcome && o.waitLimit !== undefined) {
			const { min, max } = WAIT_LIMIT_S;
			if (o.waitLimit < min || o.waitLimit > max) {
				fail(
					ctx,
					'waitLimit',
					`${LABELS.waitLimit} must be between ${min} and ${max} seconds; got ${o.waitLimit}`,
				);
			}
		}
	})
	.transform((item) => {
		const { deviceType, mode, options: o } = item;
		const isThreeParty = TARGET_OPTION_APPLIES.holdFlag(deviceType, mode);
		// An option that does not apply to this item's target or mode is left out, not refused: with
		// Transfer To mapped from data, one node serves items of every target.
		const applies = {
			caller: TARGET_OPTION_APPLIES.caller(deviceType, mode),
			mediaAbility: TARGET_OPTION_APPLIES.mediaAbility(deviceType, mode),
			holdFlag: TARGET_OPTION_APPLIES.holdFlag(deviceType, mode),
			skillId: TARGET_OPTION_APPLIES.skillId(deviceType, mode),
			waitLimit: o.waitForOutcome,
		};
		const ignoredOptions = (
			['caller', 'mediaAbility', 'holdFlag', 'skillId', 'waitLimit'] as const
		).filter((name) => !applies[name] && o[name] !== undefined);
		// A skill queue's ID as the gateway writes skill IDs: 0012 is queue 12.
		const address =
			ADDRESS_KIND[deviceType] === 'skillQueueId' ? String(Number(item.address)) : item.address;
		/** The gateway's own field names. */
		const body: Record<string, string | number | boolean> = {
			devicetype: deviceType,
			address,
			mode,
		};
		if (o.callAppData !== undefined) body.callappdata = o.callAppData;
		if (applies.caller && o.caller !== undefined) body.caller = o.caller;
		if (applies.mediaAbility && o.mediaAbility !== undefined) body.mediaability = o.mediaAbility;
		if (isThreeParty) body.holdflag = o.holdFlag ?? true;
		if (applies.skillId && o.skillId !== undefined) body.skillId = o.skillId;
		return {
			agentId: item.agentId,
			deviceType,
			address,
			mode,
			timeoutMs: o.timeout,
			onlyIfCallId: o.onlyIfCallId,
			body,
			/** Options set that do not apply to this item's target or mode, and were not sent. */
			ignoredOptions,
			/** Wait for Outcome: how long to watch the agent's call after the transfer. */
			waitLimitMs: o.waitForOutcome ? (o.waitLimit ?? WAIT_LIMIT_S.default) * 1000 : undefined,
		};
	});

export type TransferRequest = z.output<typeof transferSchema>;
