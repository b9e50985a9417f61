/**
 * Voice Call › Transfer: `POST voicecall/{agentid}/transfer` (cec_07_1225). Moves the agent's
 * current call; not idempotent. The fields come from the rules table (transfer.rules.ts), the item
 * schema is transfer.schema.ts; Wait for Outcome watches the call afterwards (transfer.outcome.ts).
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { agentRequest } from '../../helpers/agentRequest';
import { guardAction } from '../../helpers/callGuard';
import { agentIdField } from '../../helpers/fields';
import { readItem } from '../../helpers/item';
import type { RetcodeTable } from '../../transport';
import type { Prepare } from '../operation';
import { transferFields } from './transfer.fields';
import { watchOutcome } from './transfer.outcome';
import { DEVICE_TYPES, modeInfo } from './transfer.rules';
import { LABELS, transferSchema, type TransferRequest } from './transfer.schema';

export const isAction = true;

const properties = transferFields(
	agentIdField('ID of the signed-in agent whose current call is transferred (101-59999)'),
);

export const description = updateDisplayOptions(
	{ show: { resource: ['voiceCall'], operation: ['transfer'] } },
	properties,
);

// ---- Sending.

function describeTarget(request: TransferRequest): IDataObject {
	return {
		agentId: request.agentId,
		deviceType: request.deviceType,
		target: DEVICE_TYPES[request.deviceType].name,
		address: request.address,
		mode: request.mode,
		modeName: modeInfo(request.deviceType, request.mode)?.name ?? String(request.mode),
		...(request.onlyIfCallId !== undefined ? { expectedCallId: request.onlyIfCallId } : {}),
	};
}

const TRANSFER_EFFECT = { kind: 'action', name: 'transfer' } as const;

const TRANSFER_RETCODES: RetcodeTable = {
	'000-002': { remedy: "check the transfer target, mode and options against the gateway's rules" },
	'100-006': {
		remedy:
			'the agent must be signed in (and its desktop polling events) for its call to be transferred',
	},
	'100-007': {
		remedy:
			'check the call on the agent desktop before trying again: the transfer may or may not have started',
	},
	'200-012': {
		meaning: 'the agent has no call to transfer',
		remedy: 'the agent must be in a call when the transfer is sent',
	},
};

/** Node version 2's fields that version 1 kept in Options: read into the same shape. */
const TRANSFER_FIELDS_IN_OPTIONS = ['targetOptions', 'waitForOutcome', 'waitLimit'];

export const prepare: Prepare = (ctx, i) => {
	const { input: request, guid } = readItem(
		ctx,
		i,
		transferSchema,
		['agentId', 'deviceType', 'address', 'mode'],
		LABELS,
		TRANSFER_FIELDS_IN_OPTIONS,
	);
	const agent = { agentId: request.agentId, guid, timeoutMs: request.timeoutMs };
	const facts = describeTarget(request);
	return {
		key: String(request.agentId),
		send: async (accepted) => {
			// The call guard and Wait for Outcome share one read of the agent's call before the transfer.
			const before = await guardAction(ctx, i, agent, {
				expectedCallId: request.onlyIfCallId,
				readAnyway: request.waitLimitMs !== undefined,
				action: 'transfer',
				facts,
			});
			const envelope = await agentRequest(ctx, i, {
				method: 'POST',
				path: `voicecall/${request.agentId}/transfer`,
				guid,
				body: request.body,
				timeoutMs: request.timeoutMs,
				effect: TRANSFER_EFFECT,
				retcodes: TRANSFER_RETCODES,
				facts,
			});
			const output: IDataObject = {
				success: true,
				retcode: envelope.retcode,
				message: envelope.message,
				result: (envelope.result ?? {}) as IDataObject,
				...facts,
				...(request.ignoredOptions.length > 0 ? { ignoredOptions: request.ignoredOptions } : {}),
			};
			// With Wait for Outcome the call was read before the transfer (none: refused, not sent).
			if (request.waitLimitMs === undefined || !before) return output;
			accepted?.();
			output.outcome = await watchOutcome(ctx, i, {
				request,
				agent,
				target: facts,
				callBefore: before,
				startedAt: Date.now(),
			});
			return output;
		},
	};
};
