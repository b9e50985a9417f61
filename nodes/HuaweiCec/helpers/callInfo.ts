/**
 * The agent's current call, read with `GET calldata/{agentid}/callinfo` (read-only: it changes
 * nothing and takes no event). Used by Get Call Info, the call guard and Wait for Outcome.
 */
import type { IDataObject } from 'n8n-workflow';

import { READ_ONLY } from '../transport';
import { agentRequest, type RequestContext } from './agentRequest';
import { unknownAnswer } from './errors';

export interface AgentAddress {
	agentId: number;
	guid: string;
	timeoutMs: number;
}

/**
 * The gateway's field names → the node's; anything else is passed through under its own name.
 * `caller` must not reach the output under that name: n8n's expression sandbox refuses
 * `$json.caller`, so a builder could not map it.
 */
const RENAMED: Record<string, string> = {
	callid: 'callId',
	caller: 'callerNumber',
	called: 'calledNumber',
	callfeature: 'callFeature',
	callskill: 'skill',
	callskillid: 'skillId',
	calldata: 'callData',
	begintime: 'beginTimeMs',
	logontimes: 'logonTimes',
};

export interface CallView extends IDataObject {
	callId: string;
}

/** A call as the node outputs it; begin time also as ISO text. */
function view(result: IDataObject): CallView {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(result)) out[RENAMED[name] ?? name] = value;
	const ms = Number(out.beginTimeMs);
	if (out.beginTimeMs !== undefined && out.beginTimeMs !== '' && Number.isFinite(ms)) {
		out.beginTime = new Date(ms).toISOString();
	}
	return { ...out, callId: String(out.callId) };
}

/**
 * The agent's call, or null when it has none (an empty result: the only "no call" answer the
 * vendor's callinfo page shows). An answer of another shape fails loudly, naming the interface.
 */
export async function readCall(
	ctx: RequestContext,
	itemIndex: number,
	agent: AgentAddress,
	facts: IDataObject = {},
	includeLastCall = false,
): Promise<CallView | null> {
	const envelope = await agentRequest(ctx, itemIndex, {
		method: 'GET',
		path: `calldata/${agent.agentId}/callinfo`,
		query: { isNoContainLastCall: includeLastCall ? 'false' : 'true' },
		guid: agent.guid,
		timeoutMs: agent.timeoutMs,
		effect: READ_ONLY,
		facts,
	});
	const result = envelope.result;
	if (result === null || result === undefined || result === '') return null;
	const isObject = typeof result === 'object' && !Array.isArray(result);
	if (isObject && Object.keys(result).length === 0) return null;
	const callId = isObject ? (result as IDataObject).callid : undefined;
	if (!isObject || (typeof callId !== 'string' && typeof callId !== 'number')) {
		throw unknownAnswer(
			ctx.node,
			itemIndex,
			{
				name: 'callinfo',
				path: 'GET calldata/{agentid}/callinfo',
				lacks: 'no callid',
				expected: 'empty or a call with a callid',
				retcode: envelope.retcode,
			},
			facts,
		);
	}
	return view(result as IDataObject);
}
