/**
 * The integration agent's session: an agent account that n8n signs in itself (never a person's
 * desktop), held in this process's memory only, for the interfaces that need no human's Guid
 * (supervisor actions, queue figures, other agents' status). Facts: docs/integration-agent.md.
 *
 * API (stable; used by the node's actions and by the polling trigger):
 *
 *   integrationRequest(fn, credentials, { method, path, query?, body?, timeoutMs, effect })
 *       → Promise<GatewayEnvelope>
 *     `fn`: anything with `helpers.httpRequest` (IExecuteFunctions, IPollFunctions,
 *     ILoadOptionsFunctions). `credentials`: the decrypted `huaweiCecIntegrationAgentApi` data (or
 *     what parseIntegrationCredentials made of it). `path`: below /agentgateway/resource/; every
 *     `{agentid}` in it becomes the integration agent's ID. Signs in on first use and reuses the
 *     session; renews it once when the gateway answers that the Guid or the sign-in is gone and a
 *     read-only check confirms it, and then sends the request again (such a refusal proves the
 *     gateway did nothing). Returns the answer's envelope whatever its retcode. Throws
 *     TransportError (the way there; says whether the request may have reached the gateway) or
 *     SessionError (no session could be had; the request did not happen).
 *   parseIntegrationCredentials(data) → IntegrationCredentials; throws SessionError 'credential'.
 *   testSignInOut(send, data) → { ok, message }: the credential's connection test.
 *   sessionCounters() → this process's counts (sign-ins, renewals, polls …).
 *
 * Rules: one sign-in at a time per credential; a 100-004 (wrong ID or password) or 110-016
 * (locked) stops every further sign-in of that credential until it is edited or n8n restarts;
 * at most MAX_SIGN_INS_PER_MINUTE sign-ins per credential and minute, so two processes sharing one
 * agent cannot sign each other out in a loop. The Guid, the cookie and the password never leave
 * this module: not in results, errors or keys (the key is a SHA-256 of the credential's fields).
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { parseConnection, type Connection } from './connection';
import type { GatewayEnvelope } from './envelope';
import { maybeSent, READ_ONLY, TransportError, type RequestEffect } from './errors';
import { callGateway, isHeaderSafe, type GatewayClient, type HttpHelper } from './request';
import { explainRetcode, type RetcodeTable } from './retcodes';

export type AuthMode = 'static' | 'dynamic';

/** What sign-in sends besides the password and phone number (cec_07_1202), with the vendor's defaults. */
export interface SignInOptions {
	/** State after sign-in: 3 busy, 4 idle (vendor default), 5 wrap-up. */
	status: 3 | 4 | 5;
	autoAnswer: boolean;
	autoEnterIdle: boolean;
	releasePhone: boolean;
	checkInWebm: boolean;
	ip?: string;
}

export interface IntegrationCredentials {
	connection: Connection;
	agentId: string;
	password: string;
	phoneNumber: string;
	authMode: AuthMode;
	/** What to do when sign-in answers 100-002 and the session is not this process's own. */
	ifSignedInElsewhere: 'takeOver' | 'fail';
	signIn: SignInOptions;
	/** SHA-256 of every field: the session's and the sign-in block's key. Never the password. */
	key: string;
}

export type SessionFailure =
	| 'credential'
	| 'wrongPassword'
	| 'locked'
	| 'blocked'
	| 'signedInElsewhere'
	| 'signInRefused'
	| 'signInFailed'
	| 'noGuid'
	| 'tooManySignIns'
	| 'takenOver'
	| 'checkFailed';

/** The session could not be had or kept. The request it was for did not happen. */
export class SessionError extends Error {
	constructor(
		readonly kind: SessionFailure,
		message: string,
		/** What to do about it; shown as the error's description in n8n. */
		readonly remedy: string,
		readonly retcode?: string,
		/** The credential field at fault, for 'credential'. */
		readonly field?: string,
	) {
		super(message);
		this.name = 'SessionError';
	}
}

