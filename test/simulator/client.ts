/** A plain HTTPS client for the simulator's own tests (undici, trusting the simulator's CA; no node code involved). */
import { Agent, request } from 'undici';

import type { Simulator } from './index';

export interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json: { retcode?: string; message?: string; result?: unknown; event?: unknown } | undefined;
}

export interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	/** ms from sending until the response headers arrived. */
	headersMs: number;
	/** The whole body, or the error that cut it short; `ms` is from sending until then. */
	body: Promise<{ text?: string; error?: unknown; ms: number }>;
}

export interface CallOptions {
	guid?: string;
	body?: unknown;
	rawBody?: string | Buffer;
	headers?: Record<string, string>;
}

export const GATEWAY = '/agentgateway/resource';

export class SimClient {
	readonly dispatcher: Agent;

	constructor(private readonly sim: Pick<Simulator, 'url' | 'caPem'>) {
		this.dispatcher = new Agent({ connect: { ca: sim.caPem } });
	}

	private prepare(opts: CallOptions): {
		headers: Record<string, string>;
		body: string | Buffer | undefined;
	} {
		const headers: Record<string, string> = { ...(opts.headers ?? {}) };
		if (opts.guid !== undefined) headers.Guid = opts.guid;
		let body = opts.rawBody;
		if (opts.body !== undefined) {
			body = JSON.stringify(opts.body);
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
				headers['Content-Type'] = 'application/json; charset=UTF-8';
		}
		return { headers, body };
	}

	async call(method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
		const { headers, body } = this.prepare(opts);
		const res = await request(`${this.sim.url}${path}`, {
			method: method as 'GET',
			headers,
			body,
			dispatcher: this.dispatcher,
		});
		const text = await res.body.text();
		let json: Answer['json'];
		try {
			json = JSON.parse(text) as Answer['json'];
		} catch {
			json = undefined;
		}
		return { status: res.statusCode, headers: res.headers, text, json };
	}

	/** Resolves when the headers arrive; the body is read separately, so a cut body shows as body.error. */
	async raw(method: string, path: string, opts: CallOptions = {}): Promise<RawAnswer> {
		const { headers, body } = this.prepare(opts);
		const started = Date.now();
		const res = await request(`${this.sim.url}${path}`, {
			method: method as 'GET',
			headers,
			body,
			dispatcher: this.dispatcher,
		});
		const headersMs = Date.now() - started;
		const whole = res.body.text().then(
			(text) => ({ text, ms: Date.now() - started }),
			(error: unknown) => ({ error, ms: Date.now() - started }),
		);
		return { status: res.statusCode, headers: res.headers, headersMs, body: whole };
	}

	transfer(
		agentId: string | number,
		guid: string | undefined,
		body: unknown,
		headers?: Record<string, string>,
	): Promise<Answer> {
		return this.call('POST', `${GATEWAY}/voicecall/${agentId}/transfer`, { guid, body, headers });
	}

	poll(agentId: string, guid: string): Promise<Answer> {
		return this.call('GET', `${GATEWAY}/agentevent/${agentId}`, { guid });
	}

	status(agentId: string, guid: string | undefined): Promise<Answer> {
		return this.call('GET', `${GATEWAY}/onlineagent/${agentId}/agentstatus`, { guid });
	}

	/** `query` is appended as given, e.g. 'isNoContainLastCall=false'. */
	callInfo(agentId: string, guid: string | undefined, query?: string): Promise<Answer> {
		return this.call(
			'GET',
			`${GATEWAY}/calldata/${agentId}/callinfo${query === undefined ? '' : `?${query}`}`,
			{ guid },
		);
	}

	holdList(agentId: string, guid: string | undefined): Promise<Answer> {
		return this.call('GET', `${GATEWAY}/calldata/${agentId}/holdlist`, { guid });
	}

	callOut(agentId: string, guid: string | undefined, body: unknown): Promise<Answer> {
		return this.call('PUT', `${GATEWAY}/voicecall/${agentId}/callout`, { guid, body });
	}

	release(agentId: string, guid: string | undefined): Promise<Answer> {
		return this.call('DELETE', `${GATEWAY}/voicecall/${agentId}/release`, { guid });
	}

	hold(agentId: string, guid: string | undefined): Promise<Answer> {
		return this.call('POST', `${GATEWAY}/voicecall/${agentId}/hold`, { guid });
	}

	/** Takes a held call back; `callid` undefined sends no query. */
	getHold(agentId: string, guid: string | undefined, callid?: string): Promise<Answer> {
		const query = callid === undefined ? '' : `?callid=${encodeURIComponent(callid)}`;
		return this.call('POST', `${GATEWAY}/voicecall/${agentId}/gethold${query}`, { guid });
	}

	signIn(agentId: string, body: unknown, force = false): Promise<Answer> {
		return this.call('PUT', `${GATEWAY}/onlineagent/${agentId}${force ? '/forcelogin' : ''}`, {
			body,
		});
	}

	close(): Promise<void> {
		return this.dispatcher.close();
	}
}

/** The Guid out of a `Set-GUID: JSESSIONID=<guid>` header ('' when absent). */
export function setGuid(headers: Record<string, unknown>): string {
	return String(headers['set-guid'] ?? '').replace(/^JSESSIONID=/, '');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
