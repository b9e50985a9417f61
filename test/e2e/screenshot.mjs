// `npm run docs:screenshot`: the panels a user meets first in the real n8n 2.x editor, captured by
// headless Debian Chromium through playwright-core:
//   docs/node-search.png         the nodes panel searching "CEC" (the order is printed too)
//   docs/node-actions.png        the node's actions list
//   docs/node-operations.png     Transfer's Operation dropdown, each line opening with what matters
//   docs/node-editor.png         Transfer to an External Number, Three-Party: Target Options, Wait for Outcome
//   docs/node-editor-mapped.png  the sample workflow, Transfer To / Address / Mode mapped from data
//   docs/credential.png          the credential dialog with its hints
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { installLikeN8n, PACKAGE, sh } from './package.mjs';
import { cleanup, ensureN8n, ownerCookie, runN8n, startN8n } from './runtime.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = join(ROOT, 'docs');
const OUT_MAPPED = join(DOCS, 'node-editor-mapped.png');
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
for (const n of sample.nodes) {
	if (n.credentials?.huaweiCecApi)
		n.credentials.huaweiCecApi = { id: 'cecShotCredent01', name: 'CC-Gateway' };
	// as a new node is today: version 2, Caller Number among the target's own options
	if (n.type.endsWith('.huaweiCec') && n.parameters.operation === 'transfer') {
		const { caller, ...options } = n.parameters.options ?? {};
		n.typeVersion = 2;
		n.parameters = { ...n.parameters, targetOptions: caller ? { caller } : {}, options };
	}
}
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
			typeVersion: 2,
			position: [260, 0],
			parameters: {
				resource: 'voiceCall',
				operation: 'transfer',
				agentId: '={{ $json.agentId }}',
				deviceType: 5,
				address: '88880001',
				mode: 4,
				targetOptions: { caller: '40040', holdFlag: true },
				waitForOutcome: true,
				options: { guid: '={{ $json.guid }}' },
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
		mkdirSync(DOCS, { recursive: true });
		const shot = async (name) => {
			await page.screenshot({ path: join(DOCS, name) });
			step(`saved docs/${name}`);
		};
		const openNode = async (id) => {
			await page.goto(`${base}/workflow/${id}`, { waitUntil: 'networkidle', timeout: 120_000 });
			const node = page
				.locator('[data-test-id="canvas-node"]')
				.filter({ hasText: 'Huawei CEC' })
				.first();
			await node.waitFor({ timeout: 90_000 });
			await node.dblclick();
			const ndv = page.locator('[data-test-id="ndv"]').first();
			await ndv.waitFor({ timeout: 90_000 });
			await page.waitForTimeout(1500);
			return ndv;
		};
		const mustShow = async (where, labels) => {
			for (const label of labels)
				if ((await where.getByText(label, { exact: true }).count()) === 0)
					throw new Error(`the editor shows no "${label}"`);
		};

		// The nodes panel: a search for "CEC", then the node's actions.
		await page.goto(`${base}/workflow/${workflow.id}`, {
			waitUntil: 'networkidle',
			timeout: 120_000,
		});
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 90_000 });
		await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
		const search = page.locator('[data-test-id="node-creator-search-bar"] input').first();
		await search.waitFor({ timeout: 90_000 });
		await search.fill('CEC');
		await page.waitForTimeout(1500);
		const ranking = (
			await page.locator('[data-test-id="node-creator-node-item"]').allInnerTexts()
		).map((t) => t.split('\n')[0].trim());
		console.log(JSON.stringify({ searchCEC: ranking.slice(0, 8) }));
		await shot('node-search.png');
		await page
			.locator('[data-test-id="node-creator-node-item"]')
			.filter({ hasText: 'Huawei CEC' })
			.first()
			.click();
		await page.waitForTimeout(1500);
		await mustShow(page, ['Transfer a call', 'Get call info']);
		await shot('node-actions.png');
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');

		// Transfer, fields fixed: Target Options and Wait Limit where they apply.
		let ndv = await openNode(workflow.id);
		await mustShow(ndv, ['Phone Number', 'Mode', 'Target Options', 'Wait Limit (Seconds)']);
		await shot('node-editor.png');
		await ndv.locator('[data-test-id="parameter-input-operation"]').first().click();
		await page.waitForTimeout(800);
		await shot('node-operations.png');
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');

		// The sample workflow, Transfer To mapped: the generic Address and Mode.
		ndv = await openNode(sample.id);
		await mustShow(ndv, ['Address', 'Mode']);
		await page.screenshot({ path: OUT_MAPPED });
		step(`saved ${OUT_MAPPED}`);
		await page.keyboard.press('Escape');

		// The credential dialog.
		await page.goto(`${base}/home/credentials/cecShotCredent01`, {
			waitUntil: 'networkidle',
			timeout: 120_000,
		});
		const modal = page.locator('[data-test-id="editCredential-modal"]').first();
		await modal.waitFor({ timeout: 90_000 });
		await page.waitForTimeout(1500);
		await mustShow(modal, ['Base URL', 'Guid']);
		await shot('credential.png');
	} catch (error) {
		// What the page showed when a step failed, to adapt a selector to the editor's version.
		const page = browser?.contexts()[0]?.pages()[0];
		if (page) {
			const debug = join(tmpdir(), 'cec-screenshot-failed.png');
			await page.screenshot({ path: debug }).catch(() => undefined);
			const ids = await page
				.$$eval('[data-test-id]', (els) => [...new Set(els.map((e) => e.dataset.testId))])
				.catch(() => []);
			step(`the page at the failure: ${debug}; data-test-ids: ${ids.join(' ')}`);
		}
		throw error;
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
