/**
 * An independent oracle of the transfer rules in docs/gateway.md, written for the tests from that page
 * (it imports nothing from the node). It answers: would this input be accepted, and if so which
 * body must reach the gateway. It also encodes the node's documented policies beyond the page:
 * - numbers may arrive as strings of digits; text may arrive as whole non-negative numbers;
 * - caller, mediaAbility, holdFlag and skillId of a well-formed type are left out (not sent, not
 *   refused) where the page says they do not apply; "" and null mean "not set" for every option;
 * - addresses of skill queues, agents, IVR and access codes are digits only; an agent never transfers
 *   to itself;
 * - mode "targetDefault" is Release After Transfer where the target has it, else Blind;
 * - a phone number (address of an external number, caller) holds digits only (extended: A-E * #);
 * - control characters are refused in address and caller;
 * - holdflag is always sent for a three-party transfer (default true).
 */
export type OracleVerdict = { accept: false } | { accept: true; path: string; body: Record<string, unknown> };

/** Modes per target from the vendor page (documented) and its newer pages (extended). */
export const MODES: Record<number, { documented: number[]; extended: number[] }> = {
	1: { documented: [0, 2], extended: [0, 2] },
	2: { documented: [0, 2], extended: [0, 2, 3] },
	3: { documented: [0, 1], extended: [0, 1] },
	4: { documented: [0, 2], extended: [0, 2] },
	5: { documented: [1, 2, 3, 4], extended: [1, 2, 3, 4] },
};

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

const hasControl = (s: string) => [...s].some((c) => {
	const n = c.codePointAt(0)!;
	return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029;
});

export function oracle(input: { agentId?: unknown; deviceType?: unknown; address?: unknown; mode?: unknown; options?: Record<string, unknown> }): OracleVerdict {
	const no: OracleVerdict = { accept: false };
	const o = Object.fromEntries(Object.entries(input.options ?? {}).filter(([, v]) => v !== '' && v !== null));
	const rules = o.ruleSet === undefined ? 'documented' : o.ruleSet;
	if (rules !== 'documented' && rules !== 'extended') return no;
	const extended = rules === 'extended';

	const agentId = int(input.agentId);
	if (agentId === REJECT || agentId < 101 || agentId > (extended ? 999999 : 59999)) return no;
	const deviceType = int(input.deviceType);
	if (deviceType === REJECT || !(deviceType in MODES)) return no;
	const address = str(input.address);
	if (address === REJECT || address === '' || hasControl(address) || [...address].length > 24) return no;
	const phone = extended ? /^[0-9A-E*#]*$/ : /^[0-9]*$/;
	if (deviceType === 5 && !phone.test(address)) return no;
	if (deviceType !== 5 && !/^[0-9]+$/.test(address)) return no;
	if (deviceType === 2 && Number(address) === agentId) return no;
	const mode = input.mode === 'targetDefault' ? (MODES[deviceType].documented.includes(2) ? 2 : MODES[deviceType].documented[0]) : int(input.mode);
	if (mode === REJECT || !MODES[deviceType][rules].includes(mode)) return no;
	const external = deviceType === 5;
	const blind = external ? mode === 1 : mode === 0;

	const body: Record<string, unknown> = { devicetype: deviceType, address, mode };
	if (o.callAppData !== undefined) {
		const data = str(o.callAppData);
		if (data === REJECT || Buffer.byteLength(data) > 16384) return no;
		body.callappdata = data;
	}
	if (o.caller !== undefined) {
		const caller = str(o.caller);
		if (caller === REJECT) return no;
		if (external && !blind) {
			if (!phone.test(caller) || caller.length > 24 || hasControl(caller)) return no;
			body.caller = caller;
		}
	}
	if (o.mediaAbility !== undefined) {
		const media = int(o.mediaAbility);
		if (media === REJECT) return no;
		if (external) {
			if (![0, 1, 2].includes(media)) return no;
			body.mediaability = media;
		}
	}
	if (o.holdFlag !== undefined) {
		const hold = bool(o.holdFlag);
		if (hold === REJECT) return no;
		if (external && mode === 4) body.holdflag = hold;
	} else if (external && mode === 4) {
		body.holdflag = true;
	}
	if (o.skillId !== undefined) {
		const skill = int(o.skillId);
		if (skill === REJECT) return no;
		if (deviceType === 2) {
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
