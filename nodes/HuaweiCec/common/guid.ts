/**
 * Which Guid an item uses: its own (Options › Guid), else the credential's. Accepted as the
 * Set-GUID header shows it (JSESSIONID=<guid>) and with surrounding white space; refused, before
 * anything is sent, when no header could carry it. Errors never show the value: it is a secret.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { isHeaderSafe } from '../transport';
import { withDetails } from './failure';
import { COMMON_LIMITS } from './limits';

const GUID_SHAPE = 'A Guid looks like 279fe21d-2caa-4437-84c3-ab9e9dae20f5.AgentGateway0.';

function guidError(fn: IExecuteFunctions, i: number, message: string, description: string): NodeOperationError {
	return withDetails(new NodeOperationError(fn.getNode(), message, { itemIndex: i, description: `${description} Nothing was sent.` }), {
		errorKind: 'validation',
		field: 'guid',
		sent: false,
	});
}

export function pickGuid(fn: IExecuteFunctions, i: number, override: unknown, fromCredential: string): string {
	const fromItem = override !== undefined && override !== '' && override !== null;
	if (fromItem && typeof override !== 'string') {
		throw guidError(fn, i, 'Options › Guid must be text', 'Map it to the Guid string your agent desktop or CRM integration sends.');
	}
	const where = fromItem ? 'Options › Guid' : "The credential's Guid";
	const value = (fromItem ? (override as string) : fromCredential).trim().replace(/^JSESSIONID=/i, '');
	if (value === '') {
		throw guidError(
			fn,
			i,
			'No Guid for this agent: neither the credential nor Options › Guid holds one',
			"The Guid is the agent's session token from the Set-GUID header of the agent's sign-in (static authentication) or of its event poll (dynamic authentication, the gateway's default, where it changes every minute). Put it in the credential, or map it per item in Options › Guid.",
		);
	}
	if (value.length > COMMON_LIMITS.guidMaxChars) {
		throw guidError(fn, i, `${where} is ${value.length} characters long; a Guid has at most ${COMMON_LIMITS.guidMaxChars}`, `Check what is mapped there. ${GUID_SHAPE}`);
	}
	if (/[^\p{ASCII}]/u.test(value)) {
		throw guidError(fn, i, `${where} holds characters that are not ASCII`, `Copy the Guid again from the Set-GUID header. ${GUID_SHAPE}`);
	}
	if (!isHeaderSafe(value)) {
		throw guidError(fn, i, `${where} holds a space, line break or other control character, which an HTTP header cannot carry`, `Copy the Guid again. ${GUID_SHAPE}`);
	}
	return value;
}
