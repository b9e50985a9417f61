/**
 * POST /agentgateway/resource/voicecall/{agentid}/transfer: the body checked against rules.ts,
 * then the call's preconditions, then the effect on the call and the events for the mode.
 */
import {
	ADDRESS_MAX_CHARS,
	AGENT,
	CALLAPPDATA_MAX_BYTES,
	CALLER_MAX_CHARS,
	EXTERNAL,
	EXTERNAL_NUMBER,
	FAILED_TRANSFER_EFFECTS,
	MEDIA_ABILITIES,
	RET,
	TRANSFER_EFFECTS,
	TRANSFER_OUTCOME_PLANS,
	TRANSFER_PRECONDITIONS,
	eventContent,
	modesFor,
	transferKind,
	type Ret,
	type SimRuleSet,
	type TransferEffect,
	type TransferKind,
	type TransferStep,
} from './rules';
import type { Agent, GatewayState } from './state';

export interface Outcome {
	ret: Ret;
	/** A more specific message than the code's default, naming the field. */
	message?: string;
}

export interface TransferBody {
	devicetype: number;
	mode: number;
	kind: TransferKind;
	address: string;
	mediaability: number;
	caller?: string;
}

const bad = (message: string): Outcome => ({ ret: RET.badParam, message });

/** An integer sent as a JSON number or as a string of digits (an optional minus sign allowed). */
function integer(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
	if (typeof value === 'string' && /^-?[0-9]{1,15}$/.test(value)) return Number(value);
	return undefined;
}

const absent = (value: unknown) => value === undefined || value === null;

/** Checks a parsed body field by field, in the order of the page's table; the first failure names its field. */
export function checkTransferBody(
	raw: unknown,
	rules: SimRuleSet,
): Outcome | { body: TransferBody } {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw))
		return bad('the message body must be a JSON object');
	const b = raw as Record<string, unknown>;

	const devicetype = integer(b.devicetype);
	if (absent(b.devicetype)) return bad('devicetype is required');
	if (devicetype === undefined) return bad('devicetype must be an integer');
	const modes = modesFor(rules, devicetype);
	if (!modes) return bad(`devicetype ${devicetype} is invalid (1 to 5)`);

	if (absent(b.address)) return bad('address is required');
	if (typeof b.address !== 'string') return bad('address must be a string');
	if (b.address.length === 0) return bad('address must not be empty');
	if ([...b.address].length > ADDRESS_MAX_CHARS)
		return bad(`address is longer than ${ADDRESS_MAX_CHARS} characters`);
	if (devicetype === EXTERNAL && !EXTERNAL_NUMBER[rules].test(b.address))
		return bad('address is not a valid external number');

	if (absent(b.mode)) return bad('mode is required');
	const mode = integer(b.mode);
	if (mode === undefined) return bad('mode must be an integer');
	const kind = transferKind(rules, devicetype, mode);
	if (!kind)
		return bad(
			`mode ${mode} is not valid for devicetype ${devicetype} (allowed: ${modes.join(', ')})`,
		);

	if (!absent(b.callappdata)) {
		if (typeof b.callappdata !== 'string') return bad('callappdata must be a string');
		if (Buffer.byteLength(b.callappdata, 'utf8') > CALLAPPDATA_MAX_BYTES)
			return bad(`callappdata is longer than ${CALLAPPDATA_MAX_BYTES} bytes`);
	}

	let caller: string | undefined;
	if (!absent(b.caller)) {
		if (typeof b.caller !== 'string') return bad('caller must be a string');
		if (!EXTERNAL_NUMBER[rules].test(b.caller))
			return bad(
				rules === 'documented'
					? 'caller must hold digits only'
					: 'caller must hold digits, A-E, * or # only',
			);
		if (b.caller.length > CALLER_MAX_CHARS)
			return bad(`caller is longer than ${CALLER_MAX_CHARS} characters`);
		caller = b.caller;
	}

	let mediaability = 0;
	if (!absent(b.mediaability)) {
		const m = integer(b.mediaability);
		if (m === undefined || !MEDIA_ABILITIES.includes(m))
			return bad(`mediaability must be one of ${MEDIA_ABILITIES.join(', ')}`);
		mediaability = m;
	}

	// The table types holdflag Boolean; the page's own example sends the string "true". Both the
	// JSON booleans and the exact strings "true" / "false" pass; nothing else does.
	if (
		!absent(b.holdflag) &&
		typeof b.holdflag !== 'boolean' &&
		b.holdflag !== 'true' &&
		b.holdflag !== 'false'
	) {
		return bad('holdflag must be true or false');
	}

	if (!absent(b.skillId)) {
		if (integer(b.skillId) === undefined) return bad('skillId must be an integer');
		if (devicetype !== AGENT) return bad(`skillId is only valid when devicetype is ${AGENT}`);
	}

	return { body: { devicetype, mode, kind, address: b.address, mediaability, caller } };
}

