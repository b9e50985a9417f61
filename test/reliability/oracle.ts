/**
 * The property tests' oracle of the transfer rules in docs/gateway.md. The gateway's own rules (the
 * (devicetype, mode) table, agent ID ranges, length and character limits) come from the
 * simulator's table, test/simulator/rules.ts, the one test-side statement of them; nothing comes
 * from the node, so the node and this oracle check each other. It answers: would this input be
 * accepted, and if so which body must reach the gateway. It also encodes the node's documented
 * policies beyond the page:
 * - numbers may arrive as strings of digits; text may arrive as whole non-negative numbers;
 * - caller, mediaAbility, holdFlag and skillId of a well-formed type are left out (not sent, not
 *   refused) where the page says they do not apply; "" and null mean "not set" for every option;
 * - addresses of skill queues, agents, IVR and access codes are digits only; an agent never transfers
 *   to itself; a skill queue ID is 1 to 2147483647, leading zeros dropped (sent as 0012 → 12);
 * - mode "targetDefault" is Release After Transfer where the target has it, else Blind;
 * - a phone number (address of an external number, caller) holds digits only (extended: A-E * #);
 * - control characters are refused in address and caller;
 * - holdflag is always sent for a three-party transfer (default true);
 * - skillId (transfer to an agent) is 1 to 2147483647; the timeout is 100 to 600000 ms.
 */
import {
	ADDRESS_MAX_CHARS,
	AGENT,
	AGENT_ID_RANGE,
	CALLAPPDATA_MAX_BYTES,
	CALLER_MAX_CHARS,
	EXTERNAL,
	EXTERNAL_NUMBER,
	MEDIA_ABILITIES,
	RULE_SETS,
	TRANSFER_TABLE,
	transferKind,
	type SimRuleSet,
	type TransferKind,
} from '../simulator/rules';

export type OracleVerdict =
	| { accept: false }
	| { accept: true; path: string; body: Record<string, unknown> };

/** Modes per target, documented and extended, ascending: the simulator's table as lists. */
export const MODES: Record<number, Record<SimRuleSet, number[]>> = Object.fromEntries(
	Object.keys(TRANSFER_TABLE.extended).map((deviceType) => [
		Number(deviceType),
		Object.fromEntries(
			RULE_SETS.map((rules) => [
				rules,
				Object.keys(TRANSFER_TABLE[rules][Number(deviceType)] ?? {}).map(Number),
			]),
		) as Record<SimRuleSet, number[]>,
	]),
);

/** The documented mode of a kind for a target, if it has one. */
const documentedMode = (deviceType: number, kind: TransferKind) =>
	MODES[deviceType].documented.find((m) => transferKind('documented', deviceType, m) === kind);

const REJECT = Symbol('reject');
type Maybe<T> = T | typeof REJECT;

function int(v: unknown): Maybe<number> {
	if (typeof v === 'number') return Number.isSafeInteger(v) ? v : REJECT;
	if (typeof v === 'string' && /^\d+$/.test(v) && v.length <= 15) return parseInt(v, 10);
	return REJECT;
}

function str(v: unknown): Maybe<string> {
	if (typeof v === 'string') return v;
	if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
	return REJECT;
}

function bool(v: unknown): Maybe<boolean> {
	if (v === true || v === 'true') return true;
	if (v === false || v === 'false') return false;
	return REJECT;
}

const hasControl = (s: string) =>
	[...s].some((c) => {
		const n = c.codePointAt(0)!;
		return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029;
	});

export function oracle(input: {
	agentId?: unknown;
	deviceType?: unknown;
	address?: unknown;
	mode?: unknown;
	options?: Record<string, unknown>;
}): OracleVerdict {
	const no: OracleVerdict = { accept: false };
	const o = Object.fromEntries(
		Object.entries(input.options ?? {}).filter(([, v]) => v !== '' && v !== null),
	);
	const rules = o.ruleSet === undefined ? 'documented' : o.ruleSet;
	if (rules !== 'documented' && rules !== 'extended') return no;

	const agentId = int(input.agentId);
	const [minAgent, maxAgent] = AGENT_ID_RANGE[rules];
	if (agentId === REJECT || agentId < minAgent || agentId > maxAgent) return no;
	const deviceType = int(input.deviceType);
	if (deviceType === REJECT || !(deviceType in MODES)) return no;
	const typed = str(input.address);
	if (typed === REJECT || typed === '' || hasControl(typed)) return no;
	// A skill queue ID: 1 to 2147483647 as digits, any leading zeros; sent without them.
	const queueId = /^[0-9]+$/.test(typed) ? BigInt(typed) : undefined;
	if (deviceType === 1 && (queueId === undefined || queueId < 1n || queueId > 2147483647n))
		return no;
	if (deviceType !== 1 && [...typed].length > ADDRESS_MAX_CHARS) return no;
	const address = deviceType === 1 ? String(queueId) : typed;
	const phone = EXTERNAL_NUMBER[rules];
	const external = deviceType === EXTERNAL;
	if (external && !phone.test(address)) return no;
	if (!external && !/^[0-9]+$/.test(address)) return no;
	if (deviceType === AGENT && Number(address) === agentId) return no;
	const mode =
		input.mode === 'targetDefault'
			? (documentedMode(deviceType, 'releaseAfter') ?? documentedMode(deviceType, 'blind')!)
			: int(input.mode);
	if (mode === REJECT || !MODES[deviceType][rules].includes(mode)) return no;
	const kind = transferKind(rules, deviceType, mode);
	const blind = kind === 'blind';
	const threeParty = kind === 'threeParty';

	const body: Record<string, unknown> = { devicetype: deviceType, address, mode };
	if (o.callAppData !== undefined) {
		const data = str(o.callAppData);
		if (data === REJECT || Buffer.byteLength(data) > CALLAPPDATA_MAX_BYTES) return no;
		body.callappdata = data;
	}
	if (o.caller !== undefined) {
		const caller = str(o.caller);
		if (caller === REJECT) return no;
		if (external && !blind) {
			if (!phone.test(caller) || caller.length > CALLER_MAX_CHARS || hasControl(caller)) return no;
			body.caller = caller;
		}
	}
	if (o.mediaAbility !== undefined) {
		const media = int(o.mediaAbility);
		if (media === REJECT) return no;
		if (external) {
			if (!MEDIA_ABILITIES.includes(media)) return no;
			body.mediaability = media;
		}
	}
	if (o.holdFlag !== undefined) {
		const hold = bool(o.holdFlag);
		if (hold === REJECT) return no;
		if (threeParty) body.holdflag = hold;
	} else if (threeParty) {
		body.holdflag = true;
	}
	if (o.skillId !== undefined) {
		const skill = int(o.skillId);
		if (skill === REJECT) return no;
		if (deviceType === AGENT) {
			if (skill < 1 || skill > 2147483647) return no;
			body.skillId = skill;
		}
	}
	if (o.timeout !== undefined) {
		const t = int(o.timeout);
		if (t === REJECT || t < 100 || t > 600000) return no;
	}
	return { accept: true, path: `/agentgateway/resource/voicecall/${agentId}/transfer`, body };
}