/** A SessionError, as a call (errors raised inside a catch clause are built by functions). */
function sessionError(...args: ConstructorParameters<typeof SessionError>): SessionError {
	return new SessionError(...args);
}

/** An error this module does not handle, passed on unchanged. */
function passOn(error: unknown): unknown {
	return error;
}

/** What integrationRequest needs of n8n's functions. */
export interface IntegrationFunctions {
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
	getExecutionCancelSignal?: () => AbortSignal | undefined;
}

export interface IntegrationCall {
	method: IHttpRequestMethods;
	/** Below /agentgateway/resource/, already encoded; `{agentid}` is the integration agent. */
	path: string;
	query?: IDataObject;
	body?: unknown;
	timeoutMs: number;
	effect: RequestEffect;
}

/** The gateway signs out an agent that has not polled for 2 minutes (cec_07_1202). */
export const SESSION_TIMING = {
	/** A session whose last poll is older is not used: it may lapse under the request. */
	reuseForMs: 90_000,
	/** Dynamic authentication: poll (in the background) once the last poll is this old. */
	pollAfterDynamicMs: 20_000,
	/** Static authentication: only the idle sign-out needs polls. */
	pollAfterStaticMs: 45_000,
	/** Longer than the gateway's ~10 s hold of an empty poll. */
	pollTimeoutMs: 15_000,
	signInTimeoutMs: 10_000,
} as const;

export const MAX_SIGN_INS_PER_MINUTE = 6;

/** Answers that say the Guid or the sign-in is gone (checked before the gateway acts). */
export const SESSION_GONE_RETCODES: ReadonlySet<string> = new Set([
	'000-003',
	'100-006',
	'100-008',
]);

interface Session {
	guid: string;
	cookie?: string;
	signedInAt: number;
	/** When the last poll was answered (the gateway's idle clock), Date.now(). */
	lastPollAt: number;
	polling?: Promise<void>;
	gone: boolean;
}

interface Entry {
	session?: Session;
	signingIn?: Promise<Session>;
	blocked?: { retcode: string; message: string };
	/** Sign-in attempts of the last minute, Date.now(). */
	signIns: number[];
	/** A sign-in of ours may be live at the gateway (its answer was lost, or the session lapsed here). */
	maybeOurs: boolean;
}

const entries = new Map<string, Entry>();

const counters = {
	signIns: 0,
	forcedSignIns: 0,
	failedSignIns: 0,
	blockedSignIns: 0,
	renewals: 0,
	polls: 0,
	guidRotations: 0,
};

export type SessionCounters = typeof counters;

export function sessionCounters(): SessionCounters {
	return { ...counters };
}

const GATEWAY = '/agentgateway/resource/';

// ---------------------------------------------------------------------------------------------
// The credential
// ---------------------------------------------------------------------------------------------

function badCredential(field: string, message: string, fix: string): SessionError {
	return new SessionError(
		'credential',
		`The integration agent credential's ${message}`,
		`${fix} Nothing was sent.`,
		undefined,
		field,
	);
}

const textOf = (value: unknown) =>
	typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';

