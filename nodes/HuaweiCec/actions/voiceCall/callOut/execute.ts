/** Voice Call › Call Out for one item: the number and options checked, then one PUT, never retried. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { agentCall } from '../../../common/agentCall';
import { withDetails } from '../../../common/failure';
import { pickGuid } from '../../../common/guid';
import type { RetcodeTable } from '../../../common/retcodes';
import {
	COMMON_LABELS,
	CONTROL_CHARS,
	agentIdField as agentIdSchema,
	check,
	checkAgentId,
	checkCallAppData,
	checkMediaAbility,
	checkTimeout,
	commonOptionsShape,
	failer,
	optional,
	showValue,
	text,
	wholeNumber,
	type RuleSet,
} from '../../../common/schema';
import type { Prepare } from '../../types';

const LABELS: Record<string, string> = {
	...COMMON_LABELS,
	calledNumber: 'Number to Call',
	callerNumber: 'Caller Number',
	skillId: 'Skill ID',
	callAppData: 'Call App Data',
	mediaAbility: 'Media Ability',
};

/** The call out page's rules (cec_07_1232, docs/gateway.md). */
const LIMITS = { numberMaxChars: 24, skillId: { min: 1, max: 2147483647 } } as const;

const schema = z
	.object({
		agentId: agentIdSchema,
		calledNumber: text(LABELS.calledNumber),
		options: z.preprocess(
			(value) => value ?? {},
			z
				.object({
					...commonOptionsShape,
					callerNumber: optional(text(LABELS.callerNumber)),
					skillId: optional(wholeNumber(LABELS.skillId, `${LIMITS.skillId.min} or more`)),
					callAppData: optional(text(LABELS.callAppData)),
					mediaAbility: optional(wholeNumber(LABELS.mediaAbility, '0 Voice, 1 Video or 2 Best Available')),
				})
				.passthrough(),
		),
	})
	.transform((raw, ctx) => {
		const fail = failer(ctx);
		const o = raw.options;
		const ruleSet: RuleSet = o.ruleSet ?? 'documented';
		const called = raw.calledNumber;
		if (called === '') return fail('calledNumber', `${LABELS.calledNumber} is required`);
		if (CONTROL_CHARS.test(called) || !/^[0-9*#]+$/.test(called)) return fail('calledNumber', `${LABELS.calledNumber} may hold only digits, * and #; got ${showValue(called)}`);
		if (called.length > LIMITS.numberMaxChars) return fail('calledNumber', `${LABELS.calledNumber} may hold at most ${LIMITS.numberMaxChars} characters; got ${called.length}`);
		const caller = o.callerNumber;
		if (caller !== undefined && (!/^[0-9]+$/.test(caller) || caller.length > LIMITS.numberMaxChars)) {
			return fail('callerNumber', `${LABELS.callerNumber} may hold only digits, at most ${LIMITS.numberMaxChars}; got ${showValue(caller)}`);
		}
		if (o.skillId !== undefined && (o.skillId < LIMITS.skillId.min || o.skillId > LIMITS.skillId.max)) {
			return fail('skillId', `${LABELS.skillId} must be between ${LIMITS.skillId.min} and ${LIMITS.skillId.max}; got ${o.skillId}`);
		}
		if (o.callAppData !== undefined) checkCallAppData(o.callAppData, fail);
		if (o.mediaAbility !== undefined) checkMediaAbility(o.mediaAbility, fail);
		return {
			agentId: checkAgentId(raw.agentId, ruleSet, fail),
			timeoutMs: checkTimeout(o.timeout, fail),
			body: {
				called,
				...(caller !== undefined ? { caller } : {}),
				...(o.skillId !== undefined ? { skillid: o.skillId } : {}),
				...(o.callAppData !== undefined ? { callappdata: o.callAppData } : {}),
				...(o.mediaAbility !== undefined ? { mediaability: o.mediaAbility } : {}),
			},
		};
	});

const RETCODES: RetcodeTable = {
	'100-007': {
		meaning: 'the gateway did not place the call: the agent is not free (in a call, busy or resting) or the gateway failed',
		remedy: 'check the agent on its desktop: no new call was placed if the agent was not free, but after a gateway failure one may have been',
	},
	'000-002': { meaning: 'the gateway refused a field of the call out', remedy: 'no call was placed; check the number and options' },
};

/** The new call's ID, from the shapes the gateway's answer may take (unconfirmed: a string, or an object with callid). */
function callIdOf(result: unknown): string | undefined {
	if (typeof result === 'string' && result !== '') return result;
	if (typeof result === 'number') return String(result);
	if (result && typeof result === 'object') {
		const id = (result as IDataObject).callid ?? (result as IDataObject).callId;
		if (typeof id === 'string' || typeof id === 'number') return String(id);
	}
	return undefined;
}

export const prepareCallOut: Prepare = (ctx, i) => {
	const { fn } = ctx;
	const { guid: guidOverride, ...options } = fn.getNodeParameter('options', i, {}) as IDataObject;
	const checked = check(schema, { agentId: fn.getNodeParameter('agentId', i, undefined), calledNumber: fn.getNodeParameter('calledNumber', i, undefined), options }, LABELS);
	if (!checked.ok) {
		throw withDetails(new NodeOperationError(fn.getNode(), checked.message, { itemIndex: i, description: checked.description }), {
			errorKind: 'validation',
			field: checked.field,
			sent: false,
		});
	}
	const input = checked.value;
	const guid = pickGuid(fn, i, guidOverride, ctx.credentialGuid);
	const facts = { agentId: input.agentId, calledNumber: input.body.called };
	return {
		key: String(input.agentId),
		send: async (): Promise<IDataObject> => {
			const envelope = await agentCall(ctx, i, {
				method: 'PUT',
				path: `voicecall/${input.agentId}/callout`,
				guid,
				body: input.body,
				timeoutMs: input.timeoutMs,
				effect: { kind: 'action', name: 'call out' },
				retcodes: RETCODES,
				facts,
			});
			const callId = callIdOf(envelope.result);
			return { success: true, retcode: envelope.retcode, message: envelope.message, ...facts, ...(callId ? { callId } : {}), result: (envelope.result ?? null) as IDataObject };
		},
	};
};
