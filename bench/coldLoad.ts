/** Cold `require` of the built node and credential, each in a fresh process, and the installed size. */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { spread, type Spread } from './stats';

const ROOT = join(__dirname, '..', '..');

function timeRequire(preloadWorkflow: boolean): number {
	const script = `
		${preloadWorkflow ? "require('n8n-workflow'); require('zod');" : ''}
		const t0 = process.hrtime.bigint();
		require(${JSON.stringify(join(ROOT, 'dist/nodes/HuaweiCec/HuaweiCec.node.js'))});
		require(${JSON.stringify(join(ROOT, 'dist/credentials/HuaweiCecApi.credentials.js'))});
		process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));`;
	return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

function du(path: string): number {
	const s = statSync(path);
	if (!s.isDirectory()) return s.size;
	return readdirSync(path).reduce((sum, name) => sum + du(join(path, name)), 0);
}

export interface ColdLoad {
	insideN8n: Spread;
	withN8nWorkflow: Spread;
	sizes: { dist: number };
}

export function coldLoad(runs = 9): ColdLoad {
	const inside = Array.from({ length: runs }, () => timeRequire(true));
	const bare = Array.from({ length: runs }, () => timeRequire(false));
	return {
		insideN8n: spread(inside),
		withN8nWorkflow: spread(bare),
		sizes: { dist: du(join(ROOT, 'dist')) },
	};
}
