/**
 * The benchmark's gateway: the simulator in its own process (so it does not share the event loop
 * with the client being measured), driven through its /__sim/ control surface.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';

export interface BenchGateway {
	url: string;
	caPem: string;
	agents: Array<{ agentId: string; guid: string }>;
	clearLog(): Promise<void>;
	transferCount(): Promise<number>;
	stop(): Promise<void>;
}

export async function startBenchGateway(agentCount: number): Promise<BenchGateway> {
	const cli = join(__dirname, '..', 'test', 'simulator', 'cli.js');
	const child: ChildProcess = spawn(process.execPath, [cli, '--port', '0', '--auth', 'static'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
		const ready = (await call('POST', '/__sim/ready', { agentId: String(30001 + i), keepAlive: true })) as { agentId: string; guid: string };
		agents.push({ agentId: ready.agentId, guid: ready.guid });
	}
	return {
		url,
		caPem,
		agents,
		clearLog: async () => void (await call('DELETE', '/__sim/requests')),
		transferCount: async () => ((await call('GET', '/__sim/requests')) as Array<{ path: string; retcode?: string }>).filter((r) => r.path.endsWith('/transfer') && r.retcode === '0').length,
		stop: async () => {
			await control.close();
			child.kill('SIGTERM');
		},
	};
}

/** The transfer every benchmark sends: a three-party transfer keeps the call, so it can repeat. */
export const BODY = { devicetype: 5, address: '88880001', mode: 4, holdflag: true } as const;
