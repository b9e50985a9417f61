/**
 * Voice Call › Transfer for one item: read parameters → validate → send → map the gateway's answer.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

import { explainRetcode } from '../../retcodes';
import { toWireBody, validateTransfer, type TransferRequest } from '../../rules/transferSchema';
import { DEVICE_TYPES, modeInfo } from '../../rules/transferTable';
import { callGateway, isHeaderSafe, TransportError, type ConnectionSettings } from '../../transport';
import type { OperationContext } from '../context';
import { withDetails } from '../failure';

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

/** The Guid is a secret: errors about it never show its value. */
function pickGuid(fn: IExecuteFunctions, i: number, override: unknown, fromCredential: string): string {
	if (override !== undefined && override !== '' && override !== null) {
		if (typeof override !== 'string') {
			throw new NodeOperationError(fn.getNode(), 'Options › Guid must be text', { itemIndex: i, description: 'Map it to the Guid string your agent desktop or CRM integration sends.' });
		}
		return headerSafe(fn, i, override, 'Options › Guid');
	}
	if (fromCredential) return headerSafe(fn, i, fromCredential, "The credential's Guid");
	throw new NodeOperationError(fn.getNode(), 'No Guid for this agent: neither the credential nor Options › Guid holds one', {
		itemIndex: i,
		description:
			"The Guid is the agent's session token from the Set-GUID header of the agent's sign-in (static authentication) or of its event poll (dynamic authentication, the gateway's default, where it changes every minute). Put it in the credential, or map it per item in Options › Guid. Nothing was sent.",
	});
}

function headerSafe(fn: IExecuteFunctions, i: number, guid: string, where: string): string {
	if (isHeaderSafe(guid)) return guid;
	throw withDetails(
		new NodeOperationError(fn.getNode(), `${where} holds characters an HTTP header cannot carry (a space, line break or other control character)`, {
			itemIndex: i,
			description: 'Copy the Guid again, without surrounding spaces or line breaks. Nothing was sent.',
		}),
		{ errorKind: 'validation', field: 'guid', sent: false },
	);
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
export async function send(ctx: OperationContext, i: number, prepared: PreparedTransfer): Promise<INodeExecutionData> {
	const { fn } = ctx;
	const { request, guid } = prepared;
	const connection: ConnectionSettings = ctx.connection;

	let envelope;
	try {
		envelope = await callGateway({
			connection,
			method: 'POST',
			path: `/agentgateway/resource/voicecall/${request.agentId}/transfer`,
			guid,
			body: toWireBody(request),
			timeoutMs: request.timeoutMs,
		});
	} catch (error) {
		if (error instanceof TransportError) {
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
				...describeTarget(request),
			});
		}
		throw error;
	}

	const target = describeTarget(request);
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
			...target,
		});
	}
	return {
		json: {
			success: true,
			retcode: envelope.retcode,
			message: envelope.message,
			result: (envelope.result ?? {}) as IDataObject,
			...target,
		},
		pairedItem: { item: i },
	};
}
