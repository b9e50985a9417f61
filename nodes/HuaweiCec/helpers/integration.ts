/**
 * Queries through the integration agent's session (transport/session.ts), typed, for the node's
 * actions and the polling trigger. Each sends one read-only request (repeated once only after a
 * renewal, see integrationRequest) and returns the answer in plain fields; a non-zero retcode or
 * an answer of unknown shape throws IntegrationAnswerError. Read-only: safe to repeat.
 *
 *   getQueueStatistics(fn, credentials, skillIds, { timeoutMs? })  → QueueStatistics[]  (cec_07_0411)
 *   getAgentByWorkNo(fn, credentials, workNo, { timeoutMs? })      → AgentInfo          (cec_07_0415)
 *   getAgentsBySkill(fn, credentials, skillId, { timeoutMs? })     → AgentInfo[]        (cec_07_0414)
 *   listVdnSkillQueues(fn, credentials, { timeoutMs? })            → SkillQueue[]       (cec_07_0409)
 *
 * `fn` and `credentials` are those of integrationRequest (re-exported here).
 */
import type { IDataObject } from 'n8n-workflow';

import { READ_ONLY } from '../transport';
import { LIMITS } from './schema';
import type { GatewayEnvelope } from '../transport';
import {
	integrationRequest,
	type IntegrationCredentials,
	type IntegrationFunctions,
} from '../transport/session';

export {
	integrationRequest,
	parseIntegrationCredentials,
	sessionCounters,
	SessionError,
	SESSION_GONE_RETCODES,
} from '../transport/session';
export type {
	IntegrationCall,
	IntegrationCredentials,
	IntegrationFunctions,
	SessionFailure,
} from '../transport/session';

export const MAX_QUEUES_PER_QUERY = 100;

type Credentials = IDataObject | IntegrationCredentials;
interface QueryOptions {
	timeoutMs?: number;
}

/** A refused query (retcode ≠ 0) or an answer of a shape the node does not know. */
export class IntegrationAnswerError extends Error {
	constructor(
		readonly kind: 'refused' | 'unknownShape',
		/** The interface, e.g. "POST queuedevice/{agentid}/queryacdstat". */
		readonly interfaceName: string,
		readonly retcode: string,
		readonly gatewayMessage: string,
		message: string,
	) {
		super(message);
		this.name = 'IntegrationAnswerError';
	}
}

function accepted(envelope: GatewayEnvelope, interfaceName: string): GatewayEnvelope {
	if (envelope.retcode === '0') return envelope;
	throw new IntegrationAnswerError(
		'refused',
		interfaceName,
		envelope.retcode,
		envelope.message,
		`${interfaceName} refused: ${envelope.retcode}`,
	);
}

function unknownShape(interfaceName: string, lacks: string): IntegrationAnswerError {
	return new IntegrationAnswerError(
		'unknownShape',
		interfaceName,
		'0',
		'',
		`The gateway's ${interfaceName} answer has a shape this node does not know (${lacks})`,
	);
}

const isObject = (v: unknown): v is IDataObject =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** A whole number from a number or a string of digits; undefined otherwise. */
function whole(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^-?[0-9]{1,15}$/.test(value.trim())) return Number(value);
	return undefined;
}

const str = (value: unknown) =>
	typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

// ---------------------------------------------------------------------------------------------

export interface QueueStatistics {
	skillId: number;
	/** Calls waiting in the queue now (queueSize). */
	waitingCalls: number;
	/** Wait of the longest-waiting call, in seconds (queueTime). */
	longestWaitSeconds: number;
	/** Agents signed in to the queue (loggedOnAgents). */
	agentsSignedIn: number;
	/** Agents available in the queue now (availAgents). */
	agentsAvailable: number;
	/** The queue's access code (pilotNbr). */
	accessCode: string;
	/** The queue's description (skillDescrip). */
	description: string;
}

const ACD_STAT = 'POST queuedevice/{agentid}/queryacdstat';

export async function getQueueStatistics(
	fn: IntegrationFunctions,
	credentials: Credentials,
	skillIds: number[],
	options: QueryOptions = {},
): Promise<QueueStatistics[]> {
	if (skillIds.length === 0 || skillIds.length > MAX_QUEUES_PER_QUERY)
		throw new RangeError(`1 to ${MAX_QUEUES_PER_QUERY} skill queue IDs per query`);
	const envelope = accepted(
		await integrationRequest(fn, credentials, {
			method: 'POST',
			path: 'queuedevice/{agentid}/queryacdstat',
			body: { skills: skillIds },
			timeoutMs: options.timeoutMs ?? LIMITS.timeoutMs.default,
			effect: READ_ONLY,
		}),
		ACD_STAT,
	);
	if (!Array.isArray(envelope.result)) throw unknownShape(ACD_STAT, 'result is not a list');
	return envelope.result.map((row: unknown) => {
		const skillId = isObject(row) ? whole(row.deviceNo) : undefined;
		if (!isObject(row) || skillId === undefined)
			throw unknownShape(ACD_STAT, 'a queue without deviceNo');
		return {
			skillId,
			waitingCalls: whole(row.queueSize) ?? 0,
			longestWaitSeconds: whole(row.queueTime) ?? 0,
			agentsSignedIn: whole(row.loggedOnAgents) ?? 0,
			agentsAvailable: whole(row.availAgents) ?? 0,
			accessCode: str(row.pilotNbr),
			description: str(row.skillDescrip),
		};
	});
}

