// Redis and PostgreSQL for the queue-mode test: installed from Debian's packages when absent, run
// on 127.0.0.1 on free ports with throw-away data under one temp folder, in the foreground as
// tracked processes (runtime.mjs stops them with everything else, also on a signal or a crash).
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

import { freePort, runProcess, startTracked, stopGroup } from './runtime.mjs';

const log = (...args) => console.error('[queue]', ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The newest PostgreSQL server's bin/ (Debian keeps initdb and postgres off PATH), or null. */
export function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter(
			(v) =>
				/^[0-9]+$/.test(v) &&
				existsSync(join(root, v, 'bin', 'initdb')) &&
				existsSync(join(root, v, 'bin', 'postgres')),
		)
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : null;
}

async function onPath(cmd) {
	return (await runProcess('sh', ['-c', `command -v ${cmd}`])).code === 0;
}

/**
 * `apt-get install -y redis-server postgresql` when either is missing (apt-get update first).
 * Returns what was done. The packages' own services are not used: each run starts its own.
 */
export async function ensureServicePackages() {
	const missing = [];
	if (!(await onPath('redis-server'))) missing.push('redis-server');
	if (!postgresBin()) missing.push('postgresql');
	if (missing.length === 0) return { installed: [] };
	log(`installing ${missing.join(' and ')} from Debian's packages`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = await runProcess('apt-get', ['update'], { env, timeoutMs: 300_000 });
	if (update.code !== 0) throw new Error(`apt-get update failed:\n${update.stderr.slice(-2000)}`);
	const install = await runProcess(
		'apt-get',
		['install', '-y', '--no-install-recommends', ...missing],
		{ env, timeoutMs: 600_000 },
	);
	if (install.code !== 0)
		throw new Error(
			`apt-get install ${missing.join(' ')} failed:\n${(install.stdout + install.stderr).slice(-2000)}`,
		);
	if (!(await onPath('redis-server')) || !postgresBin())
		throw new Error(
			`apt-get install ${missing.join(' ')} left redis-server or initdb/postgres missing`,
		);
	return { installed: missing };
}

async function uidOf(user) {
	const uid = await runProcess('id', ['-u', user]);
	const gid = await runProcess('id', ['-g', user]);
	if (uid.code !== 0 || gid.code !== 0)
		throw new Error(`no user "${user}" on this machine (the postgresql package creates it)`);
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function waitFor(what, test, { timeoutMs, exited, output }) {
	const t0 = Date.now();
	while (Date.now() - t0 < timeoutMs) {
		if (exited()) throw new Error(`${what} exited early:\n${output().slice(-3000)}`);
		if (await test()) return;
		await sleep(200);
	}
	throw new Error(
		`${what} did not become ready within ${timeoutMs / 1000} s:\n${output().slice(-3000)}`,
	);
}

function tracked(cmd, args, opts) {
	const started = startTracked(cmd, args, opts);
	let exited = false;
	void started.closed.then(() => (exited = true));
	return {
		...started,
		exited: () => exited,
		output: () => `${started.out.stdout}\n${started.out.stderr}`,
		stop: async () => {
			await stopGroup(started.child);
			await started.closed;
		},
	};
}

/**
 * PostgreSQL in `dir` (created; owned by the postgres user, since the server refuses to run as
 * root): initdb with trust auth on loopback, then the server in the foreground on a free port,
 * fsync off (the data is thrown away). Creates `database`. Returns {host, port, user, database,
 * psql(sql), stop()}.
 */
export async function startPostgres(dir, { database = 'n8n', timeoutMs = 60_000 } = {}) {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed');
	const { uid, gid } = await uidOf('postgres');
	const data = join(dir, 'data');
	const socketDir = join(dir, 'socket');
	mkdirSync(data, { recursive: true });
	mkdirSync(socketDir, { recursive: true });
	for (const d of [dir, data, socketDir]) chownSync(d, uid, gid);
	const asPostgres = (exe, args) => ['-u', 'postgres', '--', join(bin, exe), ...args];
	const init = await runProcess(
		'runuser',
		asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']),
		{ cwd: dir, timeoutMs: 120_000 },
	);
	if (init.code !== 0)
		throw new Error(`initdb failed:\n${(init.stdout + init.stderr).slice(-2000)}`);
	const port = await freePort();
	const settings = [
		'listen_addresses=127.0.0.1',
		`unix_socket_directories=${socketDir}`,
		'fsync=off',
		'synchronous_commit=off',
		'full_page_writes=off',
		'max_connections=100',
	];
	const server = tracked(
		'runuser',
		asPostgres('postgres', ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])]),
		{ cwd: dir, logFile: join(dir, 'postgres.log') },
	);
	const psql = async (sql, db = database) => {
		const r = await runProcess(
			join(bin, 'psql'),
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				db,
				'-v',
				'ON_ERROR_STOP=1',
				'-X',
				'-A',
				'-t',
				'-q',
				'-c',
				sql,
			],
			{ timeoutMs: 120_000 },
		);
		if (r.code !== 0) throw new Error(`psql failed: ${r.stderr.slice(-1500)}`);
		return r.stdout;
	};
	const ready = async () =>
		(
			await runProcess(join(bin, 'pg_isready'), [
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'postgres',
				'-q',
			])
		).code === 0;
	await waitFor('postgres', ready, { timeoutMs, exited: server.exited, output: server.output });
	await psql(`CREATE DATABASE ${database}`, 'postgres');
	return {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		database,
		pid: server.child.pid,
		psql,
		stop: server.stop,
	};
}

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let text = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			text += d;
			if (text.includes('\r\n')) done(text.startsWith('+PONG'));
		});
	});
}

/** redis-server on a free loopback port, nothing saved to disk, working folder `dir`. Returns {host, port, stop()}. */
export async function startRedis(dir, { timeoutMs = 30_000 } = {}) {
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		'no',
		'--daemonize',
		'no',
		'--protected-mode',
		'yes',
		'--logfile',
		'',
	];
	const server = tracked('redis-server', args, { cwd: dir, logFile: join(dir, 'redis.log') });
	await waitFor('redis-server', () => redisPing(port), {
		timeoutMs,
		exited: server.exited,
		output: server.output,
	});
	return { host: '127.0.0.1', port, pid: server.child.pid, stop: server.stop };
}
