/**
 * The simulator in its own process, driven through its /__sim/ control surface: for benchmarks and
 * the soak test, so that the gateway shares neither the event loop nor the memory being measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';

import type { LoggedRequest, RandomFaultSpec } from './index';

export interface ChildGateway {
	url: string;
	caPem: string;
	agents: Array<{ agentId: string; guid: string }>;
	clearLog(): Promise<void>;
	requests(): Promise<LoggedRequest[]>;
	randomFaults(spec: RandomFaultSpec): Promise<void>;
	openConnections(): Promise<number>;
	stop(): Promise<void>;
}

/** An hour: longer than any bench or soak run, so a three-party transfer leaves the call transferable. */
const STAY_IN_CONFERENCE_MS = 3_600_000;

/**
 * Starts `cli.js` (compiled, beside this file) and signs in `agentCount` agents from 30001 up, each
 * in a call. Three-party transfers (what the bench and the soak send, again and again on one call)
 * keep the agent in the conference for the whole run.
 */
export async function startChildGateway(
	agentCount: number,
	firstAgent = 30001,
): Promise<ChildGateway> {
	const cli = join(__dirname, 'cli.js');
	const args = [
		cli,
		'--port',
		'0',
		'--auth',
		'static',
		'--conference-leave-ms',
		String(STAY_IN_CONFERENCE_MS),
	];
	const child: ChildProcess = spawn(process.execPath, args, {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const line = await new Promise<string>((resolve, reject) => {
		const rl = createInterface({ input: child.stdout! });
		rl.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
	});
	const { url, caFile } = JSON.parse(line) as { url: string; caFile: string };
	const caPem = readFileSync(caFile, 'utf8');
	const control = new Agent({ connect: { ca: caPem } });
	const call = async (method: string, path: string, body?: unknown) => {
		const res = await request(`${url}${path}`, {
			method: method as 'GET',
			dispatcher: control,
			// Control calls are rare and far apart: a fresh connection each time, never a stale one.
			reset: true,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
		});
		return res.body.json() as Promise<unknown>;
	};
	const agents = [];
	for (let i = 0; i < agentCount; i++) {
		const ready = (await call('POST', '/__sim/ready', {
			agentId: String(firstAgent + i),
			keepAlive: true,
		})) as { agentId: string; guid: string };
		agents.push({ agentId: ready.agentId, guid: ready.guid });
	}
	return {
		url,
		caPem,
		agents,
		clearLog: async () => void (await call('DELETE', '/__sim/requests')),
		requests: async () => (await call('GET', '/__sim/requests')) as LoggedRequest[],
		randomFaults: async (spec) => void (await call('POST', '/__sim/random-faults', spec)),
		openConnections: async () =>
			((await call('GET', '/__sim/connections')) as { open: number }).open,
		stop: async () => {
			await control.close();
			child.kill('SIGTERM');
		},
	};
}