export function parseIntegrationCredentials(data: IDataObject): IntegrationCredentials {
	let connection: Connection;
	try {
		connection = parseConnection(data);
	} catch (error) {
		if (error instanceof TransportError) {
			throw sessionError(
				'credential',
				error.message,
				error.remedy,
				undefined,
				error.kind === 'badCaCertificate' ? 'caPem' : 'baseUrl',
			);
		}
		throw passOn(error);
	}
	const agentId = textOf(data.agentId);
	if (!/^[1-9][0-9]{2,5}$/.test(agentId))
		throw badCredential(
			'agentId',
			`Agent ID must be the integration agent's ID, 101 to 999999; got "${agentId.slice(0, 12)}"`,
			'Enter the work number of the agent account created for n8n.',
		);
	const password = typeof data.password === 'string' ? data.password : '';
	if (password.length > 32)
		throw badCredential(
			'password',
			'Password is longer than 32 characters, the most a CTI agent password holds',
			'Check the password.',
		);
	const phoneNumber = textOf(data.phoneNumber);
	if (!/^[0-9A-Za-z*#+]{1,24}$/.test(phoneNumber))
		throw badCredential(
			'phoneNumber',
			'Softphone Number must be 1 to 24 digits (the number the agent account signs in with)',
			'Enter the softphone number configured for the integration agent.',
		);
	const authMode: AuthMode = data.authMode === 'static' ? 'static' : 'dynamic';
	const status = Number(data.stateAfterSignIn ?? 4);
	const ip = textOf(data.ip);
	if (ip !== '' && !/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(ip))
		throw badCredential(
			'ip',
			'IP Address must be an IPv4 address such as 10.1.2.3',
			'Correct it or leave it empty.',
		);
	const signIn: SignInOptions = {
		status: status === 3 || status === 5 ? status : 4,
		autoAnswer: data.autoAnswer !== false,
		autoEnterIdle: data.autoEnterIdle !== false,
		releasePhone: data.releasePhone !== false,
		checkInWebm: data.checkInWebm !== false,
		...(ip !== '' ? { ip } : {}),
	};
	const ifSignedInElsewhere = data.ifSignedInElsewhere === 'fail' ? 'fail' : 'takeOver';
	const key = createHash('sha256')
		.update(
			JSON.stringify([
				connection.baseUrl,
				connection.ca ?? '',
				connection.skipTlsChecks,
				agentId,
				password,
				phoneNumber,
				authMode,
				ifSignedInElsewhere,
				signIn,
			]),
		)
		.digest('hex');
	return { connection, agentId, password, phoneNumber, authMode, ifSignedInElsewhere, signIn, key };
}

function isParsed(value: unknown): value is IntegrationCredentials {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as IntegrationCredentials).key === 'string' &&
		typeof (value as IntegrationCredentials).connection === 'object'
	);
}

// ---------------------------------------------------------------------------------------------
// Headers of the gateway's answers
// ---------------------------------------------------------------------------------------------

const first = (value: unknown): string | undefined =>
	Array.isArray(value)
		? (value.find((v) => typeof v === 'string') as string | undefined)
		: typeof value === 'string'
			? value
			: undefined;

/** The Guid of a Set-GUID header (JSESSIONID=<guid>), when it is one a header can carry back. */
function guidFrom(headers: Record<string, unknown>): string | undefined {
	const raw = first(headers['set-guid']);
	if (raw === undefined) return undefined;
	const guid = raw
		.trim()
		.replace(/^JSESSIONID=/i, '')
		.trim();
	return guid !== '' && guid.length <= 512 && isHeaderSafe(guid) ? guid : undefined;
}

/** The name=value pairs of Set-Cookie (up to each first ;), to be sent back as Cookie. */
function cookieFrom(headers: Record<string, unknown>): string | undefined {
	const raw = headers['set-cookie'];
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
	const pairs = list
		.filter((c): c is string => typeof c === 'string')
		.map((c) => c.split(';')[0].trim())
		.filter((c) => c.includes('=') && /^[\x21-\x7e]+$/.test(c));
	return pairs.length > 0 ? pairs.join('; ') : undefined;
}

// ---------------------------------------------------------------------------------------------
// Sign-in, polling, renewal
// ---------------------------------------------------------------------------------------------

function entryOf(key: string): Entry {
	let entry = entries.get(key);
	if (!entry) {
		entry = { signIns: [], maybeOurs: false };
		entries.set(key, entry);
	}
	return entry;
}

const who = (creds: IntegrationCredentials) => `integration agent ${creds.agentId}`;

const EDIT_TO_RETRY =
	'n8n does not try to sign in with this credential again (a repeated wrong password locks the account) until the credential is edited or n8n restarts.';

