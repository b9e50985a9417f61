/** The CLI: its flags, the one JSON line, the hand test from the README done by a client, and the re-dial. */
import { readFileSync } from 'node:fs';

import { HELP, parseArgs, runCli } from './cli';
import { GATEWAY, SimClient } from './client';
import { ManualScheduler } from './scheduler';

describe('flags', () => {
	test('defaults: any port, static Guid, documented rules, no log', () => {
		expect(parseArgs([])).toEqual({
			port: 0,
			auth: 'static',
			rules: 'documented',
			log: false,
			help: false,
		});
	});

	test('every flag', () => {
		expect(parseArgs(['--conference-leave-ms', '60000']).conferenceLeaveMs).toBe(60000);
		expect(() => parseArgs(['--conference-leave-ms', 'soon'])).toThrow(
			'--conference-leave-ms must be a whole number of milliseconds',
		);
		expect(
			parseArgs(['--port', '8043', '--auth', 'dynamic', '--rules', 'extended', '--log']),
		).toEqual({
			port: 8043,
			auth: 'dynamic',
			rules: 'extended',
			log: true,
			help: false,
		});
		expect(parseArgs(['--help']).help).toBe(true);
	});

	test.each([
		[['--port', 'x'], '--port'],
		[['--port', '70000'], '--port'],
		[['--port'], 'needs a value'],
		[['--auth', 'none'], '--auth'],
		[['--rules', 'strict'], '--rules'],
		[['--verbose'], 'unknown option'],
	])('%j is refused', (argv, word) => {
		expect(() => parseArgs(argv)).toThrow(word);
	});

	test('--help says the default is static and that a new call follows a transfer', () => {
		expect(HELP).toMatch(/Default: static/);
		expect(HELP).toMatch(/new inbound call is placed/);
		expect(HELP).toMatch(/--rules documented\|extended/);
	});
});

describe('a running CLI', () => {
	test('prints one JSON line; the agent in it can transfer; a new call is placed after the re-dial pause', async () => {
		const lines: string[] = [];
		const time = new ManualScheduler();
		const running = await runCli(parseArgs(['--port', '0']), {
			print: (l) => lines.push(l),
			redialMs: 150,
			checkMs: 25,
			scheduler: time,
		});
		const client = new SimClient({
			url: running.sim.url,
			caPem: readFileSync(running.sim.caFile, 'utf8'),
		});
		try {
			expect(lines).toHaveLength(1);
			const out = JSON.parse(lines[0]) as {
				url: string;
				caFile: string;
				agent: { agentId: string; password: string; guid: string };
			};
			expect(Object.keys(out)).toEqual(['url', 'caFile', 'agent']);
			expect(out.url).toMatch(/^https:\/\/127\.0\.0\.1:[0-9]+$/);
			expect(Object.keys(out.agent)).toEqual(['agentId', 'password', 'guid']);
			expect(running.sim.authMode).toBe('static');

			const { agentId, guid } = out.agent;
			const path = `${GATEWAY}/voicecall/${agentId}/transfer`;
			const send = (g: string, body: unknown) => client.call('POST', path, { guid: g, body });
			expect((await send('wrong', { devicetype: 1, address: '1001', mode: 0 })).json?.retcode).toBe(
				'000-003',
			);
			expect((await send(guid, { devicetype: 1, address: '1001', mode: 3 })).json?.retcode).toBe(
				'000-002',
			);
			expect((await send(guid, { devicetype: 1, address: '1001', mode: 0 })).json).toEqual({
				result: {},
				message: 'success',
				retcode: '0',
			});
			expect(running.sim.agentState(agentId).call).toBeNull();
			expect((await send(guid, { devicetype: 1, address: '1001', mode: 0 })).json?.retcode).toBe(
				'200-012',
			);

			time.advance(25); // the check that first sees the agent without a call
			time.advance(149);
			expect(running.sim.agentState(agentId).call).toBeNull();
			time.advance(1);
			expect(running.sim.agentState(agentId).call).toEqual(
				expect.objectContaining({ direction: 'inbound', media: 'voice', state: 'talking' }),
			);
			expect((await send(guid, { devicetype: 1, address: '1001', mode: 0 })).json?.retcode).toBe(
				'0',
			);
		} finally {
			await client.close();
			await running.stop();
		}
	});

	test('--auth and --rules reach the simulator; it ends on POST /__sim/close', async () => {
		const running = await runCli(parseArgs(['--auth', 'dynamic', '--rules', 'extended']), {
			print: () => undefined,
		});
		const client = new SimClient(running.sim);
		try {
			expect(running.sim.authMode).toBe('dynamic');
			expect(running.sim.ruleSet).toBe('extended');
			await client.call('POST', '/__sim/close');
			await running.sim.closed;
		} finally {
			await client.close();
			await running.stop();
		}
	});
});
