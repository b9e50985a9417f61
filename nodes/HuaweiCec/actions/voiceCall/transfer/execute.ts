/**
 * Voice Call › Transfer for one item: read the parameters → check them (nothing sent yet) → send
 * the transfer once → map the gateway's answer; with Wait for Outcome, watch the agent's call.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { agentCall } from '../../../common/agentCall';
import { withDetails } from '../../../common/failure';
import { pickGuid } from '../../../common/guid';
import type { RetcodeTable } from '../../../common/retcodes';
import type { OperationContext } from '../../context';
import type { PreparedItem } from '../../types';
import { readBefore, watchOutcome } from './outcome';
import { toWireBody, validateTransfer, type TransferRequest } from './schema';
import { DEVICE_TYPES, modeInfo } from './table';

/** What a retcode means for a transfer. */
const TRANSFER_RETCODES: RetcodeTable = {
	'000-002': { meaning: 'the gateway refused a parameter or the address in the URL', remedy: "check the transfer target, mode and options against the gateway's rules" },
	'100-006': { meaning: 'the agent is not signed in', remedy: 'the agent must be signed in (and its desktop polling events) for its call to be transferred' },
	'100-007': {
		meaning: "the gateway hit an error while handling the agent's operation (back end unreachable or internal error)",
		remedy: 'check the call on the agent desktop before trying again: the transfer may or may not have started',
	},
	'200-012': { meaning: 'the agent has no call to transfer', remedy: 'the agent must be in a call when the transfer is sent' },
};

/** Parameters exactly as n8n resolved them (expressions evaluated), before any checking. */
function readParameters(fn: IExecuteFunctions, i: number) {
	const options = fn.getNodeParameter('options', i, {}) as IDataObject;
	const { guid, ...checked } = options;
	return {
		raw: {
			agentId: fn.getNodeParameter('agentId', i, undefined),
			deviceType: fn.getNodeParameter('deviceType', i, undefined),
			address: fn.getNodeParameter('address', i, undefined),
			mode: fn.getNodeParameter('mode', i, undefined),
			options: checked,
		},
		guidOverride: guid,
	};
}

function describeTarget(req: TransferRequest): IDataObject {
	return {
		agentId: req.agentId,
		deviceType: req.deviceType,
		target: DEVICE_TYPES[req.deviceType].name,
		address: req.address,
		mode: req.mode,
		modeName: modeInfo(req.deviceType, req.mode)?.name ?? String(req.mode),
	};
}

export function prepareTransfer(ctx: OperationContext, i: number): PreparedItem {
	const { fn } = ctx;
	const { raw, guidOverride } = readParameters(fn, i);
	const checked = validateTransfer(raw);
	if (!checked.ok) {
		throw withDetails(new NodeOperationError(fn.getNode(), checked.message, { itemIndex: i, description: checked.description }), {
			errorKind: 'validation',
			field: checked.field,
			sent: false,
		});
	}
	const request = checked.value;
	const guid = pickGuid(fn, i, guidOverride, ctx.credentialGuid);
	return { key: String(request.agentId), send: async () => await sendTransfer(ctx, i, request, guid) };
}

async function sendTransfer(ctx: OperationContext, i: number, request: TransferRequest, guid: string): Promise<IDataObject> {
	const target = describeTarget(request);
	const agent = { agentId: request.agentId, guid, timeoutMs: request.timeoutMs };
	// Wait for Outcome learns the call before the transfer: what the agent's queries show later is
	// only meaningful against it.
	const before = request.waitLimitMs !== undefined ? await readBefore(ctx, i, agent, target) : undefined;
	const startedAt = Date.now();
	const envelope = await agentCall(ctx, i, {
		method: 'POST',
		path: `voicecall/${request.agentId}/transfer`,
		guid,
		body: toWireBody(request),
		timeoutMs: request.timeoutMs,
		effect: { kind: 'action', name: 'transfer' },
		retcodes: TRANSFER_RETCODES,
		facts: target,
	});
	const output: IDataObject = {
		success: true,
		retcode: envelope.retcode,
		message: envelope.message,
		result: (envelope.result ?? {}) as IDataObject,
		...target,
		...(request.ignoredOptions.length > 0 ? { ignoredOptions: request.ignoredOptions } : {}),
	};
	if (request.waitLimitMs === undefined) return output;
	output.outcome = await watchOutcome(ctx, i, { request, agent, target, callBefore: before ?? null, startedAt });
	return output;
}
