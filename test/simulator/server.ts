/**
 * The gateway's agent interface over HTTP: routing, the order of checks, sign-in, the Guid, event
 * polling and transfer. Requests under /__sim/ go to the control surface (control.ts) instead and
 * are not logged as gateway requests.
 *
 * The order of checks on every agent interface: path and method (000-002, or 000-001 for a wrong
 * method on agentevent), agentid syntax and range (000-002), signed in (100-006), Guid (000-003),
 * then the body or query (000-002 naming the field), then the call (200-012, 200-017) and the
 * call's preconditions (100-007). An exception inside a handler is answered 100-007, never with a
 * stack trace.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

import { callOut, checkCallOutBody, hold, release, takeBack, type Answer } from './callControl';
import { FaultBook, playFault } from './faults';
import { agentStatusResult, callInfoResult, holdListResult, skillWaitResult } from './queries';
import { AGENT_ID_RANGE, REQUEST_BODY_MAX_BYTES, RET, type Ret, type SimRuleSet } from './rules';
import type { Scheduler, TimerHandle } from './scheduler';
import type { Agent, GatewayState } from './state';
import {
	acdStat,
	agentByWorkNo,
	agentsBySkill,
	supervise,
	SupervisorBook,
	vdnSkills,
} from './supervisor';
import { applyTransfer, checkTransferBody } from './transfer';

export interface LoggedRequest {
	seq: number;
	/** ms since epoch, when the request's body had arrived. */
	at: number;
	method: string;
	/** Without the query string. */
	path: string;
	/** Header names lower-cased; the Guid header's value replaced by '<redacted>'. */
	headers: Record<string, string>;
	/** The raw body as received (UTF-8). */
	body: string;
	/** ms since epoch, when the answer had been handed to the network (or the connection ended). */
	answeredAt?: number;
	/** The retcode answered; absent when a fault answered or no envelope was sent. */
	retcode?: string;
	/** The fault kind that answered instead of the gateway. */
	fault?: string;
}

export interface RouterOptions {
	ruleSet: SimRuleSet;
	/** The simulator's timers (poll holds, later steps of transfers and call outs, fault delays). */
	scheduler: Scheduler;
	/** 0: a poll with nothing queued answers event: null at once. */
	pollHoldMs: number;
	ivrReturnMs: number;
	conferenceLeaveMs: number;
	unreachableAddresses: ReadonlySet<string>;
	log: boolean;
	/** Called inside the handler's try block for every gateway request (a throw gives 100-007). */
	onGatewayRequest?: (request: { method: string; path: string }) => void;
}

export type ControlHandler = (
	method: string,
	path: string,
	body: string,
	res: ServerResponse,
) => void;

const JSON_TYPE = 'application/json;charset=UTF-8';
const GATEWAY = '/agentgateway/resource/';
export const CONTROL_PREFIX = '/__sim/';

type RouteName =
	| 'signIn'
	| 'forceLogin'
	| 'logout'
	| 'status'
	| 'updateGuid'
	| 'callInfo'
	| 'holdList'
	| 'skillWait'
	| 'events'
	| 'transfer'
	| 'callOut'
	| 'release'
	| 'hold'
	| 'getHold'
	| 'acdStat'
	| 'vdnSkills'
	| 'agentByWorkNo'
	| 'agentsBySkill'
	| 'forceBusy'
	| 'forceIdle'
	| 'forceRest'
	| 'forceSignOut'
	| 'setSkills';