function blockedError(
	creds: IntegrationCredentials,
	blocked: { retcode: string; message: string },
) {
	return new SessionError(
		'blocked',
		`Not signing in ${who(creds)}: an earlier sign-in with this credential was refused with ${blocked.retcode} (${blocked.message})`,
		`${EDIT_TO_RETRY} Check the agent ID and password with the contact centre's administrator, then save the credential again. Nothing was sent.`,
		blocked.retcode,
	);
}

function signInBody(creds: IntegrationCredentials): IDataObject {
	const o = creds.signIn;
	return {
		password: creds.password,
		phonenum: creds.phoneNumber,
		autoanswer: o.autoAnswer,
		autoenteridle: o.autoEnterIdle,
		releasephone: o.releasePhone,
		status: o.status,
		checkInWebm: o.checkInWebm,
		...(o.ip ? { ip: o.ip } : {}),
	};
}

interface SignInAnswer {
	envelope: GatewayEnvelope;
	guid?: string;
	cookie?: string;
}

async function putSignIn(
	client: GatewayClient,
	creds: IntegrationCredentials,
	force: boolean,
): Promise<SignInAnswer> {
	let headers: Record<string, unknown> = {};
	try {
		const envelope = await callGateway(client, {
			method: 'PUT',
			path: `${GATEWAY}onlineagent/${creds.agentId}${force ? '/forcelogin' : ''}`,
			body: signInBody(creds),
			timeoutMs: SESSION_TIMING.signInTimeoutMs,
			effect: READ_ONLY,
			onHeaders: (h) => (headers = h),
		});
		return { envelope, guid: guidFrom(headers), cookie: cookieFrom(headers) };
	} catch (error) {
		if (!(error instanceof TransportError)) throw passOn(error);
		const remedy = error.mayHaveReachedGateway
			? `${error.remedy.replace(maybeSent(READ_ONLY), '').trim()} The sign-in may have reached the gateway: the next attempt takes that session over.`.trim()
			: error.remedy;
		// A proxy's error page may echo the request: the password is cut out of what is shown.
		const shown =
			creds.password.length >= 4
				? error.message.split(creds.password).join('<password>')
				: error.message;
		throw sessionError(
			'signInFailed',
			`Signing in ${who(creds)} failed: ${shown}`,
			`${remedy} The request that needed the session was not sent.`,
		);
	}
}

/** Sign-in's own words where the shared retcode table's (retcodes.ts) fit it less well. */
const SIGN_IN_WORDS: RetcodeTable = {
	'000-007': { meaning: 'a sign-in of this agent was already under way' },
};

const meaningOf = (retcode: string) => explainRetcode(retcode, SIGN_IN_WORDS).meaning;

