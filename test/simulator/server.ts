/**
 * The HTTPS front of the simulator: routes the gateway's agent interface and, separately under
 * /__sim/, the control surface that only tests and the demo use.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { FaultBook, playFault, type FaultSpec, type RandomFaultSpec } from './faults';
import { AGENT_ID_RANGE, RET, type Ret, type SimRuleSet } from './rules';
import { GatewayState, type Agent, type CallSpec } from './state';
import { applyTransfer, checkTransferBody } from './transfer';

export interface LoggedRequest {
	seq: number;
	at: number;
	method: string;
	path: string;
	/** Header names lower-cased; the Guid's value replaced by '<redacted>'. */
	headers: Record<string, string>;
	body: string;
	retcode?: string;
	fault?: string;
}

export interface RouterOptions {
	ruleSet: SimRuleSet;
	pollHoldMs: number;
	ivrReturnMs: number;
	log: boolean;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const GATEWAY = '/agentgateway/resource/';

export interface Control {
	readyAgent(opts: { agentId?: string; call?: CallSpec; keepAlive?: boolean }): Promise<unknown>;
	agentState(agentId: string): unknown;
	placeCall(agentId: string, call?: CallSpec): string;
	createAgent(agentId: string, password: string): void;
	caPem(): string;
	openConnections(): number;
}

export class Router {
	readonly log: LoggedRequest[] = [];
	readonly faults = new FaultBook();
	readonly timers = new Set<NodeJS.Timeout>();
	private seq = 0;
	control?: Control;

	constructor(
		readonly state: GatewayState,
		private readonly opts: RouterOptions,
	) {}

