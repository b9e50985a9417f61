/**
 * The call guard (Options › Only If Call ID Is): the gateway's actions name no call and act on
 * whatever call the agent has now, so a late, repeated or re-run request can hit another customer.
 * With a call ID set, the agent's call is read first (read-only) and the action is sent only if it
 * is that call. What it cannot close: the moment between the read and the action.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from './agentRequest';
import { readCall, type AgentAddress, type CallView } from './callInfo';
import { operationError, withFacts, type NodeError } from './errors';

/**
 * Reads the agent's call before an action. A failed read means the action was not sent: the error
 * says so, whatever the read's own error says about the read.
 */
async function readCallBeforeAction(
	ctx: RequestContext,
	itemIndex: number,
	agent: AgentAddress,
	action: string,
	facts: IDataObject,
): Promise<CallView | null> {
	try {
		return await readCall(ctx, itemIndex, agent, facts);
	} catch (error) {
		const e = error as NodeError;
		e.message = `Could not read agent ${agent.agentId}'s call before the ${action}, so the ${action} was not sent: ${e.message}`;
		e.description =
			`Nothing was sent: the ${action} did not happen, and it is safe to run again. ${e.description ?? ''}`.trim();
		throw withFacts(e, { readFailed: true, fate: 'notSent' });
	}
}

/** Refuses the action unless the agent's current call is the expected one. */
function checkGuard(
	ctx: RequestContext,
	itemIndex: number,
	agentId: number,
	expected: string,
	current: CallView | null,
	action: string,
	facts: IDataObject,
): void {
	if (current?.callId === expected) return;
	const now = current ? `on call ${current.callId}` : 'on no call';
	throw operationError(
		ctx.node,
		`Agent ${agentId} is now ${now}, not ${expected}: nothing was sent`,
		{
			itemIndex,
			description: `Options › Only If Call ID Is was ${expected}, so the ${action} was not sent: the agent's call has ended or changed since the event that triggered this item. Nothing changed, and it is safe to run again.`,
		},
		{
			errorKind: 'callGuard',
			expectedCallId: expected,
			currentCallId: current?.callId ?? null,
			...facts,
			fate: 'notSent',
		},
	);
}

/** Refuses an action that needs a call (Wait for Outcome watches one) when the agent has none. */
function refuseWithoutCall(
	ctx: RequestContext,
	itemIndex: number,
	agentId: number,
	action: string,
	facts: IDataObject,
): never {
	throw operationError(
		ctx.node,
		`Agent ${agentId} is on no call: the ${action} was not sent`,
		{
			itemIndex,
			description: `The agent's call was read before the ${action} and the agent had none, so there was nothing to ${action} and nothing to watch. Nothing changed, and it is safe to run again.`,
		},
		{ errorKind: 'callGuard', currentCallId: null, ...facts, fate: 'notSent' },
	);
}

/**
 * Before an action: reads the agent's call when the guard is set (or the caller needs the call
 * anyway, as Wait for Outcome does) and refuses the action unless it is the expected call (or,
 * with no guard, when the read found no call at all). Returns the call read, or undefined when
 * nothing was read.
 */
export async function guardAction(
	ctx: RequestContext,
	itemIndex: number,
	agent: AgentAddress,
	options: { expectedCallId?: string; readAnyway?: boolean; action: string; facts: IDataObject },
): Promise<CallView | null | undefined> {
	const { expectedCallId, action, facts } = options;
	if (expectedCallId === undefined && !options.readAnyway) return undefined;
	const current = await readCallBeforeAction(ctx, itemIndex, agent, action, facts);
	if (expectedCallId !== undefined) {
		checkGuard(ctx, itemIndex, agent.agentId, expectedCallId, current, action, facts);
	} else if (current === null) {
		refuseWithoutCall(ctx, itemIndex, agent.agentId, action, facts);
	}
	return current;
}