const ROUTES: ReadonlyArray<{ re: RegExp; name: RouteName; method: string }> = [
	{ re: /^onlineagent\/([^/]+)$/, name: 'signIn', method: 'PUT' },
	{ re: /^onlineagent\/([^/]+)\/forcelogin$/, name: 'forceLogin', method: 'PUT' },
	{ re: /^onlineagent\/([^/]+)\/logout$/, name: 'logout', method: 'DELETE' },
	{ re: /^onlineagent\/([^/]+)\/agentstatus$/, name: 'status', method: 'GET' },
	{ re: /^onlineagent\/([^/]+)\/updateGuid$/, name: 'updateGuid', method: 'PUT' },
	{ re: /^calldata\/([^/]+)\/callinfo$/, name: 'callInfo', method: 'GET' },
	{ re: /^agentevent\/([^/]+)$/, name: 'events', method: 'GET' },
	{ re: /^calldata\/([^/]+)\/holdlist$/, name: 'holdList', method: 'GET' },
	{ re: /^queuedevice\/([^/]+)\/skillwaitnum\/([^/]+)$/, name: 'skillWait', method: 'GET' },
	{ re: /^voicecall\/([^/]+)\/transfer$/, name: 'transfer', method: 'POST' },
	{ re: /^voicecall\/([^/]+)\/callout$/, name: 'callOut', method: 'PUT' },
	{ re: /^voicecall\/([^/]+)\/release$/, name: 'release', method: 'DELETE' },
	{ re: /^voicecall\/([^/]+)\/hold$/, name: 'hold', method: 'POST' },
	{ re: /^voicecall\/([^/]+)\/gethold$/, name: 'getHold', method: 'POST' },
	// The integration / inspector agent's interfaces (supervisor.ts):
	{ re: /^queuedevice\/([^/]+)\/queryacdstat$/, name: 'acdStat', method: 'POST' },
	{ re: /^queuedevice\/([^/]+)\/agentvdnskill$/, name: 'vdnSkills', method: 'GET' },
	{ re: /^agentgroup\/([^/]+)\/agentbyworkno\/([^/]+)$/, name: 'agentByWorkNo', method: 'GET' },
	{ re: /^agentgroup\/([^/]+)\/agentbyskill\/([^/]+)$/, name: 'agentsBySkill', method: 'GET' },
	{ re: /^qualitycontrol\/([^/]+)\/forcebusy\/([^/]+)$/, name: 'forceBusy', method: 'POST' },
	{ re: /^qualitycontrol\/([^/]+)\/forceidle\/([^/]+)$/, name: 'forceIdle', method: 'POST' },
	{
		re: /^qualitycontrol\/([^/]+)\/forcerest\/([^/]+)\/([^/]+)\/([^/]+)$/,
		name: 'forceRest',
		method: 'POST',
	},
	{ re: /^qualitycontrol\/([^/]+)\/forcelogout\/([^/]+)$/, name: 'forceSignOut', method: 'POST' },
	{ re: /^qualitycontrol\/([^/]+)\/adjustskill$/, name: 'setSkills', method: 'POST' },
];

/** `param` is the path's second variable, where it has one (skillwaitnum's skill ID). */
function matchRoute(path: string):
	| {
			name: RouteName;
			method: string;
			agentId: string;
			param?: string;
			params: string[];
	  }
	| undefined {
	if (!path.startsWith(GATEWAY)) return undefined;
	const rest = path.slice(GATEWAY.length);
	for (const r of ROUTES) {
		const m = r.re.exec(rest);
		if (m)
			return { name: r.name, method: r.method, agentId: m[1], param: m[2], params: m.slice(2) };
	}
	return undefined;
}

/** A request body as the gateway reads it: JSON, declared as such, in UTF-8. */
type Parsed = { value: unknown } | { problem: string };

function parseJsonBody(headers: IncomingHttpHeaders, raw: Buffer, tooLarge: boolean): Parsed {
	if (tooLarge)
		return { problem: `the message body is larger than ${REQUEST_BODY_MAX_BYTES} bytes` };
	const type = String(headers['content-type'] ?? '').toLowerCase();
	const [media, ...params] = type.split(';').map((p) => p.trim());
	if (media !== 'application/json')
		return { problem: 'Content-Type must be application/json; charset=UTF-8' };
	const charset = params
		.find((p) => p.startsWith('charset='))
		?.slice('charset='.length)
		.replace(/"/g, '');
	if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
		return { problem: 'the message body must be UTF-8' };
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
	} catch {
		return { problem: 'the message body is not valid UTF-8' };
	}
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return { problem: 'the message body is not JSON' };
	}
}

export class Router {
	readonly log: LoggedRequest[] = [];
	readonly faults = new FaultBook();
	readonly timers = new Set<TimerHandle>();
	readonly book = new SupervisorBook();
	private seq = 0;
	control?: ControlHandler;

	constructor(
		readonly state: GatewayState,
		private readonly opts: RouterOptions,
	) {}

	/** A timer the simulator clears on close; a throw inside it is reported, never fatal. */
	later = (ms: number, fn: () => void): void => {
		const t = this.opts.scheduler.schedule(ms, () => {
			this.timers.delete(t);
			try {
				fn();
			} catch (error) {
				if (this.opts.log) console.error('simulator timer failed', error);
			}
		});
		this.timers.add(t);
	};

	/** Cancels every timer still pending (on close). */
	cancelAll(): void {
		for (const t of this.timers) this.opts.scheduler.cancel(t);
		this.timers.clear();
	}

