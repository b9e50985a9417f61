// `npm run docs:screenshot`: our node open in the real n8n 2.x editor, captured by headless Debian
// Chromium through playwright-core: docs/node-editor.png (External Number + Three-Party, fields fixed)
// and docs/node-editor-mapped.png (the sample workflow, Transfer To / Address / Mode mapped from data).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { installLikeN8n, PACKAGE, sh } from './package.mjs';
import { cleanup, ensureN8n, ownerCookie, runN8n, startN8n } from './runtime.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'docs', 'node-editor.png');
const OUT_MAPPED = join(ROOT, 'docs', 'node-editor-mapped.png');
/**
 * The sample workflow as a user imports it, with the credential this script creates, before any data
 * has reached the node (no pinned items): the editor cannot resolve Transfer To's expression, and the
 * generic Address and Mode must show.
 */
const sample = {
	...JSON.parse(readFileSync(join(ROOT, 'demo', 'transfer-call.workflow.json'), 'utf8')),
	id: 'cecScreenshot002',
	active: false,
	pinData: {},
};
for (const n of sample.nodes)
	if (n.credentials?.huaweiCecApi)
		n.credentials.huaweiCecApi = { id: 'cecShotCredent01', name: 'CC-Gateway' };
const PORT = 5699;
const step = (s) => console.error(`[screenshot] ${s}`);

const workflow = {
	id: 'cecScreenshot001',
	name: 'Transfer a VIP call to the on-call number',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'b1',
			name: 'When clicking ‘Execute workflow’',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'b2',
			name: 'Huawei CEC',
			type: `${PACKAGE}.huaweiCec`,
			typeVersion: 1,
			position: [260, 0],
			parameters: {
				resource: 'voiceCall',
				operation: 'transfer',
				agentId: '={{ $json.agentId }}',
				deviceType: 5,
				address: '88880001',
				mode: 4,
				options: { caller: '40040', holdFlag: true, guid: '={{ $json.guid }}' },
			},
			credentials: { huaweiCecApi: { id: 'cecShotCredent01', name: 'CC-Gateway' } },
		},
	],
	connections: {
		'When clicking ‘Execute workflow’': {
			main: [[{ node: 'Huawei CEC', type: 'main', index: 0 }]],
		},
	},
};

async function main() {
	await ensureN8n();
	sh('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	const userFolder = mkdtempSync(join(tmpdir(), 'cec-shot-'));
	let n8n;
	let browser;
	try {
		installLikeN8n(ROOT, userFolder);
		const files = join(userFolder, 'import');
		mkdirSync(files);
		writeFileSync(
			join(files, 'c.json'),
			JSON.stringify([
				{
					id: 'cecShotCredent01',
					name: 'CC-Gateway',
					type: 'huaweiCecApi',
					data: {
						baseUrl: 'https://cc-gateway.example.com:8043',
						guid: '',
						caPem: '',
						ignoreSslIssues: false,
					},
				},
			]),
		);
		writeFileSync(join(files, 'w.json'), JSON.stringify([workflow, sample]));
		for (const [cmd, f] of [
			['import:credentials', 'c.json'],
			['import:workflow', 'w.json'],
		]) {
			const r = await runN8n([cmd, `--input=${join(files, f)}`], { userFolder });
			if (r.code !== 0) throw new Error(`${cmd}: ${(r.stderr + r.stdout).slice(-1500)}`);
		}
		step('starting n8n');
		n8n = await startN8n({ userFolder, port: PORT, env: { N8N_SECURE_COOKIE: 'false' } });
		const base = `http://127.0.0.1:${PORT}`;
		const cookie = await ownerCookie(base);

		step('opening the editor in Chromium');
		browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		const context = await browser.newContext({
			viewport: { width: 1440, height: 900 },
			deviceScaleFactor: 1,
		});
		await context.addCookies([{ name: 'n8n-auth', value: cookie, domain: '127.0.0.1', path: '/' }]);
		const page = await context.newPage();
		mkdirSync(dirname(OUT), { recursive: true });
		for (const [id, out, mustShow] of [
			[workflow.id, OUT, ['Phone Number', 'Mode']],
			[sample.id, OUT_MAPPED, ['Address', 'Mode']],
		]) {
			await page.goto(`${base}/workflow/${id}`, { waitUntil: 'networkidle', timeout: 60_000 });
			const node = page
				.locator('[data-test-id="canvas-node"]')
				.filter({ hasText: 'Huawei CEC' })
				.first();
			await node.waitFor({ timeout: 30_000 });
			await node.dblclick();
			const ndv = page.locator('[data-test-id="ndv"]').first();
			await ndv.waitFor({ timeout: 30_000 });
			await page.waitForTimeout(1500);
			// The point of the picture: these fields are there (with Transfer To mapped they once vanished).
			for (const label of mustShow) {
				const shown = await ndv.getByText(label, { exact: true }).count();
				if (shown === 0) throw new Error(`${id}: the editor shows no "${label}" field`);
			}
			await page.screenshot({ path: out });
			step(`saved ${out}`);
			await page.keyboard.press('Escape');
		}
	} finally {
		await browser?.close();
		await n8n?.stop();
		rmSync(userFolder, { recursive: true, force: true });
	}
}

main()
	.catch((error) => {
		console.error(`[screenshot] FAILED: ${error.message}`);
		process.exitCode = 1;
	})
	.finally(cleanup);
