/**
 * The Guid, the agent's session token. Accepted as the Set-GUID header shows it
 * (JSESSIONID=<guid>) and with surrounding white space or line breaks, for the node and the
 * connection test alike; refused, before anything is sent, when no header could carry it. Messages
 * never show the value: it is a secret.
 */
import type { INode } from 'n8n-workflow';

import { isHeaderSafe } from '../transport';
import { operationError } from './errors';
import { LIMITS } from './schema';

const GUID_SHAPE = 'A Guid looks like 279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0.';

/** The Guid as sent: trimmed, without the JSESSIONID= of the Set-GUID header. */
export function normalizeGuid(value: string): string {
	return value
		.trim()
		.replace(/^JSESSIONID=/i, '')
		.trim();
}

/** Why a normalized Guid cannot be sent, or undefined when it can. `where` names the field. */
export function guidProblem(
	guid: string,
	where: string,
): { message: string; fix: string } | undefined {
	if (guid === '') return { message: `${where} is empty`, fix: 'Enter the Guid.' };
	if (guid.length > LIMITS.guidMaxChars) {
		return {
			message: `${where} is ${guid.length} characters long; a Guid has at most ${LIMITS.guidMaxChars}`,
			fix: `Check what is entered or mapped there. ${GUID_SHAPE}`,
		};
	}
	if (/[^\p{ASCII}]/u.test(guid)) {
		return {
			message: `${where} holds characters that are not ASCII`,
			fix: `Copy the Guid again. ${GUID_SHAPE}`,
		};
	}
	if (!isHeaderSafe(guid)) {
		return {
			message: `${where} holds a space or control character inside it, which an HTTP header cannot carry`,
			fix: `Copy the Guid again. ${GUID_SHAPE}`,
		};
	}
	return undefined;
}

const WHERE_GUIDS_COME_FROM =
	"The Guid is the agent's session token from the Set-GUID header of the agent's sign-in (static authentication) or of its event poll (dynamic authentication, the gateway's default, where it changes every minute).";

/** The item's Guid: Options › Guid when set, else the credential's. */
export function pickGuid(
	node: INode,
	itemIndex: number,
	override: unknown,
	fromCredential: string,
): string {
	const refuse = (message: string, fix: string) =>
		operationError(
			node,
			message,
			{ itemIndex, description: `${fix} Nothing was sent.` },
			{ errorKind: 'validation', field: 'guid', fate: 'notSent' },
		);
	const overridden = override !== undefined && override !== null && override !== '';
	if (overridden && typeof override !== 'string') {
		throw refuse(
			`Options › Guid must be text; got ${Array.isArray(override) ? 'a list' : typeof override === 'object' ? 'an object' : `a ${typeof override}`}`,
			'Map it to the Guid string your agent desktop or CRM integration sends.',
		);
	}
	const where = overridden ? 'Options › Guid' : "The credential's Guid";
	const guid = normalizeGuid(overridden ? (override as string) : fromCredential);
	if (guid === '' && !overridden) {
		throw refuse(
			'No Guid for this agent: the credential has none and Options › Guid is not set',
			`${WHERE_GUIDS_COME_FROM} Put it in the credential, or map it per item in Options › Guid.`,
		);
	}
	if (guid === '') {
		throw refuse(
			'Options › Guid is empty for this item (only spaces, or an expression that gave nothing)',
			`Check the expression in Options › Guid. ${WHERE_GUIDS_COME_FROM}`,
		);
	}
	const problem = guidProblem(guid, where);
	if (problem) throw refuse(problem.message, problem.fix);
	return guid;
}
