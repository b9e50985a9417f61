/**
 * Voice Call › Call Out: `PUT voicecall/{agentid}/callout` (cec_07_1232). Not idempotent: each run
 * places another call, and it is never retried. The gateway refuses it unless the agent is free.
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { agentRequest } from '../../helpers/agentRequest';
import {
	agentIdField,
	callAppDataOption,
	mediaAbilityOption,
	optionsCollection,
} from '../../helpers/fields';
import { readItem } from '../../helpers/item';
import type { RetcodeTable } from '../../transport';
import {
	agentIdInRange,
	baseItemSchema,
	callAppDataSchema,
	CONTROL_CHARS,
	LIMITS,
	mediaAbilitySchema,
	optional,
	requiredText,
	showValue,
	skillIdSchema,
	text,
	withOptions,
} from '../../helpers/schema';
import type { Prepare } from '../operation';

export const isAction = true;

const LABELS = {
	calledNumber: 'Number to Call',
	callerNumber: 'Caller Number',
	skillId: 'Skill ID',
	callAppData: 'Call App Data',
	mediaAbility: 'Media Ability',
};

const properties: INodeProperties[] = [
	agentIdField('ID of the signed-in, free agent who places the call (101-59999)'),
	{
		displayName: 'Number to Call',
		name: 'calledNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 13800000001 or {{ $json.phone }}',
		description: `The number the agent calls: 1-${LIMITS.numberMaxChars} digits, * and #`,
	},
	optionsCollection([
		callAppDataOption,
		{
			displayName: 'Caller Number',
			name: 'callerNumber',
			type: 'string',
			default: '',
			placeholder: 'e.g. 40040',
			description: `Calling number the customer sees: up to ${LIMITS.numberMaxChars} digits. Empty uses the platform default.`,
		},
		mediaAbilityOption('Media of the call'),
		{
			displayName: 'Skill ID',
			name: 'skillId',
			type: 'number',
			default: 1,
			typeOptions: { minValue: LIMITS.skillId.min },
			description: 'Skill the call is placed under',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voiceCall'], operation: ['callOut'] } },
	properties,
);

const calledNumberSchema = requiredText(LABELS.calledNumber)
	.refine((called) => !CONTROL_CHARS.test(called) && /^[0-9*#]+$/.test(called), {
		error: (issue) =>
			`${LABELS.calledNumber} may hold only digits, * and #; got ${showValue(issue.input)}`,
		abort: true,
	})
	.refine((called) => called.length <= LIMITS.numberMaxChars, {
		error: (issue) =>
			`${LABELS.calledNumber} may hold at most ${LIMITS.numberMaxChars} characters; got ${String(issue.input).length}`,
	});

const callerNumberSchema = text(LABELS.callerNumber).refine(
	(caller) => /^[0-9]+$/.test(caller) && caller.length <= LIMITS.numberMaxChars,
	{
		error: (issue) =>
			`${LABELS.callerNumber} may hold only digits, at most ${LIMITS.numberMaxChars}; got ${showValue(issue.input)}`,
	},
);

const schema = baseItemSchema
	.extend({
		calledNumber: calledNumberSchema,
		options: withOptions({
			callerNumber: optional(callerNumberSchema),
			skillId: optional(skillIdSchema(LABELS.skillId)),
			callAppData: optional(callAppDataSchema),
			mediaAbility: optional(mediaAbilitySchema),
		}),
	})
	.superRefine(agentIdInRange)
	.transform((item) => {
		const o = item.options;
		return {
			agentId: item.agentId,
			timeoutMs: o.timeout,
			body: {
				called: item.calledNumber,
				...(o.callerNumber !== undefined ? { caller: o.callerNumber } : {}),
				...(o.skillId !== undefined ? { skillid: o.skillId } : {}),
				...(o.callAppData !== undefined ? { callappdata: o.callAppData } : {}),
				...(o.mediaAbility !== undefined ? { mediaability: o.mediaAbility } : {}),
			},
		};
	});

/** The new call's ID, from the shapes the answer may take (unconfirmed: a string, or an object with callid). */
function callIdOf(result: unknown): string | undefined {
	if (typeof result === 'string' && result !== '') return result;
	if (typeof result === 'number') return String(result);
	if (result && typeof result === 'object') {
		const id = (result as IDataObject).callid ?? (result as IDataObject).callId;
		if (typeof id === 'string' || typeof id === 'number') return String(id);
	}
	return undefined;
}

const CALL_OUT_EFFECT = { kind: 'action', name: 'call out' } as const;

const CALL_OUT_RETCODES: RetcodeTable = {
	'100-007': {
		meaning:
			'the gateway did not place the call: the agent is not free (in a call, busy or resting) or the gateway failed',
		remedy:
			'check the agent on its desktop: no new call was placed if the agent was not free, but after a gateway failure one may have been',
	},
	'000-002': {
		meaning: 'the gateway refused a field of the call out',
		remedy: 'no call was placed; check the number and options',
	},
};

export const prepare: Prepare = (ctx, i) => {
	const { input, guid } = readItem(ctx, i, schema, ['agentId', 'calledNumber'], LABELS);
	const facts = { agentId: input.agentId, calledNumber: input.body.called };
	return {
		key: String(input.agentId),
		send: async () => {
			const envelope = await agentRequest(ctx, i, {
				method: 'PUT',
				path: `voicecall/${input.agentId}/callout`,
				guid,
				body: input.body,
				timeoutMs: input.timeoutMs,
				effect: CALL_OUT_EFFECT,
				retcodes: CALL_OUT_RETCODES,
				facts,
			});
			const callId = callIdOf(envelope.result);
			return {
				success: true,
				retcode: envelope.retcode,
				message: envelope.message,
				...facts,
				...(callId ? { callId } : {}),
				result: (envelope.result ?? null) as IDataObject,
			};
		},
	};
};
