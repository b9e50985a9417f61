/**
 * `npm run simulator -- [--port N] [--auth static|dynamic] [--rules documented|extended] [--log]`
 * Starts the simulator for people trying the node by hand and prints one JSON line:
 * {"url", "caFile", "agent": {"agentId", "password", "guid"}}.
 */
import { startSimulator, type AuthMode, type SimRuleSet } from './index';

const HELP = `CC-Gateway simulator (for trying the Huawei CEC node by hand; not a real gateway)

Options:
  --port N                  port on 127.0.0.1 (0 = any free port; default 0)
  --auth static|dynamic     Guid lifetime (default static, so a Guid you copy keeps working;
                            dynamic rotates it every 60 s and hands the new one to event polls)
  --rules documented|extended
                            the seed page's transfer rules (default) or the newer pages' additions
  --log                     print each request and its retcode on stderr
  --help                    this text

Prints one JSON line with url, caFile (the CA certificate to trust) and a ready agent in a call.
The agent stays signed in (a simulated desktop keeps it alive); once its call has been transferred
away, a new call is placed on it after a few seconds so you can try again. Stop with Ctrl-C.`;

function option(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	if (process.argv.includes('--help')) {
		console.log(HELP);
		return;
	}
	const port = Number(option('port') ?? '0');
	const auth = (option('auth') ?? 'static') as AuthMode;
	const rules = (option('rules') ?? 'documented') as SimRuleSet;
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0-65535');
	if (!['static', 'dynamic'].includes(auth)) throw new Error('--auth must be static or dynamic');
	if (!['documented', 'extended'].includes(rules)) throw new Error('--rules must be documented or extended');

	const sim = await startSimulator({ port, authMode: auth, ruleSet: rules, logToConsole: process.argv.includes('--log') });
	const agent = await sim.readyAgent({ agentId: '101', keepAlive: true });
	console.log(JSON.stringify({ url: sim.url, caFile: sim.caFile, agent: { agentId: agent.agentId, password: agent.password, guid: agent.guid } }));

	let idleSince: number | undefined;
	const redial = setInterval(() => {
		const state = sim.agentState(agent.agentId);
		if (!state.signedIn || state.call) {
			idleSince = undefined;
			return;
		}
		idleSince ??= Date.now();
		if (Date.now() - idleSince >= 3000) {
			sim.placeCall(agent.agentId);
			idleSince = undefined;
		}
	}, 500);

	const stop = () => {
		clearInterval(redial);
		void sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(`simulator: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
