// Our package as a user gets it: packed, then installed the way n8n 2.41's Community Nodes panel does.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { node24Env } from './runtime.mjs';

export const PACKAGE = 'n8n-nodes-huawei-cec';

export function sh(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${(r.stderr || r.stdout || '').slice(-2000)}`);
	return r.stdout;
}

/** What n8n 2.41's Community Nodes panel does: unpack, drop dev/peer deps, shallow install, record it. */
export function installLikeN8n(root, userFolder) {
	const tarball = sh('npm', ['pack', '--silent', '--pack-destination', userFolder], { cwd: root }).trim().split('\n').pop();
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const pkgDir = join(nodesDir, 'node_modules', PACKAGE);
	mkdirSync(pkgDir, { recursive: true });
	sh('tar', ['-xzf', join(userFolder, tarball), '-C', pkgDir, '--strip-components=1']);
	const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
	delete pj.devDependencies;
	delete pj.peerDependencies;
	delete pj.optionalDependencies;
	writeFileSync(join(pkgDir, 'package.json'), JSON.stringify(pj, null, 2));
	sh('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'], { cwd: pkgDir, env: node24Env() });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE]: pj.version } }, null, 2));
	return pj.version;
}

