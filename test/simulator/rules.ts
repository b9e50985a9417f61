/**
 * The simulator's own statement of the gateway's rules, written from docs/gateway.md (which names
 * the vendor's page ids). Every fact the simulator enforces
 * or reports lives here and nowhere else: which (devicetype, mode) pairs exist, the limits, the
 * return codes and their messages, and what each kind of transfer does to the call and which
 * events it queues. It deliberately imports nothing from the node: the node and the simulator
 * check each other, so a rule one of them gets wrong shows up as a failing test.
 */

export type SimRuleSet = 'documented' | 'extended';
export const RULE_SETS: readonly SimRuleSet[] = ['documented', 'extended'];

// ---------------------------------------------------------------------------------------------
// Targets and modes
// ---------------------------------------------------------------------------------------------

export const SKILL_QUEUE = 1;
export const AGENT = 2;
export const IVR = 3;
export const ACCESS_CODE = 4;
export const EXTERNAL = 5;

export const DEVICE_TYPE_NAMES: Readonly<Record<number, string>> = {
	[SKILL_QUEUE]: 'skill queue',
	[AGENT]: 'agent',
	[IVR]: 'IVR',
	[ACCESS_CODE]: 'system access code',
	[EXTERNAL]: 'outbound number',
};

/** What a (devicetype, mode) pair does; the vendor's glossary names each one. */
export type TransferKind =
	| 'blind'
	| 'releaseAfter'
	| 'talkForwarding'
	| 'threeParty'
	| 'hangUpIvr'
	| 'designated';

export const TRANSFER_KIND_NAMES: Readonly<Record<TransferKind, string>> = {
	blind: 'blind transfer',
	releaseAfter: 'release-after-transfer',
	talkForwarding: 'talk forwarding',
	threeParty: 'three-party transfer',
	hangUpIvr: 'hang-up transfer',
	designated: 'designated transfer',
};

/**
 * devicetype → mode → kind. A pair that is not listed is invalid. "documented" is the Transfer Call page (cec_07_1225)
 * (2023); "extended" adds the newer pages' mode 3 for transfers to an agent.
 */
export const TRANSFER_TABLE: Readonly<
	Record<SimRuleSet, Readonly<Record<number, Readonly<Record<number, TransferKind>>>>>
> = {
	documented: {
		[SKILL_QUEUE]: { 0: 'blind', 2: 'releaseAfter' },
		[AGENT]: { 0: 'blind', 2: 'releaseAfter' },
		[IVR]: { 0: 'blind', 1: 'hangUpIvr' },
		[ACCESS_CODE]: { 0: 'blind', 2: 'releaseAfter' },
		[EXTERNAL]: { 1: 'blind', 2: 'releaseAfter', 3: 'talkForwarding', 4: 'threeParty' },
	},
	extended: {
		[SKILL_QUEUE]: { 0: 'blind', 2: 'releaseAfter' },
		[AGENT]: { 0: 'blind', 2: 'releaseAfter', 3: 'designated' },
		[IVR]: { 0: 'blind', 1: 'hangUpIvr' },
		[ACCESS_CODE]: { 0: 'blind', 2: 'releaseAfter' },
		[EXTERNAL]: { 1: 'blind', 2: 'releaseAfter', 3: 'talkForwarding', 4: 'threeParty' },
	},
};

/** The modes a devicetype accepts, or undefined for an unknown devicetype. */
export function modesFor(rules: SimRuleSet, devicetype: number): number[] | undefined {
	const row = TRANSFER_TABLE[rules][devicetype];
	return row ? Object.keys(row).map(Number) : undefined;
}

export function transferKind(
	rules: SimRuleSet,
	devicetype: number,
	mode: number,
): TransferKind | undefined {
	return TRANSFER_TABLE[rules][devicetype]?.[mode];
}

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/** Agent IDs in the URL of every agent interface (the simulator applies one range to all of them). */
export const AGENT_ID_RANGE: Readonly<Record<SimRuleSet, readonly [number, number]>> = {
	documented: [101, 59999],
	extended: [101, 999999],
};

