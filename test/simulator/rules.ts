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
export type TransferKind = 'blind' | 'releaseAfter' | 'talkForwarding' | 'threeParty' | 'hangUpIvr' | 'designated';

export const TRANSFER_KIND_NAMES: Readonly<Record<TransferKind, string>> = {
	blind: 'blind transfer',
	releaseAfter: 'release-after-transfer',
	talkForwarding: 'talk forwarding',
	threeParty: 'three-party transfer',
	hangUpIvr: 'hang-up transfer',
	designated: 'designated transfer',
};

/**
 * devicetype → mode → kind. A pair that is not listed is invalid. "documented" is the seed page
 * (2023); "extended" adds the newer pages' mode 3 for transfers to an agent.
 */
export const TRANSFER_TABLE: Readonly<Record<SimRuleSet, Readonly<Record<number, Readonly<Record<number, TransferKind>>>>>> = {
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

export function transferKind(rules: SimRuleSet, devicetype: number, mode: number): TransferKind | undefined {
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
 * The characters of an external number: the devicetype 5 address and the caller. The seed page
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
} as const;
export type Ret = (typeof RET)[keyof typeof RET];

/**
 * Preconditions the page states about the call rather than the parameters. The body is valid, so
 * they are not 000-002; the operation cannot be carried out on this call, which is 100-007
 * ("an exception occurred during the agent's operation"), one of the four codes the page lists.
 */
export interface Precondition {
	refuses(call: { direction: 'inbound' | 'outbound'; media: 'voice' | 'video' }, devicetype: number, kind: TransferKind): boolean;
	ret: Ret;
	message: string;
}
export const TRANSFER_PRECONDITIONS: readonly Precondition[] = [
	{
		refuses: (call, devicetype, kind) => devicetype === EXTERNAL && kind === 'blind' && call.direction === 'outbound',
		ret: RET.operationFailed,
		message: 'blind transfer of an outbound call to an outbound number is not supported',
	},
	{
		refuses: (call, devicetype, kind) => devicetype === EXTERNAL && kind === 'blind' && call.media === 'video',
		ret: RET.operationFailed,
		message: 'a video call cannot be blind transferred to an external number',
	},
];

// ---------------------------------------------------------------------------------------------
// Agent status (agentstatus query)
// ---------------------------------------------------------------------------------------------

export const AGENT_STATUS = { unknown: 0, signedOut: 2, busy: 3, idle: 4, wrapUp: 5, talking: 7, rest: 8, preRest: 9 } as const;

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
	| 'AgentEvent_ReturnFromIvr';

/** Where the call is once a step is over: gone from the agent, still with the agent, etc. */
export type CallAfter = 'released' | 'talking' | 'conference' | 'inIvr';

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
		now: { events: ['AgentEvent_SuccTransResult', 'AgentMediaEvent_StopRecordDone', 'AgentEvent_Call_Release'], call: 'released' },
	},
	talkForwarding: { now: { events: ['AgentEvent_Talking', 'AgentEvent_Call_Release'], call: 'released' } },
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
	releaseAfter: { now: { events: ['AgentEvent_Connect_Fail', 'AgentEvent_SuccTransResult'], call: 'talking' } },
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
}

/** The content of each event, in the shapes docs/gateway.md gives. */
export function eventContent(type: EventType, c: EventContext): unknown {
	switch (type) {
		case 'AgentEvent_Call_Release':
		case 'AgentEvent_Connect_Fail':
		case 'AgentEvent_ReturnFromIvr':
			return c.callid;
		case 'AgentEvent_SuccTransResult':
			return { result: c.succeeded ? 0 : SUCC_TRANS_FAILED_RESULT, callId: c.callid };
		case 'AgentEvent_Talking':
			// The consultation leg with the target: the agent's second ("assistant") call.
			return { caller: c.caller, callid: c.callid, called: c.address, feature: 7, type: 'assistant', mediaAbility: c.mediaAbility };
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