export interface TransferHooks {
	/** Runs `fn` after the delay the step names (three-party leave, IVR return) or after `ms`. */
	later(after: 'conferenceLeave' | 'ivrReturn' | number, fn: () => void): void;
	/** Whether the target answers (the simulator's unreachableAddresses decide). */
	reachable(address: string): boolean;
}

/**
 * Applies a valid transfer to the agent's call. Preconditions on the call come first. An outcome
 * planned for this agent (nextTransferOutcome) is used up by this transfer and decides, through
 * TRANSFER_OUTCOME_PLANS, what happens; without one the target answers at once unless its address
 * is unreachable.
 */
export function applyTransfer(
	state: GatewayState,
	agent: Agent,
	body: TransferBody,
	hooks: TransferHooks,
): Outcome {
	const call = agent.call;
	// A call away in a hang-up IVR flow is not at the agent: there is nothing to transfer.
	if (!call || call.state === 'inIvr') return { ret: RET.noCallToTransfer };
	for (const p of TRANSFER_PRECONDITIONS) {
		if (p.refuses(call, body.devicetype, body.kind)) return { ret: p.ret, message: p.message };
	}
	const planned = agent.nextTransfer;
	agent.nextTransfer = undefined;
	const context = {
		callid: call.callid,
		caller: call.caller,
		called: call.called,
		mediaAbility: call.media === 'video' ? 1 : body.mediaability,
		agentId: agent.agentId,
		address: body.address,
	};
	const run = (step: TransferStep, succeeded: boolean) => {
		if (step.call === 'released') state.releaseCall(agent);
		else call.state = step.call;
		for (const type of step.events)
			state.queueEvent(
				agent,
				type,
				eventContent(type, { ...context, succeeded, now: state.now() }),
			);
	};
	/** A kind's whole effect from now on: its step at once, its later step when that comes. */
	const play = (effect: TransferEffect, succeeded: boolean) => {
		run(effect.now, succeeded);
		const later = effect.later;
		if (later) {
			hooks.later(later.after, () => {
				// Only if the same call is still where this transfer left it.
				if (agent.signedIn && agent.call === call && call.state === effect.now.call)
					run(later, succeeded);
			});
		}
	};

	if (!planned) {
		const succeeded = hooks.reachable(body.address);
		play((succeeded ? TRANSFER_EFFECTS : FAILED_TRANSFER_EFFECTS)[body.kind], succeeded);
		return { ret: RET.ok };
	}
	const plan = TRANSFER_OUTCOME_PLANS[body.kind][planned.outcome];
	const succeeded = planned.outcome === 'answer';
	const usual = TRANSFER_EFFECTS[body.kind];
	if (plan.now === 'usual') play(usual, true);
	else run(plan.now, succeeded);
	const after = plan.after;
	if (after) {
		const waiting = plan.now === 'usual' ? usual.now.call : plan.now.call;
		const settle = () => {
			if (!agent.signedIn || agent.call !== call || call.state !== waiting) return;
			if (after === 'usual') play(usual, true);
			else run(after, succeeded);
		};
		if (planned.afterMs <= 0) settle();
		else hooks.later(planned.afterMs, settle);
	}
	return { ret: RET.ok };
}