	handle(req: IncomingMessage, res: ServerResponse): void {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('error', () => undefined); // a client that hangs up mid-request: nothing to answer
		res.on('error', () => undefined);
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > REQUEST_BODY_MAX_BYTES) tooLarge = true;
			else chunks.push(c);
		});
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			const url = req.url ?? '/';
			const mark = url.indexOf('?');
			const path = mark < 0 ? url : url.slice(0, mark);
			const search = mark < 0 ? '' : url.slice(mark + 1);
			const method = req.method ?? 'GET';
			if (path.startsWith(CONTROL_PREFIX) || path === CONTROL_PREFIX.slice(0, -1)) {
				this.control?.(method, path, raw.toString('utf8'), res);
				return;
			}
			const entry = this.record(req, path, raw);
			// Stamped as the answer is written (the client in this process may read it before 'finish').
			const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
			res.end = ((...args: unknown[]) => {
				entry.answeredAt ??= Date.now();
				return end(...args);
			}) as typeof res.end;
			res.once('close', () => void (entry.answeredAt ??= Date.now()));
			const fault = this.faults.take(path);
			if (fault) entry.fault = fault.kind;
			const reply = fault?.kind === 'late' ? heldBack(res, fault.delayMs ?? 5000, this.later) : res;
			if (fault && fault.kind !== 'late') {
				if (this.opts.log) console.error(`${method} ${path} -> fault ${fault.kind}`);
				playFault(fault, req, res, this.later);
				return;
			}
			try {
				this.opts.onGatewayRequest?.({ method, path });
				this.gateway(
					method,
					path,
					new URLSearchParams(search),
					raw,
					tooLarge,
					req.headers,
					reply,
					entry,
				);
			} catch (error) {
				if (this.opts.log) console.error('simulator handler failed', error);
				this.answer(reply, entry, RET.operationFailed);
			}
		});
	}

	private record(req: IncomingMessage, path: string, raw: Buffer): LoggedRequest {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(req.headers)) {
			headers[name] = name === 'guid' ? '<redacted>' : String(value);
		}
		const entry: LoggedRequest = {
			seq: ++this.seq,
			at: Date.now(),
			method: req.method ?? '',
			path,
			headers,
			body: raw.toString('utf8'),
		};
		this.log.push(entry);
		return entry;
	}

	private answer(
		res: ServerResponse,
		entry: LoggedRequest,
		ret: Ret,
		extra: {
			message?: string;
			result?: unknown;
			event?: unknown;
			headers?: Record<string, string>;
		} = {},
	): void {
		if (res.headersSent || res.destroyed) return;
		entry.retcode = ret[0];
		const payload: Record<string, unknown> = { message: extra.message ?? ret[1], retcode: ret[0] };
		if ('event' in extra) payload.event = extra.event;
		else payload.result = extra.result ?? {};
		if (this.opts.log)
			console.error(
				`${entry.method} ${entry.path} -> ${ret[0]}${extra.message ? ` (${extra.message})` : ''}`,
			);
		const body = JSON.stringify(payload);
		res.writeHead(200, {
			'content-type': JSON_TYPE,
			'content-length': String(Buffer.byteLength(body)),
			...(extra.headers ?? {}),
		});
		res.end(body);
	}

	private gateway(
		method: string,
		path: string,
		query: URLSearchParams,
		raw: Buffer,
		tooLarge: boolean,
		headers: IncomingHttpHeaders,
		res: ServerResponse,
		entry: LoggedRequest,
	): void {
		const route = matchRoute(path);
		if (!route)
			return this.answer(res, entry, RET.badParam, { message: 'the URL address is invalid' });
		if (route.method !== method) {
			return this.answer(
				res,
				entry,
				route.name === 'events' ? RET.wrongEventMethod : RET.badParam,
				{
					message: `${method} is not supported here; use ${route.method}`,
				},
			);
		}
		const [min, max] = AGENT_ID_RANGE[this.opts.ruleSet];
		const idValue = /^[0-9]{1,7}$/.test(route.agentId) ? Number(route.agentId) : NaN;
		if (!(idValue >= min && idValue <= max)) {
			return this.answer(res, entry, RET.badParam, {
				message: `agentid is invalid (${min} to ${max})`,
			});
		}
		const agentId = String(idValue);

		if (route.name === 'signIn' || route.name === 'forceLogin') {
			return this.signIn(
				route.name === 'forceLogin',
				agentId,
				parseJsonBody(headers, raw, tooLarge),
				res,
				entry,
			);
		}
		const agent = this.state.find(agentId);
		if (!agent || !agent.signedIn) return this.answer(res, entry, RET.notSignedIn);
		const guid = typeof headers.guid === 'string' ? headers.guid : undefined;
		if (!this.state.guidAccepted(agent, guid)) return this.answer(res, entry, RET.noRight);

		switch (route.name) {
			case 'logout':
				this.state.signOut(agent);
				return this.answer(res, entry, RET.ok);
			case 'status':
				return this.answer(res, entry, RET.ok, { result: agentStatusResult(this.state, agent) });
			case 'callInfo': {
				const info = callInfoResult(this.state, agent, query);
				return 'ret' in info
					? this.answer(res, entry, info.ret, { message: info.message })
					: this.answer(res, entry, RET.ok, { result: info.result });
			}
			case 'holdList':
				return this.answer(res, entry, RET.ok, { result: holdListResult(this.state, agent) });
			case 'skillWait': {
				const waiting = skillWaitResult(this.state, route.param ?? '');
				return 'ret' in waiting
					? this.answer(res, entry, waiting.ret, { message: waiting.message })
					: this.answer(res, entry, RET.ok, { result: waiting.result });
			}
			case 'updateGuid': {
				const fresh = this.state.refreshGuid(agent);
				return this.answer(res, entry, RET.ok, { headers: { 'set-guid': `JSESSIONID=${fresh}` } });
			}
			case 'events':
				return this.poll(agent, res, entry);
			case 'transfer':
				return this.transfer(agent, parseJsonBody(headers, raw, tooLarge), res, entry);
			case 'callOut': {
				const parsed = parseJsonBody(headers, raw, tooLarge);
				if ('problem' in parsed)
					return this.answer(res, entry, RET.badParam, { message: parsed.problem });
				const checked = checkCallOutBody(parsed.value);
				if ('ret' in checked) return this.reply(res, entry, checked);
				return this.reply(res, entry, callOut(this.state, agent, checked.body, this.later));
			}
			case 'release':
				return this.reply(res, entry, release(this.state, agent));
			case 'hold':
				return this.reply(res, entry, hold(this.state, agent));
			case 'getHold':
				return this.reply(res, entry, takeBack(this.state, agent, query));
			case 'acdStat': {
				const parsed = parseJsonBody(headers, raw, tooLarge);
				if ('problem' in parsed)
					return this.answer(res, entry, RET.badParam, { message: parsed.problem });
				return this.reply(res, entry, acdStat(this.state, this.book, parsed.value));
			}
			case 'vdnSkills':
				return this.reply(res, entry, vdnSkills(this.book));
			case 'agentByWorkNo':
				return this.reply(res, entry, agentByWorkNo(this.state, this.book, route.params[0]));
			case 'agentsBySkill':
				return this.reply(res, entry, agentsBySkill(this.state, this.book, route.params[0]));
			case 'forceBusy':
			case 'forceIdle':
			case 'forceSignOut':
				return this.reply(
					res,
					entry,
					supervise(this.state, this.book, agent, route.name, route.params[0], {}),
				);
			case 'forceRest': {
				const [workNo, time, reason] = route.params;
				return this.reply(
					res,
					entry,
					supervise(this.state, this.book, agent, 'forceRest', workNo, { time, reason }),
				);
			}
			case 'setSkills': {
				const parsed = parseJsonBody(headers, raw, tooLarge);
				if ('problem' in parsed)
					return this.answer(res, entry, RET.badParam, { message: parsed.problem });
				return this.reply(
					res,
					entry,
					supervise(this.state, this.book, agent, 'setSkills', undefined, { body: parsed.value }),
				);
			}
		}
	}

	private reply(res: ServerResponse, entry: LoggedRequest, a: Answer): void {
		this.answer(res, entry, a.ret, { message: a.message, result: a.result });
	}

	private signIn(
		force: boolean,
		agentId: string,
		parsed: Parsed,
		res: ServerResponse,
		entry: LoggedRequest,
	): void {
		if ('problem' in parsed)
			return this.answer(res, entry, RET.signInParam, { message: parsed.problem });
		const body = parsed.value as { password?: unknown; phonenum?: unknown } | null;
		if (!body || typeof body !== 'object' || Array.isArray(body))
			return this.answer(res, entry, RET.signInParam);
		// An empty password is a valid one: a common deployment default (docs/integration-agent.md).
		if (typeof body.password !== 'string')
			return this.answer(res, entry, RET.signInParam, { message: 'password is required' });
		if (typeof body.phonenum !== 'string' || body.phonenum === '')
			return this.answer(res, entry, RET.signInParam, { message: 'phonenum is required' });
		const agent = this.state.find(agentId);
		// An unknown agent and a wrong password look alike, as a sign-in should make them; wrong
		// passwords in a row lock the account (supervisor.ts).
		const refused = this.book.checkSignIn(agent, body.password);
		if (refused || !agent) return this.reply(res, entry, refused ?? { ret: RET.wrongPassword });
		if (agent.signedIn && !force) return this.answer(res, entry, RET.alreadySignedIn);
		if (agent.signedIn) this.state.signOut(agent);
		const guid = this.state.signIn(agent, body.phonenum);
		// A load balancer's affinity cookie, as Huawei's cloud sets one (docs/integration-agent.md).
		this.answer(res, entry, RET.ok, {
			headers: {
				'set-guid': `JSESSIONID=${guid}`,
				'set-cookie': 'SERVERID=gw0; Path=/; HttpOnly',
			},
		});
	}

	/**
	 * Long polling: answers at once with the oldest queued event, else holds up to pollHoldMs and
	 * answers with the first event queued meanwhile or `event: null` (at once when pollHoldMs is 0). One event per answer; it leaves
	 * the queue. In dynamic mode a rotated Guid rides along in Set-GUID. Polling is the heartbeat.
	 */
	private poll(agent: Agent, res: ServerResponse, entry: LoggedRequest): void {
		this.state.polled(agent);
		const respond = () => {
			this.state.polled(agent);
			if (!agent.signedIn) return this.answer(res, entry, RET.notSignedIn);
			const event = agent.events.shift() ?? null;
			const fresh = this.state.takePendingGuid(agent);
			this.answer(res, entry, RET.ok, {
				message: '',
				event,
				headers: fresh ? { 'set-guid': `JSESSIONID=${fresh}` } : {},
			});
		};
		if (agent.events.length > 0 || this.opts.pollHoldMs <= 0) return respond();

		let done = false;
		const stop = () => {
			done = true;
			this.opts.scheduler.cancel(timer);
			this.timers.delete(timer);
			agent.heldPolls--;
			agent.waiters = agent.waiters.filter((w) => w !== finish);
		};
		const finish = () => {
			if (done) return;
			stop();
			try {
				respond();
			} catch (error) {
				if (this.opts.log) console.error('simulator poll failed', error);
				this.answer(res, entry, RET.operationFailed);
			}
		};
		const timer = this.opts.scheduler.schedule(this.opts.pollHoldMs, finish);
		this.timers.add(timer);
		agent.heldPolls++;
		agent.waiters.push(finish);
		res.on('close', () => {
			if (!done) stop(); // the client gave up: nothing is taken off the queue
		});
	}

	private transfer(agent: Agent, parsed: Parsed, res: ServerResponse, entry: LoggedRequest): void {
		if ('problem' in parsed)
			return this.answer(res, entry, RET.badParam, { message: parsed.problem });
		const checked = checkTransferBody(parsed.value, this.opts.ruleSet);
		if ('ret' in checked) return this.answer(res, entry, checked.ret, { message: checked.message });
		const outcome = applyTransfer(this.state, agent, checked.body, {
			later: (after, fn) =>
				this.later(
					typeof after === 'number'
						? after
						: after === 'ivrReturn'
							? this.opts.ivrReturnMs
							: this.opts.conferenceLeaveMs,
					fn,
				),
			reachable: (address) => !this.opts.unreachableAddresses.has(address),
		});
		this.answer(res, entry, outcome.ret, { message: outcome.message });
	}
}

/**
 * The `late` fault: the gateway's answer is written to the client only after `ms`; the handler
 * runs (and changes state) at once. A client that gave up by then finds the connection closed.
 */
function heldBack(
	res: ServerResponse,
	ms: number,
	later: (ms: number, fn: () => void) => void,
): ServerResponse {
	let head: unknown[] = [];
	let sent = false;
	return new Proxy(res, {
		get(target, name, receiver) {
			if (name === 'headersSent') return sent;
			if (name === 'writeHead')
				return (...args: unknown[]) => {
					head = args;
					sent = true;
					return receiver;
				};
			if (name === 'end')
				return (...args: unknown[]) => {
					later(ms, () => {
						if (target.destroyed) return;
						(target.writeHead as (...a: unknown[]) => ServerResponse)(...head);
						(target.end as (...a: unknown[]) => ServerResponse)(...args);
					});
					return receiver;
				};
			const value = Reflect.get(target, name, target) as unknown;
			return typeof value === 'function'
				? (value as (...a: unknown[]) => unknown).bind(target)
				: value;
		},
	});
}