async function signIn(
	client: GatewayClient,
	creds: IntegrationCredentials,
	entry: Entry,
	ownSessionMayBeLive: boolean,
): Promise<Session> {
	const now = Date.now();
	entry.signIns = entry.signIns.filter((t) => now - t < 60_000);
	if (entry.signIns.length >= MAX_SIGN_INS_PER_MINUTE) {
		throw new SessionError(
			'tooManySignIns',
			`Not signing in ${who(creds)} again: this n8n process signed it in ${entry.signIns.length} times in the last minute, and each time something else signed it out`,
			'Another n8n worker or instance, or a person, uses the same agent account and takes its session over. Give each n8n instance (in queue mode, each worker) its own integration agent. Nothing was sent.',
		);
	}
	entry.signIns.push(now);
	entry.maybeOurs = true;
	let answer = await putSignIn(client, creds, false);
	if (answer.envelope.retcode === '100-002') {
		if (!ownSessionMayBeLive && creds.ifSignedInElsewhere === 'fail') {
			counters.failedSignIns++;
			throw new SessionError(
				'signedInElsewhere',
				`${who(creds)[0].toUpperCase()}${who(creds).slice(1)} is already signed in elsewhere, and the credential says not to take it over`,
				'Another n8n worker or instance, or a person, holds this agent. Give each n8n instance (in queue mode, each worker) its own integration agent, or set the credential\'s "If Signed In Elsewhere" to Take Over. Nothing was sent.',
				'100-002',
			);
		}
		counters.forcedSignIns++;
		answer = await putSignIn(client, creds, true);
	}
	const { retcode } = answer.envelope;
	if (retcode === '100-004' || retcode === '110-016') {
		counters.failedSignIns++;
		entry.blocked = { retcode, message: meaningOf(retcode) };
		throw new SessionError(
			retcode === '100-004' ? 'wrongPassword' : 'locked',
			`Sign-in of ${who(creds)} refused: ${retcode}: ${meaningOf(retcode)}`,
			`${EDIT_TO_RETRY} ${retcode === '110-016' ? 'Ask the administrator to unlock the account, ' : 'Check the agent ID and password, '}then save the credential again. A gateway set to expect an encrypted password (LOGIN_PWD_DECRYPT_ENABLE) is not supported. Nothing was sent.`,
			retcode,
		);
	}
	if (retcode !== '0') {
		counters.failedSignIns++;
		throw new SessionError(
			'signInRefused',
			`Sign-in of ${who(creds)} refused: ${retcode}: ${meaningOf(retcode)}`,
			`${answer.envelope.message ? `Gateway message: "${answer.envelope.message}". ` : ''}Check the credential's fields against the agent account (softphone number, IP address, state after sign-in). Nothing was sent.`,
			retcode,
		);
	}
	if (!answer.guid) {
		counters.failedSignIns++;
		throw new SessionError(
			'noGuid',
			`Sign-in of ${who(creds)} answered retcode 0 without a usable Set-GUID header`,
			'A proxy between n8n and the gateway may drop the header: it must pass Set-GUID through. Nothing was sent.',
		);
	}
	const session: Session = {
		guid: answer.guid,
		cookie: answer.cookie,
		signedInAt: Date.now(),
		lastPollAt: Date.now(),
		gone: false,
	};
	counters.signIns++;
	entry.session = session;
	// The gateway expects the client to start polling its events at once.
	startPoll(client, creds, session);
	return session;
}

/** One poll of the integration agent's own events: its heartbeat, and the way a rotated Guid arrives. */
function startPoll(client: GatewayClient, creds: IntegrationCredentials, session: Session): void {
	if (session.polling || session.gone) return;
	counters.polls++;
	let headers: Record<string, unknown> = {};
	// Not tied to the execution: a stopped workflow must not cut the heartbeat mid-way.
	const background: GatewayClient = { connection: client.connection, send: client.send };
	session.polling = callGateway(background, {
		method: 'GET',
		path: `${GATEWAY}agentevent/${creds.agentId}`,
		guid: session.guid,
		cookie: session.cookie,
		timeoutMs: SESSION_TIMING.pollTimeoutMs,
		effect: READ_ONLY,
		onHeaders: (h) => (headers = h),
	})
		.then(
			(envelope) => {
				if (envelope.retcode === '0') {
					session.lastPollAt = Date.now();
					const fresh = guidFrom(headers);
					if (fresh && fresh !== session.guid) {
						session.guid = fresh;
						counters.guidRotations++;
					}
					session.cookie = cookieFrom(headers) ?? session.cookie;
				} else if (SESSION_GONE_RETCODES.has(envelope.retcode)) {
					session.gone = true;
				}
			},
			() => undefined,
		)
		.finally(() => {
			session.polling = undefined;
		});
}

function pollAfterMs(creds: IntegrationCredentials): number {
	return creds.authMode === 'dynamic'
		? SESSION_TIMING.pollAfterDynamicMs
		: SESSION_TIMING.pollAfterStaticMs;
}

