/**
 * One item's request through the integration agent's session (transport/session.ts), and what its
 * failures mean in the node's words: a session that could not be had (the request did not
 * happen), the way there (whether it may have reached the gateway), or the gateway's refusal
 * (a retcode). Each failure also says what repeating the operation does.
 */
import type {
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';

import { TransportError, type GatewayEnvelope, type RequestEffect } from '../transport';
import { maybeSent } from '../transport/errors';
import type { RequestContext } from './agentRequest';
import {
	apiError,
	asNodeError,
	invalidItem,
	operationError,
	sentence,
	type NodeError,
} from './errors';
import { IntegrationAnswerError, integrationRequest, SessionError } from './integration';
import { itemParameter, type ItemContext } from './item';
import { explainRetcode, type RetcodeTable } from '../transport';
import {
	checkItem,
	COMMON_LABELS,
	LIMITS,
	optionsObject,
	showValue,
	skillQueueId,
	timeoutSchema,
	wholeNumber,
	z,
} from './schema';

/** What an integration-agent operation gets from the router. */
type IntegrationContext = RequestContext & ItemContext;

export interface IntegrationItemRequest {
	method: IHttpRequestMethods;
	/** Below /agentgateway/resource/; `{agentid}` is the integration agent. */
	path: string;
	body?: unknown;
	timeoutMs: number;
	effect: RequestEffect;
	retcodes?: RetcodeTable;
	/** Facts of the item (target agent, queues …) added to a failure. */
	facts: IDataObject;
	/** What sending it again does, e.g. "Repeating it is harmless: …". */
	repeat: string;
}

/** What the gateway answers (900-001 to 900-004) when it refuses an inspector's action. */
const INSPECTION_REFUSED = {
	meaning: 'the gateway refused the inspection',
	remedy:
		'the integration agent needs inspector (quality control) rights, and the agent acted on must be in its VDN',
};

/** The retcodes the integration agent's interfaces answer, beyond the shared table. */
export const INTEGRATION_RETCODES: RetcodeTable = {
	'000-003': {
		// The session was checked and is valid: the refusal is about this interface.
		meaning: 'the gateway refused the integration agent the right to this interface',
		remedy:
			"the integration agent's session is valid; ask the administrator for its rights to this interface",
	},
	'000-005': { meaning: 'the agent to be inspected is the integration agent itself' },
	'100-006': { remedy: 'the agent acted on must be signed in' },
	'900-001': INSPECTION_REFUSED,
	'900-002': INSPECTION_REFUSED,
	'900-003': INSPECTION_REFUSED,
	'900-004': INSPECTION_REFUSED,
};

/** The kind of failure in the node's facts, for a session that could not be had. */
function sessionErrorKind(error: SessionError) {
	if (['credential', 'wrongPassword', 'locked', 'blocked'].includes(error.kind))
		return 'credential' as const;
	return error.kind === 'signInFailed' ? ('transport' as const) : ('gateway' as const);
}

/** Any failure of an integration request as one of n8n's errors, with its facts. */
export function integrationFailure(
	node: INode,
	error: unknown,
	/** The item; none for a trigger's poll. */
	itemIndex: number | undefined,
	effect: RequestEffect,
	facts: IDataObject,
	repeat: string,
	retcodes: RetcodeTable = {},
): NodeError {
	if (error instanceof SessionError) {
		return operationError(
			node,
			error.message,
			{ itemIndex, description: error.remedy },
			{
				errorKind: sessionErrorKind(error),
				session: error.kind,
				...(error.retcode ? { retcode: error.retcode } : {}),
				...(error.field ? { field: error.field } : {}),
				...facts,
				fate: 'notSent',
			},
		);
	}
	if (error instanceof TransportError) {
		const what =
			effect.kind === 'action'
				? `The ${effect.name} may or may not have happened. ${repeat}`
				: maybeSent(effect);
		const remedy = error.remedy.replace(maybeSent(effect), '').trim();
		const unknownFate = error.mayHaveReachedGateway;
		return apiError(
			node,
			{ kind: error.kind } as JsonObject,
			{
				// The message is all an AI tool's model and many readers see: it says whether it may have happened.
				message:
					unknownFate && effect.kind === 'action'
						? `${error.message}: the ${effect.name} may have happened; read the agent's state before trying again`
						: unknownFate
							? `${error.message}: a read-only query, safe to run again`
							: error.message,
				description: unknownFate ? `${remedy} ${what}`.trim() : error.remedy,
				itemIndex,
				...(error.httpStatus ? { httpCode: String(error.httpStatus) } : {}),
			},
			{
				...facts,
				errorKind: 'transport',
				cause: error.kind,
				fate: unknownFate ? 'unknown' : 'notSent',
			},
		);
	}
	if (error instanceof IntegrationAnswerError) {
		if (error.kind === 'unknownShape') {
			return apiError(
				node,
				{ retcode: error.retcode } as JsonObject,
				{
					message: error.message,
					description: `${error.interfaceName} answered retcode 0, but not in the shape its page describes. This is a read-only query: nothing changed. Please report the answer's shape.`,
					itemIndex,
				},
				{ ...facts, errorKind: 'gateway', retcode: '0', fate: 'accepted' },
			);
		}
		return refusal(
			node,
			itemIndex,
			error.retcode,
			error.gatewayMessage,
			{ ...facts, interface: error.interfaceName },
			repeat,
			retcodes,
		);
	}
	return asNodeError(node, error, itemIndex);
}

function refusal(
	node: INode,
	itemIndex: number | undefined,
	retcode: string,
	gatewayMessage: string,
	facts: IDataObject,
	repeat: string,
	retcodes: RetcodeTable,
): NodeError {
	const { meaning, remedy, outcomeUnknown } = explainRetcode(retcode, {
		...INTEGRATION_RETCODES,
		...retcodes,
	});
	return apiError(
		node,
		{ retcode, message: gatewayMessage } as JsonObject,
		{
			message: `${retcode}: ${meaning}`,
			description: [
				sentence(remedy ?? ''),
				gatewayMessage ? `Gateway message: "${gatewayMessage}".` : '',
				repeat,
			]
				.filter(Boolean)
				.join(' '),
			itemIndex,
		},
		{
			...facts,
			errorKind: 'gateway',
			retcode,
			meaning,
			gatewayMessage,
			// A retcode is the gateway's refusal (nothing happened), unless it means "failed part-way".
			fate: outcomeUnknown ? 'unknown' : 'refused',
		},
	);
}

/** Sends once through the session; returns a retcode "0" envelope, throws n8n's error otherwise. */
export async function integrationItemRequest(
	ctx: IntegrationContext,
	itemIndex: number,
	request: IntegrationItemRequest,
): Promise<GatewayEnvelope> {
	const { node } = ctx;
	if (!ctx.integration) throw missingIntegration(node, itemIndex);
	let envelope: GatewayEnvelope;
	try {
		envelope = await integrationRequest(ctx.fn, ctx.integration, request);
	} catch (error) {
		throw integrationFailure(
			node,
			error,
			itemIndex,
			request.effect,
			request.facts,
			request.repeat,
			request.retcodes,
		);
	}
	if (envelope.retcode === '0') return envelope;
	throw refusal(
		node,
		itemIndex,
		envelope.retcode,
		envelope.message,
		request.facts,
		request.repeat,
		request.retcodes ?? {},
	);
}

export function missingIntegration(node: INode, itemIndex: number): NodeError {
	return operationError(
		node,
		'This operation needs Authentication: Integration Agent',
		{ itemIndex, description: 'Set Authentication to Integration Agent. Nothing was sent.' },
		{ errorKind: 'validation', field: 'authentication', fate: 'notSent' },
	);
}

// ---------------------------------------------------------------------------------------------
// Reading an item of an integration-agent operation
// ---------------------------------------------------------------------------------------------

/** Work numbers (agent IDs) of the agents the integration agent reads or acts on (2025 pages). */
export const WORK_NO_RANGE = { min: 101, max: 999999 } as const;

export const workNoSchema = (label: string) =>
	wholeNumber(label, 'an agent ID, e.g. 1001').refine(
		(n) => n >= WORK_NO_RANGE.min && n <= WORK_NO_RANGE.max,
		{
			error: (issue) =>
				`${label} must be between ${WORK_NO_RANGE.min} and ${WORK_NO_RANGE.max}; got ${showValue(issue.input)}`,
		},
	);

/**
 * A list of skill queue IDs as a builder can give it: the dropdown's list, one ID, "1, 2, 3", or a
 * list from an expression. At least one, at most `max`, each 1 to 2147483647, no repeats kept.
 */
export function skillIdList(label: string, max: number) {
	return z
		.union([
			z.array(z.union([z.number(), z.string()])),
			z.number(),
			z.string().transform((text) =>
				text
					.split(/[\s,;]+/)
					.map((part) => part.trim())
					.filter((part) => part !== ''),
			),
		])
		.transform((value, ctx) => {
			const list = Array.isArray(value) ? value : [value];
			const ids: number[] = [];
			for (const entry of list) {
				// One rule for a skill queue ID everywhere (helpers/schema.ts).
				const checked = skillQueueId(label, entry);
				if (!checked.ok) {
					ctx.addIssue({
						code: 'custom',
						message: `${label} must hold skill queue IDs (whole numbers ${LIMITS.skillId.min} to ${LIMITS.skillId.max}); got ${showValue(entry)}`,
					});
					return z.NEVER;
				}
				if (!ids.includes(checked.id)) ids.push(checked.id);
			}
			if (ids.length === 0 || ids.length > max) {
				ctx.addIssue({
					code: 'custom',
					message: `${label} must name 1 to ${max} skill queues; got ${ids.length}`,
				});
				return z.NEVER;
			}
			return ids;
		});
}

/** The options of an integration-agent operation: only the deadline (one session serves all). */
export const integrationOptionsSchema = optionsObject({ timeout: timeoutSchema });

export function integrationOptions(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Timeout',
				name: 'timeout',
				type: 'number',
				default: 10000,
				typeOptions: { minValue: LIMITS.timeoutMs.min, maxValue: LIMITS.timeoutMs.max },
				description:
					'Milliseconds for the request, not counting the sign-in of the integration agent when one is needed',
			},
		],
	};
}

/** The item's checked input (no Guid: the session brings its own). */
export function readIntegrationItem<S extends z.ZodType>(
	ctx: IntegrationContext,
	itemIndex: number,
	schema: S,
	fields: string[],
	labels: Record<string, string>,
): z.output<S> {
	if (!ctx.integration) throw missingIntegration(ctx.node, itemIndex);
	const raw: IDataObject = {};
	for (const name of fields) raw[name] = itemParameter(ctx.fn, name, itemIndex, undefined);
	raw.options = itemParameter(ctx.fn, 'options', itemIndex, {});
	const checked = checkItem(schema, raw);
	if (!checked.ok)
		throw invalidItem(ctx.node, itemIndex, checked.refusal, { ...COMMON_LABELS, ...labels });
	return checked.value;
}
