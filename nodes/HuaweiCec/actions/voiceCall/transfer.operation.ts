/**
 * Voice Call › Transfer for one item: read parameters → validate → send → map the gateway's answer.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';

import { explainRetcode } from '../../retcodes';
import { toWireBody, validateTransfer, type TransferRequest } from '../../rules/transferSchema';
import { DEVICE_TYPES, LIMITS, modeInfo } from '../../rules/transferTable';
import { callGateway, isHeaderSafe, TransportError } from '../../transport';
import type { OperationContext } from '../context';
import { withDetails } from '../failure';
import type { Operation } from '../runItems';
import { settleAsync } from '../../common/settle';

export { transferFields as description } from './transfer.fields';

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

/** A Guid error: never shows the value (it is a secret), always names the field. */
function guidError(fn: IExecuteFunctions, i: number, message: string, description: string): NodeOperationError {
	return withDetails(new NodeOperationError(fn.getNode(), message, { itemIndex: i, description: `${description} Nothing was sent.` }), {
		errorKind: 'validation',
		field: 'guid',
		sent: false,
	});
}

const GUID_SHAPE = 'A Guid looks like 279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0.';

/**
 * The Guid of the item, else the credential's. Accepts it as the Set-GUID header shows it
 * (JSESSIONID=<guid>) and with surrounding white space; refuses what no header can carry.
 */
function pickGuid(fn: IExecuteFunctions, i: number, override: unknown, fromCredential: string): string {
	const fromItem = override !== undefined && override !== '' && override !== null;
	if (fromItem && typeof override !== 'string') {
		throw guidError(fn, i, 'Options › Guid must be text', 'Map it to the Guid string your agent desktop or CRM integration sends.');
	}
	const where = fromItem ? 'Options › Guid' : "The credential's Guid";
	const value = (fromItem ? (override as string) : fromCredential).trim().replace(/^JSESSIONID=/i, '');
	if (value === '') {
		throw guidError(fn, i, 'No Guid for this agent: neither the credential nor Options › Guid holds one',
			"The Guid is the agent's session token from the Set-GUID header of the agent's sign-in (static authentication) or of its event poll (dynamic authentication, the gateway's default, where it changes every minute). Put it in the credential, or map it per item in Options › Guid.");
	}
	if (value.length > LIMITS.guidMaxChars) {
		throw guidError(fn, i, `${where} is ${value.length} characters long; a Guid has at most ${LIMITS.guidMaxChars}`, `Check what is mapped there. ${GUID_SHAPE}`);
	}
	if (/[^\p{ASCII}]/u.test(value)) {
		throw guidError(fn, i, `${where} holds characters that are not ASCII`, `Copy the Guid again from the Set-GUID header. ${GUID_SHAPE}`);
	}
	if (!isHeaderSafe(value)) {
		throw guidError(fn, i, `${where} holds a space, line break or other control character, which an HTTP header cannot carry`, `Copy the Guid again. ${GUID_SHAPE}`);
	}
	return value;
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

export interface PreparedTransfer {
	request: TransferRequest;
	guid: string;
	/** Transfers of one agent never run at the same time. */
	agentKey: string;
}

/** Everything that can be decided without the network: parameters, rules, the Guid. */
export function prepare(ctx: OperationContext, i: number): PreparedTransfer {
	const { fn } = ctx;
	const { raw, guidOverride } = readParameters(fn, i);
	const checked = validateTransfer(raw);
	if (!checked.ok) {
		throw withDetails(
			new NodeOperationError(fn.getNode(), checked.message, { itemIndex: i, description: checked.description }),
			{ errorKind: 'validation', field: checked.field, sent: false },
		);
	}
	const request = checked.request;
	const guid = pickGuid(fn, i, guidOverride, ctx.credentialGuid);
	return { request, guid, agentKey: String(request.agentId) };
}

/** Sends one prepared transfer, once, and maps the gateway's answer. */
export async function execute(ctx: OperationContext, i: number, prepared: PreparedTransfer): Promise<IDataObject> {
	const { fn } = ctx;
	const { request, guid } = prepared;
	const target = describeTarget(request);
	const sent = await settleAsync(() =>
		callGateway(ctx.client, {
			method: 'POST',
			path: `/agentgateway/resource/voicecall/${request.agentId}/transfer`,
			guid,
			body: toWireBody(request),
			timeoutMs: request.timeoutMs,
			effect: { kind: 'action', name: 'transfer' },
		}),
	);
	if (!sent.ok) {
		const error = sent.error;
		if (!(error instanceof TransportError)) throw new NodeOperationError(fn.getNode(), error instanceof Error ? error : String(error), { itemIndex: i });
		const apiError = new NodeApiError(fn.getNode(), { kind: error.kind } as JsonObject, {
			message: error.message,
			description: error.remedy,
			itemIndex: i,
			...(error.httpStatus ? { httpCode: String(error.httpStatus) } : {}),
		});
		throw withDetails(apiError, {
			errorKind: 'transport',
			cause: error.kind,
			mayHaveBeenSent: error.mayHaveReachedGateway,
			...target,
		});
	}
	const envelope = sent.value;
	if (envelope.retcode !== '0') {
		const { meaning, remedy } = explainRetcode(envelope.retcode);
		const apiError = new NodeApiError(
			fn.getNode(),
			{ retcode: envelope.retcode, message: envelope.message } as JsonObject,
			{
				message: `${envelope.retcode}: ${meaning}`,
				description: [remedy ? `${remedy[0].toUpperCase()}${remedy.slice(1)}.` : '', envelope.message ? `Gateway message: "${envelope.message}"` : '']
					.filter(Boolean)
					.join(' '),
				itemIndex: i,
			},
		);
		throw withDetails(apiError, {
			errorKind: 'gateway',
			retcode: envelope.retcode,
			meaning,
			message: envelope.message,
			mayHaveBeenSent: true,
			...target,
		});
	}
	return {
		success: true,
		retcode: envelope.retcode,
		message: envelope.message,
		result: (envelope.result ?? {}) as IDataObject,
		...target,
		...(request.ignoredOptions.length > 0 ? { ignoredOptions: request.ignoredOptions } : {}),
	};
}

export const operation: Operation<PreparedTransfer> = { prepare, execute, key: (p) => p.agentKey };