/** address: at most 24 characters, counted as Unicode code points. */
export const ADDRESS_MAX_CHARS = 24;
/** caller: 0 to 24 characters of an external number. */
export const CALLER_MAX_CHARS = 24;
/** callappdata: 16 KB, counted as UTF-8 bytes. */
export const CALLAPPDATA_MAX_BYTES = 16 * 1024;
export const MEDIA_ABILITIES: readonly number[] = [0, 1, 2];

/**
 * The characters of an external number: the devicetype 5 address and the caller. The Transfer Call page
 * says digits; the newer pages add A–E, * and #.
 */
export const EXTERNAL_NUMBER: Readonly<Record<SimRuleSet, RegExp>> = {
	documented: /^[0-9]*$/,
	extended: /^[0-9A-E*#]*$/,
};

/** Not the gateway's rule but the simulator's own guard: a request body larger than this is refused. */
export const REQUEST_BODY_MAX_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Return codes
// ---------------------------------------------------------------------------------------------

/** [retcode, the simulator's default message]. */
export const RET = {
	ok: ['0', 'success'],
	wrongEventMethod: ['000-001', 'wrong method used to get agent events'],
	badParam: ['000-002', 'parameter invalid'],
	noRight: ['000-003', 'no right to invite resource'],
	signInParam: ['100-001', 'sign-in parameter is empty or invalid'],
	alreadySignedIn: ['100-002', 'the agent has already signed in'],
	wrongPassword: ['100-004', 'wrong user name or password'],
	notSignedIn: ['100-006', 'the agent has not signed in'],
	operationFailed: ['100-007', 'an exception occurred during the agent operation'],
	noCallToTransfer: ['200-012', 'there is no call to transfer'],
	// Our choices for cases the pages leave open (docs/gateway.md, "Call control"):
	noCallToRelease: ['200-017', 'there is no call to release'],
	noCallToHold: ['200-017', 'there is no talking call to hold'],
	agentNotFree: ['100-007', 'the agent is not free to call out (in a call, busy or resting)'],
	inAnotherCall: ['100-007', 'the agent is in another call; release or hold it first'],
	transferUnderWay: ['100-007', 'a transfer of this call is already under way'],
} as const;
export type Ret = (typeof RET)[keyof typeof RET];

/**
 * Preconditions the page states about the call rather than the parameters. The body is valid, so
 * they are not 000-002; the operation cannot be carried out on this call, which is 100-007
 * ("an exception occurred during the agent's operation"), one of the four codes the page lists.
 */
export interface Precondition {
	refuses(
		call: { direction: 'inbound' | 'outbound'; media: 'voice' | 'video'; state: string },
		devicetype: number,
		kind: TransferKind,
	): boolean;
	ret: Ret;
	message: string;
}
export const TRANSFER_PRECONDITIONS: readonly Precondition[] = [
	{
		refuses: (call, devicetype, kind) =>
			devicetype === EXTERNAL && kind === 'blind' && call.direction === 'outbound',
		ret: RET.operationFailed,
		message: 'blind transfer of an outbound call to an outbound number is not supported',
	},
	{
		refuses: (call, devicetype, kind) =>
			devicetype === EXTERNAL && kind === 'blind' && call.media === 'video',
		ret: RET.operationFailed,
		message: 'a video call cannot be blind transferred to an external number',
	},
	{
		// A controlled transfer whose target is still ringing (nextTransferOutcome): one at a time.
		refuses: (call) => call.state === 'transferring',
		ret: RET.transferUnderWay,
		message: RET.transferUnderWay[1],
	},
];

// ---------------------------------------------------------------------------------------------
// Agent status (agentstatus query)
// ---------------------------------------------------------------------------------------------

export const AGENT_STATUS = {
	unknown: 0,
	signedOut: 2,
	busy: 3,
	idle: 4,
	wrapUp: 5,
	talking: 7,
	rest: 8,
	preRest: 9,
} as const;

/**
 * The agent's status while it has a call, by where the call is. Any call at the agent is 7: the
 * agent's line is taken (also while a call out or a controlled transfer rings). While a hang-up
 * transfer runs its IVR flow the agent waits for the call: busy.
 */
export const CALL_STATE_STATUS: Readonly<Record<CallState, number>> = {
	talking: AGENT_STATUS.talking,
	conference: AGENT_STATUS.talking,
	transferring: AGENT_STATUS.talking,
	dialling: AGENT_STATUS.talking,
	held: AGENT_STATUS.talking,
	inIvr: AGENT_STATUS.busy,
};

// ---------------------------------------------------------------------------------------------
// What a transfer does, and the events it queues
// ---------------------------------------------------------------------------------------------

export type EventType =
	| 'AgentEvent_Talking'
	| 'AgentEvent_Connect_Fail'
	| 'AgentEvent_Call_Release'
	| 'AgentEvent_SuccTransResult'
	| 'AgentMediaEvent_StopRecordDone'
	| 'AgentEvent_Conference'
	| 'AgentEvent_ReturnFromIvr'
	| 'AgentEvent_Hold';

/**
 * Where the call is once a step is over: gone from the agent, still with the agent, etc.
 * transferring: a controlled transfer's target rings, the call is still the agent's; dialling: a
 * call out rings the customer; held: on the agent's hold list.
 */
export type CallAfter =
	| 'released'
	| 'talking'
	| 'conference'
	| 'inIvr'
	| 'transferring'
	| 'dialling'
	| 'held';
export type CallState = Exclude<CallAfter, 'released'>;

export interface TransferStep {
	events: EventType[];
	call: CallAfter;
}

export interface TransferEffect {
	/** At once, when the gateway answers retcode 0. */
	now: TransferStep;
	/** Later (three-party: the agent leaves the conference; hang-up: the IVR flow returns the call). */
	later?: { after: 'conferenceLeave' | 'ivrReturn' } & TransferStep;
}

/**
 * When the target answers. Release-after-transfer is "released once the target answers", and the
 * simulated target answers at once. Talk forwarding: the target talks with the agent, then the
 * agent leaves. Three-party: a conference, and the agent leaves later.
 */
export const TRANSFER_EFFECTS: Readonly<Record<TransferKind, TransferEffect>> = {
	blind: { now: { events: ['AgentEvent_Call_Release'], call: 'released' } },
	designated: { now: { events: ['AgentEvent_Call_Release'], call: 'released' } },
	releaseAfter: {
		now: {
			events: [
				'AgentEvent_SuccTransResult',
				'AgentMediaEvent_StopRecordDone',
				'AgentEvent_Call_Release',
			],
			call: 'released',
		},
	},
	talkForwarding: {
		now: { events: ['AgentEvent_Talking', 'AgentEvent_Call_Release'], call: 'released' },
	},
	threeParty: {
		now: { events: ['AgentEvent_Talking', 'AgentEvent_Conference'], call: 'conference' },
		later: { after: 'conferenceLeave', events: ['AgentEvent_Call_Release'], call: 'released' },
	},
	hangUpIvr: {
		now: { events: [], call: 'inIvr' },
		later: { after: 'ivrReturn', events: ['AgentEvent_ReturnFromIvr'], call: 'talking' },
	},
};

/**
 * When the target cannot be reached (an address listed in the simulator's unreachableAddresses).
 * A blind transfer does not care: the agent has already left. The others keep the call with the
 * agent; release-after-transfer says so in AgentEvent_SuccTransResult.
 */
export const FAILED_TRANSFER_EFFECTS: Readonly<Record<TransferKind, TransferEffect>> = {
	blind: TRANSFER_EFFECTS.blind,
	designated: TRANSFER_EFFECTS.designated,
	releaseAfter: {
		now: { events: ['AgentEvent_Connect_Fail', 'AgentEvent_SuccTransResult'], call: 'talking' },
	},
	talkForwarding: { now: { events: ['AgentEvent_Connect_Fail'], call: 'talking' } },
	threeParty: { now: { events: ['AgentEvent_Connect_Fail'], call: 'talking' } },
	hangUpIvr: { now: { events: ['AgentEvent_Connect_Fail'], call: 'talking' } },
};

/** The result code AgentEvent_SuccTransResult carries when the target did not answer (not documented). */
export const SUCC_TRANS_FAILED_RESULT = 1;

export interface EventContext {
	callid: string;
	caller: string;
	called: string;
	mediaAbility: number;
	/** The agent that made the transfer. */
	agentId: string;
	/** Where the call was transferred to. */
	address: string;
	succeeded: boolean;
	now: number;
	/** AgentEvent_Talking: the transfer's consultation leg (default) or the agent's own call (call out answered, call taken back). */
	leg?: 'assistant' | 'main';
	/** The call's feature code (0 inbound, 7 outbound); a consultation leg is always 7. */
	feature?: number;
}

/** The content of each event, in the shapes docs/gateway.md gives. */
export function eventContent(type: EventType, c: EventContext): unknown {
	switch (type) {
		case 'AgentEvent_Call_Release':
		case 'AgentEvent_Connect_Fail':
		case 'AgentEvent_ReturnFromIvr':
		case 'AgentEvent_Hold':
			return c.callid;
		case 'AgentEvent_SuccTransResult':
			return { result: c.succeeded ? 0 : SUCC_TRANS_FAILED_RESULT, callId: c.callid };
		case 'AgentEvent_Talking':
			// The consultation leg with the target: the agent's second ("assistant") call.
			if (c.leg === 'main')
				return {
					caller: c.caller,
					callid: c.callid,
					called: c.called,
					feature: c.feature ?? 7,
					type: 'main',
					mediaAbility: c.mediaAbility,
				};
			return {
				caller: c.caller,
				callid: c.callid,
				called: c.address,
				feature: 7,
				type: 'assistant',
				mediaAbility: c.mediaAbility,
			};
		case 'AgentEvent_Conference':
			return { callid: c.callid, partner: `${c.agentId},${c.address}` };
		case 'AgentMediaEvent_StopRecordDone':
			return {
				beginTime: String(c.now - 30_000),
				endTime: String(c.now),
				fileMediaType: c.mediaAbility === 1 ? 'video' : 'audio',
				recordFormat: 'V3',
				taskId: `rec-${c.callid}`,
			};
	}
}

// ---------------------------------------------------------------------------------------------
// The agent's own state (agentstatus) when it has no call
// ---------------------------------------------------------------------------------------------

/** What a test can set an agent without a call to; each is one of the agentstatus codes. */
export type AgentWorkState = 'idle' | 'busy' | 'rest' | 'wrapUp';
export const AGENT_WORK_STATES: readonly AgentWorkState[] = ['idle', 'busy', 'rest', 'wrapUp'];

export const WORK_STATE_STATUS: Readonly<Record<AgentWorkState, number>> = {
	idle: AGENT_STATUS.idle,
	busy: AGENT_STATUS.busy,
	rest: AGENT_STATUS.rest,
	wrapUp: AGENT_STATUS.wrapUp,
};

/**
 * The event queued when the agent's own state changes. AgentState_SetNotReady_Success is the
 * vendor's busy event (cec_07_1346); the other names are our reading of the vendor's event list.
 */
export const WORK_STATE_EVENTS: Readonly<Record<AgentWorkState, string>> = {
	idle: 'AgentState_Ready',
	busy: 'AgentState_SetNotReady_Success',
	rest: 'AgentState_SetRest_Success',
	wrapUp: 'AgentState_Work',
};

/**
 * agentstatus's isWorking: the page does not define it beyond its name. Our choice: true while the
 * agent is occupied (busy, talking, wrap-up), false when idle, resting, about to rest or signed out.
 */
export const WORKING_STATUSES: readonly number[] = [
	AGENT_STATUS.busy,
	AGENT_STATUS.talking,
	AGENT_STATUS.wrapUp,
];

/** The states an agent may call out from: busy and resting agents are not free; wrap-up is the time to call a customer back. */
export const CALL_OUT_STATES: readonly AgentWorkState[] = ['idle', 'wrapUp'];

// ---------------------------------------------------------------------------------------------
// Call control: call out, release, hold, take back (retcode choices for undocumented cases)
// ---------------------------------------------------------------------------------------------

/**
 * Not in the pages: the code for "there is no call for this operation" on release and hold. The
 * 200-0xx family is the call codes (200-012 no call to transfer, 200-025 no call can be dropped);
 * 200-017 is our reading, with a message naming the operation.
 */
export const NO_CALL_FOR_OPERATION = ['200-017', 'there is no call for this operation'] as const;

/** called: required, 1–24 characters of digits, * and # (cec_07_1232). */
export const CALLOUT_CALLED = /^[0-9*#]{1,24}$/;
/** caller: optional, digits only, at most 24. */
export const CALLOUT_CALLER = /^[0-9]{0,24}$/;

/** What the called customer does with a call out, after afterMs (nextCallOutOutcome). */
export type CallOutOutcome = 'answer' | 'noAnswer' | 'busy';
export const CALL_OUT_OUTCOMES: readonly CallOutOutcome[] = ['answer', 'noAnswer', 'busy'];

/**
 * The customer answers: the call is talking. No answer or busy: the connection fails and the call
 * is released; the agent cannot tell the two apart by events (the simulator's simplification).
 */
export const CALL_OUT_EFFECTS: Readonly<Record<CallOutOutcome, TransferStep>> = {
	answer: { events: ['AgentEvent_Talking'], call: 'talking' },
	noAnswer: { events: ['AgentEvent_Connect_Fail', 'AgentEvent_Call_Release'], call: 'released' },
	busy: { events: ['AgentEvent_Connect_Fail', 'AgentEvent_Call_Release'], call: 'released' },
};

// ---------------------------------------------------------------------------------------------
// Controlled transfer outcomes (nextTransferOutcome): what the target and the customer do
// ---------------------------------------------------------------------------------------------

export type TransferOutcome = 'answer' | 'noAnswer' | 'customerHangsUp';
export const TRANSFER_OUTCOMES: readonly TransferOutcome[] = [
	'answer',
	'noAnswer',
	'customerHangsUp',
];

/**
 * What one controlled transfer does. `now` at once (when the gateway answers retcode 0): either
 * the kind's usual effect (TRANSFER_EFFECTS, then the outcome does not matter to the agent) or a
 * step. `after` once afterMs has passed: the kind's usual effect (its own later step included), or
 * a step. Only a call still where `now` left it is touched by `after`.
 */
export interface OutcomePlan {
	now: 'usual' | TransferStep;
	after?: 'usual' | TransferStep;
}

/** The target rings; the customer waits; the call is still the agent's. */
const RINGING: TransferStep = { events: [], call: 'transferring' };
const USUAL_AT_ONCE: Readonly<Record<TransferOutcome, OutcomePlan>> = {
	answer: { now: 'usual' },
	noAnswer: { now: 'usual' },
	customerHangsUp: { now: 'usual' },
};
const CUSTOMER_GONE: TransferStep = { events: ['AgentEvent_Call_Release'], call: 'released' };

/**
 * kind × outcome. Blind and designated: the agent has left at once, whatever follows. IVR hang-up:
 * unchanged (the IVR flow returns the call after ivrReturnMs). The others keep the call with the
 * agent while the target rings; then the usual effect (answer), the call back to talking with the
 * failure events (no answer), or the call released (the customer hung up).
 */
export const TRANSFER_OUTCOME_PLANS: Readonly<
	Record<TransferKind, Readonly<Record<TransferOutcome, OutcomePlan>>>
> = {
	blind: USUAL_AT_ONCE,
	designated: USUAL_AT_ONCE,
	hangUpIvr: USUAL_AT_ONCE,
	releaseAfter: {
		answer: { now: RINGING, after: 'usual' },
		noAnswer: { now: RINGING, after: FAILED_TRANSFER_EFFECTS.releaseAfter.now },
		customerHangsUp: { now: RINGING, after: CUSTOMER_GONE },
	},
	talkForwarding: {
		answer: { now: RINGING, after: 'usual' },
		noAnswer: { now: RINGING, after: FAILED_TRANSFER_EFFECTS.talkForwarding.now },
		customerHangsUp: { now: RINGING, after: CUSTOMER_GONE },
	},
	threeParty: {
		answer: { now: RINGING, after: 'usual' },
		noAnswer: { now: RINGING, after: FAILED_TRANSFER_EFFECTS.threeParty.now },
		customerHangsUp: { now: RINGING, after: CUSTOMER_GONE },
	},
};