// ---------------------------------------------------------------------------------------------

export interface AgentInfo {
	workNo: number;
	name: string;
	/** The agent's state code (status). */
	status: number | undefined;
	/** The CTI platform's state code (ctiStatus). */
	ctiStatus: number | undefined;
	groupId: number | undefined;
	/** The agent's skill queues as the answer lists them (skilllist). */
	skills: IDataObject[];
	/** T/F per media server signed in: CTI server, WebM, MailM (mediatype). */
	mediaType: string;
	vdnId: number | undefined;
	phoneNumber: string;
}

function agentInfo(row: unknown, interfaceName: string): AgentInfo {
	const workNo = isObject(row) ? whole(row.workno) : undefined;
	if (!isObject(row) || workNo === undefined)
		throw unknownShape(interfaceName, 'an agent without workno');
	return {
		workNo,
		name: str(row.name),
		status: whole(row.status),
		ctiStatus: whole(row.ctiStatus),
		groupId: whole(row.groupid),
		skills: Array.isArray(row.skilllist) ? row.skilllist.filter(isObject) : [],
		mediaType: str(row.mediatype),
		vdnId: whole(row.vdnid),
		phoneNumber: str(row.phonenumber),
	};
}

const BY_WORKNO = 'GET agentgroup/{agentid}/agentbyworkno/{workno}';

export async function getAgentByWorkNo(
	fn: IntegrationFunctions,
	credentials: Credentials,
	workNo: number,
	options: QueryOptions = {},
): Promise<AgentInfo> {
	const envelope = accepted(
		await integrationRequest(fn, credentials, {
			method: 'GET',
			path: `agentgroup/{agentid}/agentbyworkno/${workNo}`,
			timeoutMs: options.timeoutMs ?? LIMITS.timeoutMs.default,
			effect: READ_ONLY,
		}),
		BY_WORKNO,
	);
	// The page calls the result a list of agent objects; one object is what a work number finds.
	const result = Array.isArray(envelope.result) ? envelope.result[0] : envelope.result;
	return agentInfo(result, BY_WORKNO);
}

const BY_SKILL = 'GET agentgroup/{agentid}/agentbyskill/{skillid}';

export async function getAgentsBySkill(
	fn: IntegrationFunctions,
	credentials: Credentials,
	skillId: number,
	options: QueryOptions = {},
): Promise<AgentInfo[]> {
	const envelope = accepted(
		await integrationRequest(fn, credentials, {
			method: 'GET',
			path: `agentgroup/{agentid}/agentbyskill/${skillId}`,
			timeoutMs: options.timeoutMs ?? LIMITS.timeoutMs.default,
			effect: READ_ONLY,
		}),
		BY_SKILL,
	);
	if (
		envelope.result === null ||
		(isObject(envelope.result) && Object.keys(envelope.result).length === 0)
	)
		return [];
	if (!Array.isArray(envelope.result)) throw unknownShape(BY_SKILL, 'result is not a list');
	return envelope.result.map((row) => agentInfo(row, BY_SKILL));
}

// ---------------------------------------------------------------------------------------------

export interface SkillQueue {
	id: number;
	name: string;
	/** 5 a voice/video call queue, 1 text chat, … (the page's media types). */
	mediaType: number | undefined;
	/** realFlag: 1 a real queue, 0 a virtual one. */
	real: boolean | undefined;
}

const VDN_SKILLS = 'GET queuedevice/{agentid}/agentvdnskill';

export async function listVdnSkillQueues(
	fn: IntegrationFunctions,
	credentials: Credentials,
	options: QueryOptions = {},
): Promise<SkillQueue[]> {
	const envelope = accepted(
		await integrationRequest(fn, credentials, {
			method: 'GET',
			path: 'queuedevice/{agentid}/agentvdnskill',
			timeoutMs: options.timeoutMs ?? LIMITS.timeoutMs.default,
			effect: READ_ONLY,
		}),
		VDN_SKILLS,
	);
	if (!Array.isArray(envelope.result)) throw unknownShape(VDN_SKILLS, 'result is not a list');
	return envelope.result.map((row: unknown) => {
		const id = isObject(row) ? whole(row.id) : undefined;
		if (!isObject(row) || id === undefined) throw unknownShape(VDN_SKILLS, 'a queue without id');
		const real = whole(row.realFlag);
		return {
			id,
			name: str(row.name),
			mediaType: whole(row.mediatype),
			real: real === undefined ? undefined : real === 1,
		};
	});
}
