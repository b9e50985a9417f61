/** A plain HTTPS client for the simulator's own tests (no node code involved). */
import { Agent, request } from 'undici';

import type { Simulator } from './index';

export interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json: { retcode?: string; message?: string; result?: unknown; event?: unknown } | undefined;
}

export class SimClient {
	readonly dispatcher: Agent;

	constructor(private readonly sim: Simulator) {
		this.dispatcher = new Agent({ connect: { ca: sim.caPem } });
	}

	async call(method: string, path: string, opts: { guid?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
		const headers: Record<string, string> = { ...(opts.headers ?? {}) };
		if (opts.guid !== undefined) headers.Guid = opts.guid;
		let body: string | undefined = opts.rawBody;
		if (opts.body !== undefined) {
			body = JSON.stringify(opts.body);
			headers['Content-Type'] = 'application/json; charset=UTF-8';
		}
		const res = await request(`${this.sim.url}${path}`, { method: method as 'GET', headers, body, dispatcher: this.dispatcher });
		const text = await res.body.text();
		let json: Answer['json'];
		try {
			json = JSON.parse(text) as Answer['json'];
		} catch {
			json = undefined;
		}
		return { status: res.statusCode, headers: res.headers, text, json };
	}

	transfer(agentId: string | number, guid: string | undefined, body: unknown): Promise<Answer> {
		return this.call('POST', `/agentgateway/resource/voicecall/${agentId}/transfer`, { guid, body });
	}

	poll(agentId: string, guid: string): Promise<Answer> {
		return this.call('GET', `/agentgateway/resource/agentevent/${agentId}`, { guid });
	}

	close(): Promise<void> {
		return this.dispatcher.close();
	}
}
