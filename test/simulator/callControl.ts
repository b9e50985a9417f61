/**
 * Call control on the agent's own call: call out (PUT voicecall/{agentid}/callout), release
 * (DELETE .../release), hold (POST .../hold) and take back (POST .../gethold?callid=). The body or
 * query is checked first, then the call's preconditions; the retcodes for cases the pages leave
 * open are chosen in rules.ts and listed in docs/gateway.md ("Call control").
 */
import {
	CALLAPPDATA_MAX_BYTES,
	CALL_OUT_EFFECTS,
	CALL_OUT_STATES,
	CALLOUT_CALLED,
	CALLOUT_CALLER,
	MEDIA_ABILITIES,
	RET,
	eventContent,
	type EventType,
	type Ret,
	type TransferStep,
} from './rules';
import type { Agent, Call, GatewayState } from './state';

export interface Answer {
	ret: Ret;
	message?: string;
	result?: unknown;
}

export interface CallOutBody {
	called: string;
	caller?: string;
	skillid?: number;
	callappdata?: string;
	mediaability: number;
}

const bad = (message: string): Answer => ({ ret: RET.badParam, message });
const absent = (value: unknown) => value === undefined || value === null;

/** An integer sent as a JSON number or as a string of digits (as transfer.ts reads them). */
function integer(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
	if (typeof value === 'string' && /^-?[0-9]{1,15}$/.test(value)) return Number(value);
	return undefined;
}

/** The call out body, field by field in the page's order; the first failure names its field. */
export function checkCallOutBody(raw: unknown): Answer | { body: CallOutBody } {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw))
		return bad('the message body must be a JSON object');
	const b = raw as Record<string, unknown>;
	if (absent(b.called)) return bad('called is required');
	if (typeof b.called !== 'string' || !CALLOUT_CALLED.test(b.called))
		return bad('called must be 1 to 24 characters of digits, * or #');
	let caller: string | undefined;
	if (!absent(b.caller)) {
		if (typeof b.caller !== 'string' || !CALLOUT_CALLER.test(b.caller))
			return bad('caller must be at most 24 digits');
		caller = b.caller === '' ? undefined : b.caller;
	}
	let skillid: number | undefined;
	if (!absent(b.skillid)) {
		skillid = integer(b.skillid);
		if (skillid === undefined || skillid < 0) return bad('skillid must be a whole number');
	}
	let callappdata: string | undefined;
	if (!absent(b.callappdata)) {
		if (typeof b.callappdata !== 'string') return bad('callappdata must be a string');
		if (Buffer.byteLength(b.callappdata, 'utf8') > CALLAPPDATA_MAX_BYTES)
			return bad(`callappdata is longer than ${CALLAPPDATA_MAX_BYTES} bytes`);
		callappdata = b.callappdata;
	}
	let mediaability = 0;
	if (!absent(b.mediaability)) {
		const m = integer(b.mediaability);
		if (m === undefined || !MEDIA_ABILITIES.includes(m))
			return bad(`mediaability must be one of ${MEDIA_ABILITIES.join(', ')}`);
		mediaability = m;
	}
	// Its values are not on the page we have: any whole number passes.
	if (!absent(b.userVideoDirection) && integer(b.userVideoDirection) === undefined)
		return bad('userVideoDirection must be a whole number');
	return { body: { called: b.called, caller, skillid, callappdata, mediaability } };
}

function queue(state: GatewayState, agent: Agent, call: Call, types: readonly EventType[]): void {
	const context = {
		callid: call.callid,
		caller: call.caller,
		called: call.called,
		mediaAbility: call.media === 'video' ? 1 : 0,
		agentId: agent.agentId,
		address: call.called,
		succeeded: true,
		leg: 'main' as const,
		feature: call.direction === 'inbound' ? 0 : 7,
	};
	for (const type of types)
		state.queueEvent(agent, type, eventContent(type, { ...context, now: state.now() }));
}

function runStep(state: GatewayState, agent: Agent, call: Call, step: TransferStep): void {
	if (step.call === 'released') state.releaseCall(agent);
	else call.state = step.call;
	queue(state, agent, call, step.events);
}

/**
 * A call out by a free agent (no call of its own, idle; calls on hold do not count: calling out
 * while holding is how an agent consults). The call rings the customer ('dialling'); what the
 * customer does comes from nextCallOutOutcome, by default an answer at once. afterMs 0 settles
 * before the gateway answers. The result is the new callid as a string (our choice of shape).
 */
export function callOut(
	state: GatewayState,
	agent: Agent,
	body: CallOutBody,
	later: (ms: number, fn: () => void) => void,
): Answer {
	if (agent.call || !CALL_OUT_STATES.includes(agent.workState)) return { ret: RET.agentNotFree };
	const planned = agent.nextCallOut ?? { outcome: 'answer', afterMs: 0 };
	agent.nextCallOut = undefined;
	const call: Call = {
		callid: state.newCallId(),
		direction: 'outbound',
		// 2 "best available": the simulated customer's phone is a voice phone.
		media: body.mediaability === 1 ? 'video' : 'voice',
		caller: body.caller ?? agent.phonenum ?? '6001',
		called: body.called,
		state: 'dialling',
		beginTime: state.now(),
		skillId: body.skillid ?? 0,
		calldata: body.callappdata ?? '',
	};
	agent.call = call;
	const settle = () => {
		if (agent.signedIn && agent.call === call && call.state === 'dialling')
			runStep(state, agent, call, CALL_OUT_EFFECTS[planned.outcome]);
	};
	if (planned.afterMs <= 0) settle();
	else later(planned.afterMs, settle);
	return { ret: RET.ok, result: call.callid };
}

/** The agent's current call is released (a call away in an IVR flow is not at the agent). Held calls stay held. */
export function release(state: GatewayState, agent: Agent): Answer {
	const call = agent.call;
	if (!call || call.state === 'inIvr') return { ret: RET.noCallToRelease };
	runStep(state, agent, call, { events: ['AgentEvent_Call_Release'], call: 'released' });
	return { ret: RET.ok };
}

/** The agent's talking call goes on the hold list; the agent is then free of a talking call. */
export function hold(state: GatewayState, agent: Agent): Answer {
	const call = agent.call;
	if (!call || call.state !== 'talking') return { ret: RET.noCallToHold };
	call.state = 'held';
	agent.held.push(call);
	agent.call = null;
	queue(state, agent, call, ['AgentEvent_Hold']);
	return { ret: RET.ok };
}

/** A held call taken back: it must be on the hold list (else 000-002 naming callid), and the agent in no other call. */
export function takeBack(state: GatewayState, agent: Agent, query: URLSearchParams): Answer {
	const callid = query.get('callid');
	if (callid === null || callid === '') return bad('callid is required');
	const call = agent.held.find((c) => c.callid === callid);
	if (!call) return bad(`callid ${callid} is not on hold`);
	if (agent.call) return { ret: RET.inAnotherCall };
	agent.held = agent.held.filter((c) => c !== call);
	agent.call = call;
	call.state = 'talking';
	queue(state, agent, call, ['AgentEvent_Talking']);
	return { ret: RET.ok };
}