	handle(req: IncomingMessage, res: ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const path = (req.url ?? '/').split('?')[0];
			if (path.startsWith('/__sim/')) {
				void this.control_(req.method ?? 'GET', path, body, res);
				return;
			}
			const entry = this.record(req, path, body);
			const fault = this.faults.take(path);
			if (fault) {
				entry.fault = fault.kind;
				playFault(fault, req, res, this.timers);
				return;
			}
			try {
				this.gateway(req.method ?? 'GET', path, body, req, res, entry);
			} catch (error) {
				if (this.opts.log) console.error('simulator handler failed', error);
				this.answer(res, entry, RET.operationFailed);
			}
		});
	}

	private record(req: IncomingMessage, path: string, body: string): LoggedRequest {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(req.headers)) {
			headers[name] = name === 'guid' ? '<redacted>' : String(value);
		}
		const entry: LoggedRequest = { seq: ++this.seq, at: Date.now(), method: req.method ?? '', path, headers, body };
		this.log.push(entry);
		return entry;
	}

	private answer(res: ServerResponse, entry: LoggedRequest, ret: Ret, extra: { message?: string; result?: unknown; event?: unknown; headers?: Record<string, string> } = {}): void {
		entry.retcode = ret[0];
		const payload: Record<string, unknown> = { message: extra.message ?? ret[1], retcode: ret[0] };
		if ('event' in extra) payload.event = extra.event;
		else payload.result = extra.result ?? {};
		if (this.opts.log) console.log(`${entry.method} ${entry.path} -> ${ret[0]}${extra.message ? ` (${extra.message})` : ''}`);
		if (res.destroyed) return;
		res.writeHead(200, { 'content-type': JSON_TYPE, ...(extra.headers ?? {}) });
		res.end(JSON.stringify(payload));
	}

	private gateway(method: string, path: string, body: string, req: IncomingMessage, res: ServerResponse, entry: LoggedRequest): void {
		const route = matchRoute(path);
		if (!route) return this.answer(res, entry, RET.badParam, { message: 'the URL address is invalid' });
		if (route.method !== method) {
			return this.answer(res, entry, route.name === 'events' ? RET.wrongEventMethod : RET.badParam, { message: `${method} is not supported here` });
		}
		const [min, max] = AGENT_ID_RANGE[this.opts.ruleSet];
		if (!/^[0-9]{1,7}$/.test(route.agentId) || Number(route.agentId) < min || Number(route.agentId) > max) {
			return this.answer(res, entry, RET.badParam, { message: 'agentid is invalid' });
		}
		const agent = this.state.agents.get(String(Number(route.agentId)));
		const guid = typeof req.headers.guid === 'string' ? req.headers.guid : undefined;

		if (route.name === 'signIn' || route.name === 'forceLogin') return this.signIn(route.name === 'forceLogin', agent, body, res, entry);
		if (!agent || !agent.signedIn) return this.answer(res, entry, RET.notSignedIn);
		if (!this.state.guidAccepted(agent, guid)) return this.answer(res, entry, RET.noRight);

		switch (route.name) {
			case 'logout':
				this.state.signOut(agent);
				return this.answer(res, entry, RET.ok);
			case 'status':
				return this.answer(res, entry, RET.ok, { result: this.state.status(agent) });
			case 'callInfo':
				return this.answer(res, entry, RET.ok, { result: agent.call ? callInfo(agent) : {} });
			case 'updateGuid': {
				const fresh = this.state.refreshGuid(agent);
				return this.answer(res, entry, RET.ok, { headers: { 'set-guid': `JSESSIONID=${fresh}` } });
			}
			case 'events':
				return this.poll(agent, res, entry);
			case 'transfer':
				return this.transfer(agent, body, res, entry);
		}
	}

	private signIn(force: boolean, agent: Agent | undefined, body: string, res: ServerResponse, entry: LoggedRequest): void {
		let parsed: { password?: unknown; phonenum?: unknown };
		try {
			parsed = JSON.parse(body) as typeof parsed;
		} catch {
			return this.answer(res, entry, RET.signInParam);
		}
		if (!parsed || typeof parsed.password !== 'string' || typeof parsed.phonenum !== 'string' || parsed.phonenum === '') {
			return this.answer(res, entry, RET.signInParam);
		}
		if (!agent || agent.password !== parsed.password) return this.answer(res, entry, RET.wrongPassword);
		if (agent.signedIn && !force) return this.answer(res, entry, RET.alreadySignedIn);
		if (agent.signedIn) this.state.signOut(agent);
		const guid = this.state.signIn(agent, parsed.phonenum);
		this.answer(res, entry, RET.ok, { headers: { 'set-guid': `JSESSIONID=${guid}` } });
	}

	private poll(agent: Agent, res: ServerResponse, entry: LoggedRequest): void {
		agent.lastPollAt = Date.now();
		const rotated = this.state.rotateOnPoll(agent);
		if (rotated) agent.pendingGuid = rotated;
		const respond = () => {
			agent.lastPollAt = Date.now();
			if (!agent.signedIn) return this.answer(res, entry, RET.notSignedIn);
			const event = agent.events.shift() ?? null;
			const headers: Record<string, string> = {};
			if (agent.pendingGuid) {
				headers['set-guid'] = `JSESSIONID=${agent.pendingGuid}`;
				agent.pendingGuid = undefined;
			}
			this.answer(res, entry, RET.ok, { message: '', event, headers });
		};
		if (agent.events.length > 0) return respond();
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			this.timers.delete(timer);
			agent.waiters = agent.waiters.filter((w) => w !== finish);
			respond();
		};
		const timer = setTimeout(finish, this.opts.pollHoldMs);
		this.timers.add(timer);
		agent.waiters.push(finish);
		res.on('close', () => {
			if (!done) {
				done = true;
				clearTimeout(timer);
				this.timers.delete(timer);
				agent.waiters = agent.waiters.filter((w) => w !== finish);
			}
		});
	}

	private transfer(agent: Agent, body: string, res: ServerResponse, entry: LoggedRequest): void {
		let parsed: unknown;
		try {
			parsed = JSON.parse(body);
		} catch {
			return this.answer(res, entry, RET.badParam, { message: 'the message body is not JSON' });
		}
		const checked = checkTransferBody(parsed, this.opts.ruleSet);
		if ('ret' in checked) return this.answer(res, entry, checked.ret, { message: checked.message });
		const outcome = applyTransfer(this.state, agent, checked.body, (fn) => {
			const t = setTimeout(() => {
				this.timers.delete(t);
				fn();
			}, this.opts.ivrReturnMs);
			this.timers.add(t);
		});
		this.answer(res, entry, outcome.ret, { message: outcome.message });
	}

	private async control_(method: string, path: string, body: string, res: ServerResponse): Promise<void> {
		const send = (status: number, value: unknown, type = 'application/json') => {
			res.writeHead(status, { 'content-type': type }).end(typeof value === 'string' ? value : JSON.stringify(value));
		};
		const control = this.control!;
		let input: Record<string, unknown> = {};
		try {
			input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
		} catch {
			return send(400, { error: 'body is not JSON' });
		}
		const agentMatch = /^\/__sim\/agents\/([0-9]+)(\/call)?$/.exec(path);
		try {
			if (method === 'GET' && path === '/__sim/ca') return send(200, control.caPem(), 'application/x-pem-file');
			if (method === 'GET' && path === '/__sim/requests') return send(200, this.log);
			if (method === 'DELETE' && path === '/__sim/requests') {
				this.log.length = 0;
				return send(200, { ok: true });
			}
			if (method === 'POST' && path === '/__sim/faults') {
				this.faults.add(input as unknown as FaultSpec);
				return send(200, { ok: true });
			}
			if (method === 'POST' && path === '/__sim/random-faults') {
				this.faults.setRandom(input as unknown as RandomFaultSpec);
				return send(200, { ok: true });
			}
			if (method === 'GET' && path === '/__sim/connections') return send(200, { open: control.openConnections() });
			if (method === 'DELETE' && path === '/__sim/faults') {
				this.faults.clear();
				return send(200, { ok: true });
			}
			if (method === 'POST' && path === '/__sim/agents') {
				control.createAgent(String(input.agentId), String(input.password));
				return send(200, { ok: true });
			}
			if (method === 'POST' && path === '/__sim/ready') return send(200, await control.readyAgent(input));
			if (agentMatch && method === 'POST' && agentMatch[2]) return send(200, { callid: control.placeCall(agentMatch[1], input as CallSpec) });
			if (agentMatch && method === 'GET' && !agentMatch[2]) return send(200, control.agentState(agentMatch[1]));
			return send(404, { error: `no control route ${method} ${path}` });
		} catch (error) {
			return send(400, { error: error instanceof Error ? error.message : String(error) });
		}
	}
}