/** The live session, signing in when there is none (one sign-in at a time per credential). */
async function ensureSession(
	client: GatewayClient,
	creds: IntegrationCredentials,
	entry: Entry,
	renewing: boolean,
): Promise<Session> {
	if (entry.blocked) {
		counters.blockedSignIns++;
		throw blockedError(creds, entry.blocked);
	}
	const current = entry.session;
	const now = Date.now();
	if (current && !current.gone && now - current.lastPollAt < SESSION_TIMING.reuseForMs) {
		if (now - current.lastPollAt >= pollAfterMs(creds)) startPoll(client, creds, current);
		return current;
	}
	if (!entry.signingIn) {
		// A session of ours that lapsed here by time may still be live at the gateway: a 100-002 then is ours.
		const ownMayBeLive = !renewing && (current !== undefined || entry.maybeOurs);
		entry.session = undefined;
		entry.signingIn = signIn(client, creds, entry, ownMayBeLive).finally(() => {
			entry.signingIn = undefined;
		});
	}
	return await entry.signingIn;
}

async function send(
	client: GatewayClient,
	creds: IntegrationCredentials,
	session: Session,
	call: IntegrationCall,
): Promise<GatewayEnvelope> {
	return await callGateway(client, {
		method: call.method,
		path: `${GATEWAY}${call.path.split('{agentid}').join(creds.agentId)}`,
		query: call.query,
		body: call.body,
		guid: session.guid,
		cookie: session.cookie,
		timeoutMs: call.timeoutMs,
		effect: call.effect,
	});
}

/** Whether the session is gone, by a read-only query of the integration agent's own status. */
async function confirmGone(
	client: GatewayClient,
	creds: IntegrationCredentials,
	session: Session,
	refused: string,
): Promise<boolean> {
	try {
		const probe = await callGateway(client, {
			method: 'GET',
			path: `${GATEWAY}onlineagent/${creds.agentId}/agentstatus`,
			guid: session.guid,
			cookie: session.cookie,
			timeoutMs: SESSION_TIMING.signInTimeoutMs,
			effect: READ_ONLY,
		});
		return SESSION_GONE_RETCODES.has(probe.retcode);
	} catch (error) {
		throw sessionError(
			'checkFailed',
			`The gateway refused the request with ${refused}, and checking ${who(creds)}'s session failed: ${error instanceof Error ? error.message : String(error)}`,
			'The gateway refused the request before acting on it: nothing happened. Run it again.',
			refused,
		);
	}
}

function drop(entry: Entry, session: Session): void {
	session.gone = true;
	if (entry.session === session) entry.session = undefined;
}

export async function integrationRequest(
	fn: IntegrationFunctions,
	credentials: IDataObject | IntegrationCredentials,
	call: IntegrationCall,
): Promise<GatewayEnvelope> {
	const creds = isParsed(credentials) ? credentials : parseIntegrationCredentials(credentials);
	const client: GatewayClient = {
		connection: creds.connection,
		send: async (options) => await fn.helpers.httpRequest(options),
		cancelSignal: fn.getExecutionCancelSignal?.(),
	};
	const entry = entryOf(creds.key);
	const session = await ensureSession(client, creds, entry, false);
	const answer = await send(client, creds, session, call);
	if (!SESSION_GONE_RETCODES.has(answer.retcode)) return answer;

	// Another request of this process may have renewed the session meanwhile: use it.
	const newer = entry.session;
	if (!(newer && newer !== session && !newer.gone)) {
		if (!(await confirmGone(client, creds, session, answer.retcode))) return answer;
		drop(entry, session);
		counters.renewals++;
	}
	const renewed = await ensureSession(client, creds, entry, true);
	const again = await send(client, creds, renewed, call);
	if (!SESSION_GONE_RETCODES.has(again.retcode)) return again;
	if (!(await confirmGone(client, creds, renewed, again.retcode))) return again;
	drop(entry, renewed);
	throw new SessionError(
		'takenOver',
		`${who(creds)[0].toUpperCase()}${who(creds).slice(1)} was signed out again right after n8n signed it back in (${again.retcode})`,
		'Another n8n worker or instance, or a person, signs in with the same agent account. Give each n8n instance (in queue mode, each worker) its own integration agent. The gateway refused the request before acting on it: nothing happened.',
		again.retcode,
	);
}

