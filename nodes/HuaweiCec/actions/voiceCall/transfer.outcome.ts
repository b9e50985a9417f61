/**
 * Wait for Outcome: after the transfer was accepted, watch the agent's own call with the read-only
 * callinfo query (about once a second) until the call has left the agent or the wait limit passes.
 * Never the agent's event interface: polling it would take the events away from the agent's desktop.
 * The output says what was observed, and interprets it only as far as the mode makes it certain.
 */
import { sleep } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import type { OperationContext } from '../operation';
import { readCall, type AgentAddress, type CallView } from '../../helpers/callInfo';
import { operationError } from '../../helpers/errors';
import {
	BLIND_MODE,
	EXTERNAL_NUMBER,
	IVR,
	RELEASE_AFTER_MODE,
	THREE_PARTY_MODE,
	type DeviceType,
} from './transfer.rules';

const POLL_INTERVAL_MS = 1000;

type Kind = 'blind' | 'releaseAfter' | 'talkForwarding' | 'threeParty' | 'designated' | 'ivrHangUp';

function kindOf(deviceType: DeviceType, mode: number): Kind {
	if (mode === BLIND_MODE[deviceType]) return 'blind';
	if (deviceType === IVR) return 'ivrHangUp';
	if (mode === RELEASE_AFTER_MODE) return 'releaseAfter';
	if (deviceType === EXTERNAL_NUMBER)
		return mode === THREE_PARTY_MODE ? 'threeParty' : 'talkForwarding';
	return 'designated';
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What each mode lets us conclude from "left the agent after N ms" and "still with the agent". */
const READING: Record<
	Kind,
	{
		left: (ms: number) => string;
		still: (ms: number) => string;
		targetAnsweredIfStill: boolean | null;
	}
> = {
	blind: {
		left: () =>
			'The call left the agent, as a blind transfer does at once; nothing is known of the target.',
		still: (ms) =>
			`The call is still with the agent ${seconds(ms)} after a blind transfer: the transfer did not take effect.`,
		targetAnsweredIfStill: null,
	},
	designated: {
		left: (ms) =>
			`The call left the agent after ${seconds(ms)}; nothing more is known of the target.`,
		still: (ms) =>
			`The call is still with the agent after ${seconds(ms)}; the agent's queries cannot tell why.`,
		targetAnsweredIfStill: null,
	},
	releaseAfter: {
		left: (ms) =>
			`The call left the agent after ${seconds(ms)}: the target answered, or the customer hung up (the agent's queries cannot tell which).`,
		still: (ms) =>
			`The call is still with the agent after ${seconds(ms)}: the target has not answered, and the agent keeps the customer.`,
		targetAnsweredIfStill: false,
	},
	talkForwarding: {
		left: (ms) =>
			`The call left the agent after ${seconds(ms)}: the agent handed it over after talking with the target, or the call ended.`,
		still: (ms) =>
			`The call is still with the agent after ${seconds(ms)}: ringing the target or talking with it; the agent's queries cannot tell which.`,
		targetAnsweredIfStill: null,
	},
	threeParty: {
		left: (ms) =>
			`The call left the agent after ${seconds(ms)}: the agent left the three-way call, or the call ended.`,
		still: (ms) =>
			`The call is still with the agent after ${seconds(ms)}: ringing the third party or in the three-way call; the agent's queries cannot tell which.`,
		targetAnsweredIfStill: null,
	},
	ivrHangUp: {
		left: (ms) =>
			`The call left the agent after ${seconds(ms)}: it ended in or after the IVR flow.`,
		still: (ms) =>
			`The call is still the agent's after ${seconds(ms)}: a hang-up transfer keeps it with the agent while the IVR flow runs and when it comes back; the agent's call query cannot tell which.`,
		targetAnsweredIfStill: null,
	},
};

export interface Watch {
	request: { deviceType: DeviceType; mode: number; waitLimitMs?: number };
	agent: AgentAddress;
	target: IDataObject;
	/** The agent's call, read before the transfer. */
	callBefore: CallView;
	/** When the gateway's answer accepting the transfer arrived (ms since epoch). */
	startedAt: number;
}

export async function watchOutcome(
	ctx: OperationContext,
	i: number,
	w: Watch,
): Promise<IDataObject> {
	const limit = w.request.waitLimitMs ?? 0;
	const kind = kindOf(w.request.deviceType, w.request.mode);
	const callId = w.callBefore.callId;
	const cancel = ctx.client.cancelSignal;
	let polls = 0;
	for (;;) {
		const elapsed = Date.now() - w.startedAt;
		// A state is reported only after at least one look at the call since the gateway's answer.
		if (polls > 0 && elapsed >= limit) {
			return {
				observed: 'stillWithAgent',
				callId,
				waitedMs: elapsed,
				polls,
				targetAnswered: READING[kind].targetAnsweredIfStill,
				interpretation: READING[kind].still(elapsed),
			};
		}
		await sleep(Math.max(0, Math.min(POLL_INTERVAL_MS, limit - elapsed)));
		if (cancel?.aborted) {
			throw operationError(
				ctx.node,
				'The execution was stopped while the call was watched; the transfer had been accepted',
				{
					itemIndex: i,
					description:
						'The gateway accepted the transfer (retcode 0) before the stop; only the watching of the call was cut short. Do not send this transfer again.',
				},
				{ ...w.target, errorKind: 'transport', cause: 'cancelled', retcode: '0', fate: 'accepted' },
			);
		}
		let now: CallView | null;
		try {
			now = await readCall(ctx, i, w.agent, w.target);
		} catch (error) {
			// The transfer itself was accepted: a failed look at the call does not fail the item.
			polls++;
			const waitedMs = Date.now() - w.startedAt;
			const why = (error as Error).message;
			return {
				observed: 'unobserved',
				callId,
				waitedMs,
				polls,
				targetAnswered: null,
				interpretation: `The call could no longer be watched: ${why}`,
			};
		}
		polls++;
		if (!now || now.callId !== callId) {
			const afterMs = Date.now() - w.startedAt;
			return {
				observed: 'leftAgent',
				callId,
				afterMs,
				waitedMs: afterMs,
				polls,
				targetAnswered: null,
				interpretation: READING[kind].left(afterMs),
			};
		}
	}
}
