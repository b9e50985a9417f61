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
			viewport: { width: 1440, height: 1300 },
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

		// Each panel on its own: a failing one leaves its page and test ids, the others are still taken.
		const failed = [];
		const section = async (name, fn) => {
			try {
				await fn();
			} catch (error) {
				const debug = join(tmpdir(), `cec-screenshot-${name}-failed.png`);
				await page.screenshot({ path: debug }).catch(() => undefined);
				const ids = await page
					.$$eval('[data-test-id]', (els) => [...new Set(els.map((e) => e.dataset.testId))])
					.catch(() => []);
				step(
					`${name} FAILED: ${error.message.split('\n')[0]}; page: ${debug}; ids: ${ids.join(' ')}`,
				);
				failed.push(name);
			}
			await page.keyboard.press('Escape').catch(() => undefined);
			await page.keyboard.press('Escape').catch(() => undefined);
		};

		await section('nodes-panel', async () => {
			// A search for "CEC", then the node's actions.
			await page.goto(`${base}/workflow/${workflow.id}`, {
				waitUntil: 'networkidle',
				timeout: 120_000,
			});
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 90_000 });
			await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
			const search = page.getByPlaceholder('Search nodes...').first();
			await search.waitFor({ timeout: 90_000 });
			await search.fill('CEC');
			await page.waitForTimeout(2000);
			const ranking = (
				await page.locator('[data-test-id="node-creator-item-name"]').allInnerTexts()
			).map((t) => t.trim());
			console.log(JSON.stringify({ searchCEC: ranking.slice(0, 8) }));
			await shot('node-search.png');
			await page
				.locator('[data-test-id="item-iterator-item"]')
				.filter({ hasText: 'Huawei CEC' })
				.first()
				.click();
			await page.waitForTimeout(2000);
			await mustShow(page, ['Transfer a call', 'Get call info']);
			await shot('node-actions.png');
		});

		await section('transfer', async () => {
			// Fields fixed: Target Options and Wait Limit where they apply; then the Operation list.
			const ndv = await openNode(workflow.id);
			await mustShow(ndv, ['Phone Number', 'Mode', 'Target Options', 'Wait Limit (Seconds)']);
			await shot('node-editor.png');
			await ndv.locator('[data-test-id="parameter-input-operation"]').first().click();
			await page.waitForTimeout(1000);
			await shot('node-operations.png');
		});

		await section('mapped', async () => {
			// The sample workflow, Transfer To mapped: the generic Address and Mode.
			const ndv = await openNode(sample.id);
			await mustShow(ndv, ['Address', 'Mode', 'Target Options']);
			await page.screenshot({ path: OUT_MAPPED });
			step(`saved ${OUT_MAPPED}`);
		});

		await section('credential', async () => {
			await page.goto(`${base}/home/credentials/cecShotCredent01`, {
				waitUntil: 'networkidle',
				timeout: 120_000,
			});
			const modal = page.locator('[data-test-id="editCredential-modal"]').first();
			await modal.waitFor({ timeout: 90_000 });
			await page.waitForTimeout(1500);
			await mustShow(modal, ['Guid', 'CA Certificate', 'Agent ID for Connection Test']);
			await shot('credential.png');
		});
		await section('stale-value', async () => {
			// What the editor does with a target option that stops applying: Transfer To switched to
			// Skill Queue and back to External Number; is Caller Number still 40040?
			const ndv = await openNode(workflow.id);
			const pick = async (label) => {
				await ndv.locator('[data-test-id="parameter-input-deviceType"]').first().click();
				await page.getByRole('option', { name: label, exact: true }).first().click();
				await page.waitForTimeout(1000);
			};
			await pick('Skill Queue');
			const hidden = (await ndv.getByText('Target Options', { exact: true }).count()) === 0;
			await pick('External Number');
			const kept = await ndv.locator('input[value="40040"]').count();
			console.log(
				JSON.stringify({
					staleValue: {
						targetOptionsHiddenForSkillQueue: hidden,
						callerKeptAfterSwitchBack: kept > 0,
					},
				}),
			);
		});

		if (failed.length) throw new Error(`no screenshot of: ${failed.join(', ')}`);
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