// ---------------------------------------------------------------------------------------------
// The connection test
// ---------------------------------------------------------------------------------------------

/** Signs in and out once (never forcing anyone out) and says which step failed. */
export async function testSignInOut(
	sendRequest: HttpHelper,
	data: IDataObject,
): Promise<{ ok: boolean; message: string }> {
	let creds: IntegrationCredentials;
	try {
		creds = parseIntegrationCredentials(data);
	} catch (error) {
		const e = error as SessionError;
		return { ok: false, message: `${e.message}. ${e.remedy}` };
	}
	const entry = entryOf(creds.key);
	if (entry.blocked) {
		const e = blockedError(creds, entry.blocked);
		return { ok: false, message: `${e.message}. ${e.remedy}` };
	}
	const live = entry.session;
	if (live && !live.gone && Date.now() - live.lastPollAt < SESSION_TIMING.reuseForMs) {
		return {
			ok: true,
			message: `n8n holds a live session of ${who(creds)} in this process; it was not signed in again (that would sign the session out).`,
		};
	}
	const client: GatewayClient = { connection: creds.connection, send: sendRequest };
	let answer: SignInAnswer;
	try {
		answer = await putSignIn(client, creds, false);
	} catch (error) {
		const e = error as SessionError;
		return { ok: false, message: `Step 1 of 2, sign-in: ${e.message}. ${e.remedy}` };
	}
	const { retcode } = answer.envelope;
	if (retcode === '100-004' || retcode === '110-016') {
		entry.blocked = { retcode, message: meaningOf(retcode) };
		return {
			ok: false,
			message: `Step 1 of 2, sign-in: ${retcode}: ${meaningOf(retcode)}. ${EDIT_TO_RETRY}`,
		};
	}
	if (retcode === '100-002') {
		return {
			ok: false,
			message: `Step 1 of 2, sign-in: 100-002: ${who(creds)} is already signed in (by a running workflow, another n8n worker, or a person). The test does not take it over, so the password was not checked.`,
		};
	}
	if (retcode !== '0' || !answer.guid) {
		return {
			ok: false,
			message:
				retcode !== '0'
					? `Step 1 of 2, sign-in: ${retcode}: ${meaningOf(retcode)}${answer.envelope.message ? ` (gateway message: "${answer.envelope.message}")` : ''}`
					: 'Step 1 of 2, sign-in: retcode 0 but no usable Set-GUID header (a proxy may drop it)',
		};
	}
	const tls = creds.connection.skipTlsChecks
		? 'TLS checks are OFF (insecure)'
		: "the gateway's certificate was verified";
	try {
		const out = await callGateway(client, {
			method: 'DELETE',
			path: `${GATEWAY}onlineagent/${creds.agentId}/logout`,
			guid: answer.guid,
			cookie: answer.cookie,
			timeoutMs: SESSION_TIMING.signInTimeoutMs,
			effect: READ_ONLY,
		});
		if (out.retcode !== '0') {
			return {
				ok: false,
				message: `Step 2 of 2, sign-out: ${out.retcode}${out.message ? ` (${out.message})` : ''}. The sign-in worked; the gateway signs the agent out by itself after 2 minutes without polling.`,
			};
		}
	} catch (error) {
		return {
			ok: false,
			message: `Step 2 of 2, sign-out: ${error instanceof Error ? error.message : String(error)}. The sign-in worked; the gateway signs the agent out by itself after 2 minutes without polling.`,
		};
	}
	return {
		ok: true,
		message: `Signed ${who(creds)} in and out again; ${tls}.`,
	};
}
