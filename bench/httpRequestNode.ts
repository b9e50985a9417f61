/**
 * n8n's own HTTP Request node for the comparison. n8n-nodes-base is far too large to be a dev
 * dependency (about 800 MB installed), so the benchmark installs it once into a cache outside the
 * clone, with install scripts off, and loads the node from there into the same n8n-core engine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { INodeType, INodeTypeBaseDescription } from 'n8n-workflow';

/** Same release line as our n8n-core / n8n-workflow dev dependencies (2.41.2 does not resolve on this registry). */
export const NODES_BASE_VERSION = '2.41.1';

export function loadHttpRequestNode(): { node: INodeType; version: string } {
	const cache = join(
		process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
		'n8n-nodes-huawei-cec',
		`bench-nodes-base-${NODES_BASE_VERSION}`,
	);
	const marker = join(cache, '.complete');
	if (!existsSync(marker)) {
		mkdirSync(cache, { recursive: true });
		writeFileSync(join(cache, 'package.json'), '{"name":"bench-nodes-base","private":true}\n');
		console.error(
			`[bench] installing n8n-nodes-base@${NODES_BASE_VERSION} into ${cache} (once; about a minute)`,
		);
		execFileSync(
			'npm',
			[
				'install',
				'--no-audit',
				'--no-fund',
				'--ignore-scripts',
				'--no-save',
				`n8n-nodes-base@${NODES_BASE_VERSION}`,
			],
			{ cwd: cache, stdio: 'inherit' },
		);
		writeFileSync(marker, 'ok\n');
	}
	const load = createRequire(__filename);
	const { HttpRequestV3 } = load(
		join(
			cache,
			'node_modules',
			'n8n-nodes-base',
			'dist',
			'nodes',
			'HttpRequest',
			'V3',
			'HttpRequestV3.node.js',
		),
	) as {
		HttpRequestV3: new (d: INodeTypeBaseDescription) => INodeType;
	};
	const description = {
		displayName: 'HTTP Request',
		name: 'httpRequest',
		group: ['output'],
		description: '',
		defaultVersion: 4.2,
	} as INodeTypeBaseDescription;
	return { node: new HttpRequestV3(description), version: NODES_BASE_VERSION };
}
