/**
 * `npm run simulator -- [--port N] [--auth static|dynamic] [--rules documented|extended] [--log]`
 * Starts the simulator for people trying the node by hand and prints one JSON line on stdout:
 * {"url", "caFile", "agent": {"agentId", "password", "guid"}}. Runs until SIGINT/SIGTERM (or
 * POST /__sim/close).
 */
import { startSimulator, type AuthMode, type SimRuleSet, type Simulator } from './index';
import { realScheduler, type Scheduler, type TimerHandle } from './scheduler';

export const HELP = `CC-Gateway simulator (for trying the Huawei CEC node by hand; not a real gateway)

Usage: npm run simulator -- [options]

Options:
  --port N                  port on 127.0.0.1 (0 = any free port; default 0)
  --auth static|dynamic     Guid lifetime. Default: static, so a Guid you copy keeps working until
                            sign-out. (The real gateway defaults to dynamic: the Guid rotates every
                            60 s, the new one is handed out in Set-GUID of event polls, and the old
                            one stops working 120 s later. With dynamic you must poll
                            GET /agentgateway/resource/agentevent/<agentId> to keep up.)
  --rules documented|extended
                            the Transfer Call page's rules (default) or the newer pages' additions
                            (agent IDs up to 999999, A-E * # in external numbers, devicetype 2 mode 3)
  --conference-leave-ms N   how long the agent stays in a three-party conference before leaving
                            (default 3000); the soak and the bench set it beyond their run, so one
                            call can be transferred again and again
  --log                     print each gateway request and its retcode on stderr
  --help                    this text

Prints one JSON line on stdout: url, caFile (the CA certificate to trust) and a ready agent
(signed in, in an inbound voice call). The agent stays signed in without polling (a simulated
desktop keeps it alive). Once its call has been transferred away, a new inbound call is placed
on it after a few seconds so you can try again. A control surface for scripts lives under
<url>/__sim/ (routes listed in test/simulator/control.ts). Stop with Ctrl-C.`;

export interface CliOptions {
	port: number;
	auth: AuthMode;
	rules: SimRuleSet;
	log: boolean;
	help: boolean;
	conferenceLeaveMs?: number;
}

/** Parses the flags; throws with a message a person can act on. */
export function parseArgs(argv: string[]): CliOptions {
	const options: CliOptions = {
		port: 0,
		auth: 'static',
		rules: 'documented',
		log: false,
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
			return v;
		};
		switch (flag) {
			case '--port': {
				const raw = value();
				const port = Number(raw);
				if (!/^[0-9]+$/.test(raw) || port > 65535) throw new Error('--port must be 0-65535');
				options.port = port;
				break;
			}
			case '--auth': {
				const auth = value();
				if (auth !== 'static' && auth !== 'dynamic')
					throw new Error('--auth must be static or dynamic');
				options.auth = auth;
				break;
			}
			case '--rules': {
				const rules = value();
				if (rules !== 'documented' && rules !== 'extended')
					throw new Error('--rules must be documented or extended');
				options.rules = rules;
				break;
			}
			case '--conference-leave-ms': {
				const raw = value();
				if (!/^[0-9]{1,10}$/.test(raw))
					throw new Error('--conference-leave-ms must be a whole number of milliseconds');
				options.conferenceLeaveMs = Number(raw);
				break;
			}
			case '--log':
				options.log = true;
				break;
			case '--help':
			case '-h':
				options.help = true;
				break;
			default:
				throw new Error(`unknown option ${flag} (see --help)`);
		}
	}
	return options;
}

export interface RunningCli {
	sim: Simulator;
	/** The JSON line printed on stdout. */
	line: string;
	stop(): Promise<void>;
}

/** Starts the simulator with a ready agent that gets a new call `redialMs` after each transfer. */
export async function runCli(
	options: CliOptions,
	io: { print(line: string): void; redialMs?: number; checkMs?: number; scheduler?: Scheduler },
): Promise<RunningCli> {
	const scheduler = io.scheduler ?? realScheduler();
	const sim = await startSimulator({
		scheduler,
		port: options.port,
		authMode: options.auth,
		ruleSet: options.rules,
		logToConsole: options.log,
		...(options.conferenceLeaveMs !== undefined
			? { conferenceLeaveMs: options.conferenceLeaveMs }
			: {}),
	});
	const agent = await sim.readyAgent({ agentId: '101', keepAlive: true });
	const line = JSON.stringify({
		url: sim.url,
		caFile: sim.caFile,
		agent: { agentId: agent.agentId, password: agent.password, guid: agent.guid },
	});
	io.print(line);

	const redialMs = io.redialMs ?? 3000;
	const checkMs = io.checkMs ?? 500;
	let idleSince: number | undefined;
	let stopped = false;
	let redial: TimerHandle | undefined;
	const check = () => {
		const state = sim.agentState(agent.agentId);
		if (!state.signedIn || state.call) {
			idleSince = undefined;
		} else {
			idleSince ??= scheduler.now();
			if (scheduler.now() - idleSince >= redialMs) {
				sim.placeCall(agent.agentId);
				idleSince = undefined;
			}
		}
		if (!stopped) redial = scheduler.schedule(checkMs, check);
	};
	redial = scheduler.schedule(checkMs, check);
	const halt = () => {
		stopped = true;
		if (redial) scheduler.cancel(redial);
	};
	void sim.closed.then(halt);
	return {
		sim,
		line,
		stop: async () => {
			halt();
			await sim.close();
		},
	};
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	if (options.help) {
		console.log(HELP);
		return;
	}
	const running = await runCli(options, { print: (line) => console.log(line) });
	const stop = () => void running.stop();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	await running.sim.closed;
	process.exit(0);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
}