type RouteName = 'signIn' | 'forceLogin' | 'logout' | 'status' | 'updateGuid' | 'callInfo' | 'events' | 'transfer';
const ROUTES: Array<{ re: RegExp; name: RouteName; method: string }> = [
	{ re: /^onlineagent\/([^/]+)$/, name: 'signIn', method: 'PUT' },
	{ re: /^onlineagent\/([^/]+)\/forcelogin$/, name: 'forceLogin', method: 'PUT' },
	{ re: /^onlineagent\/([^/]+)\/logout$/, name: 'logout', method: 'DELETE' },
	{ re: /^onlineagent\/([^/]+)\/agentstatus$/, name: 'status', method: 'GET' },
	{ re: /^onlineagent\/([^/]+)\/updateGuid$/, name: 'updateGuid', method: 'PUT' },
	{ re: /^calldata\/([^/]+)\/callinfo$/, name: 'callInfo', method: 'GET' },
	{ re: /^agentevent\/([^/]+)$/, name: 'events', method: 'GET' },
	{ re: /^voicecall\/([^/]+)\/transfer$/, name: 'transfer', method: 'POST' },
];

function matchRoute(path: string): { name: RouteName; method: string; agentId: string } | undefined {
	if (!path.startsWith(GATEWAY)) return undefined;
	const rest = path.slice(GATEWAY.length);
	for (const r of ROUTES) {
		const m = r.re.exec(rest);
		if (m) return { name: r.name, method: r.method, agentId: m[1] };
	}
	return undefined;
}

function callInfo(agent: Agent) {
	const call = agent.call!;
	return {
		callid: call.callid,
		caller: call.caller,
		called: call.called,
		callfeature: call.direction === 'inbound' ? 0 : 7,
		mediaAbility: call.media === 'video' ? 1 : 0,
		state: call.state,
	};
}
