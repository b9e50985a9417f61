// Our package as a user gets it: packed, then installed the way n8n 2.41's Community Nodes panel does.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';

import { node24Env, startTracked } from './runtime.mjs';

export const PACKAGE = 'n8n-nodes-huawei-cec';

export function sh(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
	if (r.status !== 0)
		throw new Error(
			`${cmd} ${args.join(' ')} failed (${r.status}):\n${(r.stderr || r.stdout || '').slice(-2000)}`,
		);
	return r.stdout;
}

/** What n8n 2.41's Community Nodes panel does: unpack, drop dev/peer deps, shallow install, record it. */
export function installLikeN8n(root, userFolder) {
	const tarball = sh('npm', ['pack', '--silent', '--pack-destination', userFolder], { cwd: root })
		.trim()
		.split('\n')
		.pop();
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const pkgDir = join(nodesDir, 'node_modules', PACKAGE);
	mkdirSync(pkgDir, { recursive: true });
	sh('tar', ['-xzf', join(userFolder, tarball), '-C', pkgDir, '--strip-components=1']);
	const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
	delete pj.devDependencies;
	delete pj.peerDependencies;
	delete pj.optionalDependencies;
	writeFileSync(join(pkgDir, 'package.json'), JSON.stringify(pj, null, 2));
	sh(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: pkgDir, env: node24Env() },
	);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [PACKAGE]: pj.version } },
			null,
			2,
		),
	);
	return pj.version;
}

/**
 * The CC-Gateway simulator (built by `npm run build:tools`) in its own process, stopped at clean-up.
 * Resolves to the line it prints ({url, caFile, agent}) plus `ca` (the PEM) and
 * `control(method, path, body)`, which calls its /__sim/ routes and resolves to the parsed answer.
 */
export async function startSimulator(root, args = ['--auth', 'static']) {
	const { child, out, closed } = startTracked(
		process.execPath,
		[join(root, '.build', 'test', 'simulator', 'cli.js'), '--port', '0', ...args],
		{ cwd: root },
	);
	let exited = false;
	void closed.then(() => (exited = true));
	for (let waited = 0; !out.stdout.includes('\n'); waited += 50) {
		if (exited) throw new Error(`the simulator exited: ${out.stderr.slice(-2000)}`);
		if (waited > 30_000) throw new Error('the simulator printed nothing within 30 s');
		await new Promise((r) => setTimeout(r, 50));
	}
	const info = JSON.parse(out.stdout.split('\n')[0]);
	const ca = readFileSync(info.caFile, 'utf8');
	const control = (method, path, body) =>
		new Promise((resolve, reject) => {
			const req = httpsRequest(
				new URL(path, info.url),
				{ method, ca, agent: false, headers: { 'content-type': 'application/json' } },
				(res) => {
					let text = '';
					res.setEncoding('utf8').on('data', (c) => (text += c));
					res.on('end', () => {
						const value = JSON.parse(text);
						if (res.statusCode !== 200)
							reject(new Error(`simulator ${method} ${path}: HTTP ${res.statusCode} ${text}`));
						else resolve(value);
					});
				},
			);
			req.on('error', reject);
			req.end(body === undefined ? undefined : JSON.stringify(body));
		});
	return { ...info, ca, control, child };
}
