/**
 * The simulator's own copy of the gateway's rules, written from transfer-rules.md and
 * gateway-notes.md. It deliberately imports nothing from the node: the node and the simulator
 * check each other, so a rule one of them gets wrong shows up as a failing test.
 */

export type SimRuleSet = 'documented' | 'extended';

/** devicetype → the modes the gateway accepts for it. */
export const TRANSFER_MODES: Record<SimRuleSet, Record<number, number[]>> = {
	documented: { 1: [0, 2], 2: [0, 2], 3: [0, 1], 4: [0, 2], 5: [1, 2, 3, 4] },
	extended: { 1: [0, 2], 2: [0, 2, 3], 3: [0, 1], 4: [0, 2], 5: [1, 2, 3, 4] },
};

export const AGENT_ID_RANGE: Record<SimRuleSet, [number, number]> = {
	documented: [101, 59999],
	extended: [101, 999999],
};

export const ADDRESS_MAX_CHARS = 24;
export const CALLER_MAX_DIGITS = 24;
export const CALLAPPDATA_MAX_BYTES = 16 * 1024;
export const MEDIA_ABILITIES = [0, 1, 2];

/** Characters of an external number (devicetype 5 address, and caller). */
export const NUMBER_CHARS: Record<SimRuleSet, RegExp> = {
	documented: /^[0-9]*$/,
	extended: /^[0-9A-E*#]*$/,
};

export const EXTERNAL = 5;
export const AGENT = 2;
export const IVR = 3;

/** What a (devicetype, mode) pair does to the call. */
export type TransferKind = 'blind' | 'releaseAfter' | 'talkForwarding' | 'threeParty' | 'hangUpIvr' | 'designated';

export function transferKind(devicetype: number, mode: number): TransferKind {
	if (devicetype === EXTERNAL) {
		return ({ 1: 'blind', 2: 'releaseAfter', 3: 'talkForwarding', 4: 'threeParty' } as const)[mode as 1 | 2 | 3 | 4];
	}
	if (devicetype === IVR && mode === 1) return 'hangUpIvr';
	if (devicetype === AGENT && mode === 3) return 'designated';
	return mode === 0 ? 'blind' : 'releaseAfter';
}

/** Return codes and the messages the simulator answers with. */
export const RET = {
	ok: ['0', 'success'],
	wrongEventMethod: ['000-001', 'wrong method to get agent events'],
	badParam: ['000-002', 'parameter invalid'],
	noRight: ['000-003', 'no right to invite resource'],
	signInParam: ['100-001', 'sign-in parameter is empty or invalid'],
	alreadySignedIn: ['100-002', 'the agent has signed in'],
	wrongPassword: ['100-004', 'wrong user name or password'],
	notSignedIn: ['100-006', 'the agent has not signed in'],
	operationFailed: ['100-007', 'an exception occurred during the agent operation'],
	noCallToTransfer: ['200-012', 'there is no call to transfer'],
} as const;
export type Ret = (typeof RET)[keyof typeof RET];

/** Agent status codes of the agentstatus query. */
export const AGENT_STATUS = { unknown: 0, signedOut: 2, busy: 3, idle: 4, wrapUp: 5, talking: 7, rest: 8 } as const;

/** The events each kind of transfer queues for the agent, with gateway-notes.md's content shapes. */
export function transferEvents(
	kind: TransferKind,
	call: { callid: string; caller: string; called: string; mediaAbility: number },
	target: { address: string; agentId: string },
): Array<{ eventType: string; content: unknown }> {
	const release = { eventType: 'AgentEvent_Call_Release', content: call.callid };
	const talking = {
		eventType: 'AgentEvent_Talking',
		content: { caller: call.caller, callid: call.callid, called: target.address, feature: 7, type: 'assistant', mediaAbility: call.mediaAbility },
	};
	switch (kind) {
		case 'blind':
		case 'designated':
			return [release];
		case 'releaseAfter':
			return [
				{ eventType: 'AgentEvent_SuccTransResult', content: { result: 0, callId: call.callid } },
				{
					eventType: 'AgentMediaEvent_StopRecordDone',
					content: { beginTime: String(Date.now() - 30000), endTime: String(Date.now()), fileMediaType: 'audio', recordFormat: 'V3', taskId: `rec-${call.callid}` },
				},
				release,
			];
		case 'talkForwarding':
			return [talking, release];
		case 'threeParty':
			return [talking, { eventType: 'AgentEvent_Conference', content: { callid: call.callid, partner: `${target.agentId},${target.address}` } }];
		case 'hangUpIvr':
			return [];
	}
}
