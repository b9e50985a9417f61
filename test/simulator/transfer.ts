/**
 * POST /agentgateway/resource/voicecall/{agentid}/transfer: every rule of the transfer table,
 * then the effect on the call and the events the vendor's page lists for the mode.
 */
import {
	ADDRESS_MAX_CHARS,
	AGENT,
	CALLAPPDATA_MAX_BYTES,
	CALLER_MAX_DIGITS,
	EXTERNAL,
	MEDIA_ABILITIES,
	NUMBER_CHARS,
	RET,
	TRANSFER_MODES,
	transferEvents,
	transferKind,
	type Ret,
	type SimRuleSet,
} from './rules';
import type { Agent, GatewayState } from './state';

export interface Outcome {
	ret: Ret;
	/** A more specific message than the code's default, naming the field. */
	message?: string;
}

const bad = (message: string): Outcome => ({ ret: RET.badParam, message });

/** Integers as JSON numbers or numeric strings (real clients send both). */
function integer(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return Number(value);
	return undefined;
}

export function checkTransferBody(raw: unknown, rules: SimRuleSet): Outcome | { body: TransferBody } {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return bad('the body must be a JSON object');
	const b = raw as Record<string, unknown>;

	const devicetype = integer(b.devicetype);
	if (devicetype === undefined) return bad('devicetype is required and must be an integer');
	const modes = TRANSFER_MODES[rules][devicetype];
	if (!modes) return bad(`devicetype ${devicetype} is invalid`);

	if (typeof b.address !== 'string' || b.address.length === 0) return bad('address is required');
	if ([...b.address].length > ADDRESS_MAX_CHARS) return bad(`address is longer than ${ADDRESS_MAX_CHARS} characters`);
	if (devicetype === EXTERNAL && !NUMBER_CHARS[rules].test(b.address)) return bad('address is not a valid number');

	const mode = integer(b.mode);
	if (mode === undefined) return bad('mode is required and must be an integer');
	if (!modes.includes(mode)) return bad(`mode ${mode} is not valid for devicetype ${devicetype}`);

	if (b.callappdata !== undefined && b.callappdata !== null) {
		if (typeof b.callappdata !== 'string') return bad('callappdata must be a string');
		if (Buffer.byteLength(b.callappdata, 'utf8') > CALLAPPDATA_MAX_BYTES) return bad('callappdata is longer than 16 KB');
	}
	if (b.caller !== undefined && b.caller !== null) {
		if (typeof b.caller !== 'string' || !NUMBER_CHARS[rules].test(b.caller)) return bad('caller must be digits');
		if (b.caller.length > CALLER_MAX_DIGITS) return bad(`caller is longer than ${CALLER_MAX_DIGITS} digits`);
	}
	let mediaability = 0;
	if (b.mediaability !== undefined && b.mediaability !== null) {
		const m = integer(b.mediaability);
		if (m === undefined || !MEDIA_ABILITIES.includes(m)) return bad('mediaability must be 0, 1 or 2');
		mediaability = m;
	}
	if (b.holdflag !== undefined && b.holdflag !== null) {
		// The table types it Boolean; the page's own example sends "true", so the string forms pass too.
		if (typeof b.holdflag !== 'boolean' && b.holdflag !== 'true' && b.holdflag !== 'false') return bad('holdflag must be true or false');
	}
	if (b.skillId !== undefined && b.skillId !== null) {
		if (integer(b.skillId) === undefined) return bad('skillId must be an integer');
		if (devicetype !== AGENT) return bad('skillId is only valid when devicetype is 2');
	}
	return { body: { devicetype, mode, address: b.address, mediaability, caller: typeof b.caller === 'string' ? b.caller : undefined } };
}

export interface TransferBody {
	devicetype: number;
	mode: number;
	address: string;
	mediaability: number;
	caller?: string;
}

/** Applies a valid transfer to the agent's call. Preconditions on the call come first. */
export function applyTransfer(state: GatewayState, agent: Agent, body: TransferBody, onIvrReturn: (fn: () => void) => void): Outcome {
	const call = agent.call;
	if (!call || call.state === 'inIvr') return { ret: RET.noCallToTransfer };
	const kind = transferKind(body.devicetype, body.mode);
	if (body.devicetype === EXTERNAL && kind === 'blind') {
		// The page states both as preconditions; the gateway fails the operation rather than the parameters.
		if (call.direction === 'outbound') {
			return { ret: RET.operationFailed, message: 'blind transfer of an outbound call to an outbound number is not supported' };
		}
		if (call.media === 'video') {
			return { ret: RET.operationFailed, message: 'a video call cannot be blind transferred to an external number' };
		}
	}
	const events = transferEvents(
		kind,
		{ callid: call.callid, caller: call.caller, called: call.called, mediaAbility: call.media === 'video' ? 1 : body.mediaability },
		{ address: body.address, agentId: agent.agentId },
	);
	if (kind === 'threeParty') {
		call.state = 'conference';
	} else if (kind === 'hangUpIvr') {
		call.state = 'inIvr';
		onIvrReturn(() => {
			if (agent.call === call) {
				call.state = 'talking';
				state.queueEvent(agent, 'AgentEvent_ReturnFromIvr', call.callid);
			}
		});
	} else {
		agent.call = null;
	}
	for (const e of events) state.queueEvent(agent, e.eventType, e.content);
	return { ret: RET.ok };
}
