/**
 * The read-only queries' answers: agentstatus, callinfo, holdlist and skillwaitnum. They change nothing, take no
 * event and hand out no Guid; shapes in docs/gateway.md ("Read-only queries").
 */
import { RET, WORKING_STATUSES, type Ret } from './rules';
import type { Agent, Call, GatewayState } from './state';

/** agentstatus's result: the status code and whether the agent counts as working (rules.ts). */
export function agentStatusResult(
	state: GatewayState,
	agent: Agent,
): { agentState: number; isWorking: boolean } {
	const agentState = state.status(agent);
	return { agentState, isWorking: WORKING_STATUSES.includes(agentState) };
}

/**
 * One call as callinfo and holdlist describe it: the vendor's fields only (cec_07_1261 and its
 * siblings), so a client built on the simulator reads nothing a real gateway lacks. The pages type
 * caller and called as int; numbers with * or # or a leading 0 do not fit one, so they stay strings.
 */
export function describeCall(call: Call, now: number): Record<string, unknown> {
	return {
		// 0 a normal inbound call, 7 an outbound call (the vendor's call feature codes).
		callfeature: call.direction === 'inbound' ? 0 : 7,
		callid: call.callid,
		caller: call.caller,
		called: call.called,
		callskill: call.skillId > 0 ? `skill-${call.skillId}` : '',
		callskillid: call.skillId,
		calldata: call.calldata,
		begintime: call.beginTime,
		userPriority: 0,
		trunkNo: 0,
		logontimes: Math.max(0, Math.floor((now - call.beginTime) / 1000)),
		// 5: a phone call (our reading of the vendor's media types); video shows in mediaAbility.
		mediaType: 5,
		mediaAbility: call.media === 'video' ? 1 : 0,
		waitTime: 0,
		// "Reserved, empty by default."
		trace: null,
	};
}

/**
 * callinfo's result. isNoContainLastCall (default true): false asks for the agent's last call when
 * it has none now. The answer is the same shape either way: a caller cannot tell a last call from a
 * current one except by asking agentstatus. With no call (and no last call asked for, or none
 * kept) the result is {} with retcode 0 (the gateway's answer for "no call" is not documented).
 * Held calls are not the current call: they are in holdlist.
 */
export function callInfoResult(
	state: GatewayState,
	agent: Agent,
	query: URLSearchParams,
): { ret: Ret; message?: string } | { result: Record<string, unknown> } {
	const raw = query.get('isNoContainLastCall');
	if (raw !== null && raw !== 'true' && raw !== 'false')
		return { ret: RET.badParam, message: 'isNoContainLastCall must be true or false' };
	const call = agent.call ?? (raw === 'false' ? agent.lastCall : null);
	return { result: call ? describeCall(call, state.now()) : {} };
}

/** holdlist's result: the held calls, oldest first, each as callinfo describes a call. */
export function holdListResult(state: GatewayState, agent: Agent): Array<Record<string, unknown>> {
	return agent.held.map((call) => describeCall(call, state.now()));
}

/** A skill ID as skillwaitnum takes it: a positive whole number (digits only), else undefined. */
export function parseSkillId(raw: string): number | undefined {
	if (!/^[0-9]{1,10}$/.test(raw)) return undefined;
	const value = Number(raw);
	return value >= 1 ? value : undefined;
}

/** skillwaitnum's result: the number of calls waiting in the skill queue (0 unless set). */
export function skillWaitResult(
	state: GatewayState,
	rawSkillId: string,
): { ret: Ret; message?: string } | { result: number } {
	const skillId = parseSkillId(rawSkillId);
	if (skillId === undefined)
		return { ret: RET.badParam, message: 'skillid must be a positive whole number' };
	return { result: state.skillWaiting.get(skillId) ?? 0 };
}
