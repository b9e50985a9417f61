// `npm run test:e2e`: our package in a real n8n 2.x (Node 24), installed the way n8n's Community
// Nodes panel installs it, runs a workflow headlessly against the simulator; the output is checked.
import { spawn } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { installLikeN8n, PACKAGE, sh } from './package.mjs';
import {
	CACHE,
	N8N_VERSION,
	cleanup,
	ensureN8n,
	executeWorkflow,
	freePort,
	nodeItems,
	onCleanup,
	ownerCookie,
	runN8n,
	startN8n,
} from './runtime.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const step = (name) => console.error(`[e2e] ${name}`);
const fail = (message) => {
	throw new Error(message);
};

async function startSimulator() {
	const child = spawn(
		process.execPath,
		[join(ROOT, '.build', 'test', 'simulator', 'cli.js'), '--port', '0', '--auth', 'static'],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	onCleanup(() => child.kill('SIGTERM'));
	const line = await new Promise((resolve, reject) => {
		createInterface({ input: child.stdout }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
	});
	const info = JSON.parse(line);
	const ca = readFileSync(info.caFile, 'utf8');
	const control = async (method, path, body) => {
		// Node's fetch cannot take a CA per request; the control surface is read with curl-like https.
		const { request } = await import('node:https');
		return new Promise((resolve, reject) => {
			const url = new URL(path, info.url);
			const req = request(
				url,
				{ method, ca, agent: false, headers: { 'content-type': 'application/json' } },
				(res) => {
					let text = '';
					res.on('data', (c) => (text += c));
					res.on('end', () => resolve(JSON.parse(text)));
				},
			);
			req.on('error', reject);
			req.end(body ? JSON.stringify(body) : undefined);
		});
	};
	return { ...info, ca, control };
}

function workflowFor(transfers) {
	return {
		id: 'cecE2eWorkflow01',
		name: 'Huawei CEC e2e',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'a1',
				name: 'Manual Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a2',
				name: 'Transfers',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ transfers }), options: {} },
			},
			{
				id: 'a3',
				name: 'One Item Each',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'transfers', options: {} },
			},
			{
				id: 'a4',
				name: 'Huawei CEC',
				type: `${PACKAGE}.huaweiCec`,
				// version 1 as saved with 0.2.0: Caller Number stored under Options
				typeVersion: 1,
				position: [600, 0],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'voiceCall',
					operation: 'transfer',
					agentId: '={{ $json.agentId }}',
					deviceType: '={{ $json.deviceType }}',
					address: '={{ $json.address }}',
					mode: '={{ $json.mode }}',
					options: { caller: "={{ $json.callerNumber ?? '' }}", guid: '={{ $json.guid }}' },
				},
				credentials: { huaweiCecApi: { id: 'cecE2eCredent001', name: 'CC-Gateway (e2e)' } },
			},
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'Transfers', type: 'main', index: 0 }]] },
			Transfers: { main: [[{ node: 'One Item Each', type: 'main', index: 0 }]] },
			'One Item Each': { main: [[{ node: 'Huawei CEC', type: 'main', index: 0 }]] },
		},
	};
}

/** One transfer of a fresh agent, executed under the given SSRF settings; returns the item and the POSTs. */
async function transferUnder(sim, userFolder, files, agentId, env) {
	const agent = await sim.control('POST', '/__sim/ready', { agentId, keepAlive: true });
	const workflow = workflowFor([
		{ deviceType: 1, address: '3', mode: 2, agentId: Number(agentId), guid: agent.guid },
	]);
	workflow.id = `cecE2eSsrf${agentId}`.padEnd(16, '0').slice(0, 16);
	writeFileSync(join(files, `ssrf-${agentId}.json`), JSON.stringify([workflow]));
	const imported = await runN8n(
		['import:workflow', `--input=${join(files, `ssrf-${agentId}.json`)}`],
		{ userFolder },
	);
	if (imported.code !== 0)
		fail(`n8n import:workflow failed:\n${(imported.stderr + imported.stdout).slice(-2000)}`);
	await sim.control('DELETE', '/__sim/requests');
	const exec = await executeWorkflow(workflow.id, { userFolder, env });
	if (!exec.ok)
		fail(
			`n8n execute (${JSON.stringify(env)}): ${exec.problem}:\n${(exec.stderr + exec.stdout).slice(-3000)}`,
		);
	const [item] = nodeItems(exec.run, 'Huawei CEC') ?? [];
	const posts = (await sim.control('GET', '/__sim/requests')).filter((r) => r.method === 'POST');
	return { item, posts: posts.length };
}

async function ssrfRuns(sim, userFolder, files) {
	const blocked = await transferUnder(sim, userFolder, files, '31020', {
		N8N_SSRF_PROTECTION_ENABLED: 'true',
	});
	const refusal = blocked.item?.details ?? {};
	if (!(blocked.item?.error && refusal.cause === 'blockedByPolicy' && refusal.fate === 'notSent')) {
		fail(
			`with SSRF protection on, the transfer should be refused by n8n's policy: ${JSON.stringify(blocked.item)}`,
		);
	}
	if (!String(refusal.description).includes('N8N_SSRF_ALLOWED_IP_RANGES'))
		fail(`the refusal should say how to allow the gateway: ${refusal.description}`);
	if (blocked.posts !== 0)
		fail(`with SSRF protection on, ${blocked.posts} request(s) reached the gateway`);
	step(`refused: "${blocked.item.error}"`);

	step(
		'SSRF protection on, the gateway allowed by N8N_SSRF_ALLOWED_IP_RANGES=127.0.0.1/32: the transfer goes through',
	);
	const byRange = await transferUnder(sim, userFolder, files, '31021', {
		N8N_SSRF_PROTECTION_ENABLED: 'true',
		N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32',
	});
	if (byRange.item?.success !== true || byRange.posts !== 1)
		fail(`allowed by IP range, the transfer should succeed once: ${JSON.stringify(byRange)}`);

	return { blocked: blocked.item.error, allowedByIpRange: byRange.item.success };
}

/**
 * Get Status → Get Call Info → Transfer with Wait for Outcome → Call Out, for one agent in a call,
 * as new nodes are (version 2; the transfer workflow above keeps 0.2.0's version 1 layout).
 */
function operationsWorkflow(agent) {
	const cec = (id, name, position, parameters) => ({
		id,
		name,
		type: `${PACKAGE}.huaweiCec`,
		typeVersion: 2,
		position,
		parameters: {
			agentId: "={{ $('Agent').item.json.agentId }}",
			...parameters,
			options: { guid: "={{ $('Agent').item.json.guid }}", ...(parameters.options ?? {}) },
		},
		credentials: { huaweiCecApi: { id: 'cecE2eCredent001', name: 'CC-Gateway (e2e)' } },
	});
	return {
		id: 'cecE2eOperation1',
		name: 'Huawei CEC e2e: every operation',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'o1',
				name: 'Manual Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'o2',
				name: 'Agent',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify(agent), options: {} },
			},
			cec('o3', 'Get Status', [400, 0], { resource: 'agent', operation: 'getStatus' }),
			cec('o4', 'Get Call Info', [600, 0], { resource: 'voiceCall', operation: 'getCallInfo' }),
			cec('o5', 'Transfer', [800, 0], {
				resource: 'voiceCall',
				operation: 'transfer',
				deviceType: 1,
				address: '3',
				mode: 'targetDefault',
				waitForOutcome: true,
				waitLimit: 1,
			}),
			{
				...cec('o7', 'Transfer Again', [900, 160], {
					resource: 'voiceCall',
					operation: 'transfer',
					deviceType: 1,
					address: '3',
					mode: 'targetDefault',
					waitForOutcome: true,
					waitLimit: 1,
				}),
				onError: 'continueRegularOutput',
			},
			cec('o6', 'Call Out', [1000, 0], {
				resource: 'voiceCall',
				operation: 'callOut',
				calledNumber: '13800000001',
			}),
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
			Agent: { main: [[{ node: 'Get Status', type: 'main', index: 0 }]] },
			'Get Status': { main: [[{ node: 'Get Call Info', type: 'main', index: 0 }]] },
			'Get Call Info': { main: [[{ node: 'Transfer', type: 'main', index: 0 }]] },
			Transfer: { main: [[{ node: 'Transfer Again', type: 'main', index: 0 }]] },
			'Transfer Again': { main: [[{ node: 'Call Out', type: 'main', index: 0 }]] },
		},
	};
}

async function operationRuns(sim, userFolder, files) {
	const agent = await sim.control('POST', '/__sim/ready', { agentId: '31030', keepAlive: true });
	writeFileSync(
		join(files, 'operations.json'),
		JSON.stringify([operationsWorkflow({ agentId: 31030, guid: agent.guid })]),
	);
	const imported = await runN8n(['import:workflow', `--input=${join(files, 'operations.json')}`], {
		userFolder,
	});
	if (imported.code !== 0)
		fail(`n8n import:workflow failed:\n${(imported.stderr + imported.stdout).slice(-2000)}`);
	await sim.control('DELETE', '/__sim/requests');
	// The gateway moves the call at once but answers after the Wait Limit (1 s): the outcome must
	// still come from a look at the call after the answer.
	await sim.control('POST', '/__sim/faults', {
		kind: 'late',
		delayMs: 1500,
		pathIncludes: '/31030/transfer',
	});
	const exec = await executeWorkflow('cecE2eOperation1', { userFolder });
	if (!exec.ok)
		fail(`n8n execute (operations): ${exec.problem}:\n${(exec.stderr + exec.stdout).slice(-3000)}`);
	const [status] = nodeItems(exec.run, 'Get Status') ?? [];
	const [call] = nodeItems(exec.run, 'Get Call Info') ?? [];
	const [transfer] = nodeItems(exec.run, 'Transfer') ?? [];
	const [again] = nodeItems(exec.run, 'Transfer Again') ?? [];
	const [callOut] = nodeItems(exec.run, 'Call Out') ?? [];
	if (!(status?.agentState === 7 && status?.stateName === 'talking'))
		fail(`Get Status should see the agent talking: ${JSON.stringify(status)}`);
	if (!(call?.hasCall === true && typeof call?.callId === 'string'))
		fail(`Get Call Info should return the call: ${JSON.stringify(call)}`);
	if (
		!(
			transfer?.success === true &&
			transfer?.outcome?.observed === 'leftAgent' &&
			transfer.outcome.callId === call.callId
		)
	) {
		fail(
			`Transfer with Wait for Outcome should see the call leave the agent: ${JSON.stringify(transfer)}`,
		);
	}
	if (!(transfer.outcome.polls >= 1))
		fail(`Wait for Outcome should look at the call after the answer: ${JSON.stringify(transfer)}`);
	// The agent has no call now: the second transfer is refused after the read, nothing sent.
	if (
		!(
			again?.error === 'Agent 31030 is on no call: the transfer was not sent' &&
			again.details?.fate === 'notSent'
		)
	)
		fail(`Transfer Again should be refused with nothing sent: ${JSON.stringify(again)}`);
	// The transfer freed the agent: it now places a call (a call-back).
	if (
		!(
			callOut?.success === true &&
			typeof callOut?.callId === 'string' &&
			callOut.callId !== call.callId
		)
	)
		fail(`Call Out should place a new call: ${JSON.stringify(callOut)}`);
	const requests = await sim.control('GET', '/__sim/requests');
	const paths = requests.map((r) => r.path);
	const transfers = requests.filter((r) => r.method === 'POST' && r.path.endsWith('/transfer'));
	if (transfers.length !== 1)
		fail(`one transfer should reach the gateway, got ${transfers.length}`);
	if (paths.some((p) => p.includes('/agentevent/')))
		fail('the node requested the agent event interface');
	return {
		status: status.stateName,
		callId: call.callId,
		outcome: transfer.outcome.observed,
		polls: transfer.outcome.polls,
		again: again.error,
		callOut: callOut.callId,
	};
}

/** The real n8n offers the node as an AI agent's tool too (usableAsTool), with the operations' descriptions. */
/** The tool variant as the running n8n lists it (n8n's AI Agent offers it as "Huawei CEC Tool"). */
async function toolVariant(base, cookie) {
	const types = await (
		await fetch(`${base}/types/nodes.json`, { headers: { cookie: `n8n-auth=${cookie}` } })
	).json();
	const tool = types.find((t) => t.name === `${PACKAGE}.huaweiCecTool`);
	if (!tool)
		fail(
			`n8n offers no ${PACKAGE}.huaweiCecTool (${types
				.filter((t) => t.name.startsWith(PACKAGE))
				.map((t) => t.name)
				.join(', ')})`,
		);
	const text = JSON.stringify(tool);
	for (const words of [
		'Transfer a call',
		'Get call info',
		'Get waiting count',
		'Read-only, safe to repeat',
		'Changes a call',
	]) {
		if (!text.includes(words)) fail(`the tool variant lacks "${words}"`);
	}
	// n8n adds its own "Set Automatically" description (the bare action) only to a node without one
	if (tool.properties.some((p) => p.name === 'descriptionType'))
		fail("the tool variant has n8n's descriptionType: the model would read only the action name");
	return { tool: tool.name, displayName: tool.displayName };
}

/** A transfer node with Retry On Fail on: n8n would run it again after a failure; the node refuses to run. */
async function retryOnFailRun(sim, userFolder, files) {
	const agent = await sim.control('POST', '/__sim/ready', { agentId: '31040', keepAlive: true });
	const workflow = workflowFor([
		{ deviceType: 1, address: '3', mode: 2, agentId: 31040, guid: agent.guid },
	]);
	workflow.id = 'cecE2eRetryOnFai';
	Object.assign(
		workflow.nodes.find((n) => n.name === 'Huawei CEC'),
		{ retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
	);
	writeFileSync(join(files, 'retry.json'), JSON.stringify([workflow]));
	const imported = await runN8n(['import:workflow', `--input=${join(files, 'retry.json')}`], {
		userFolder,
	});
	if (imported.code !== 0)
		fail(`n8n import:workflow failed:\n${(imported.stderr + imported.stdout).slice(-2000)}`);
	await sim.control('DELETE', '/__sim/requests');
	const exec = await executeWorkflow(workflow.id, { userFolder });
	if (!exec.ok)
		fail(
			`n8n execute (Retry On Fail): ${exec.problem}:\n${(exec.stderr + exec.stdout).slice(-3000)}`,
		);
	const [item] = nodeItems(exec.run, 'Huawei CEC') ?? [];
	const posts = (await sim.control('GET', '/__sim/requests')).filter(
		(r) => r.method === 'POST' && r.path.endsWith('/transfer'),
	);
	if (!(String(item?.error).startsWith('Retry On Fail is on') && item?.details?.fate === 'notSent'))
		fail(`Retry On Fail should be refused: ${JSON.stringify(item)}`);
	if (posts.length !== 0)
		fail(`with Retry On Fail on, ${posts.length} transfer(s) reached the gateway`);
	return { refused: item.error, transfersSent: posts.length };
}

/** A webhook that answers at once and then transfers each agent of its body, one at a time. */
function stopBatchWorkflow() {
	return {
		id: 'cecE2eStopBatch1',
		name: 'Huawei CEC e2e: a batch stopped by the user',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 's1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'cec-e2e-stop-batch',
				parameters: {
					httpMethod: 'POST',
					path: 'cec-stop-batch',
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: 's2',
				name: 'One Item Each',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.agents', options: {} },
			},
			{
				id: 's3',
				name: 'Huawei CEC',
				type: `${PACKAGE}.huaweiCec`,
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					resource: 'voiceCall',
					operation: 'transfer',
					agentId: '={{ $json.agentId }}',
					deviceType: 1,
					address: '3',
					mode: 'targetDefault',
					options: { guid: '={{ $json.guid }}' },
				},
				credentials: { huaweiCecApi: { id: 'cecE2eCredent001', name: 'CC-Gateway (e2e)' } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'One Item Each', type: 'main', index: 0 }]] },
			'One Item Each': { main: [[{ node: 'Huawei CEC', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * n8n's Stop (POST /rest/executions/:id/stop) during a batch of six transfers, after items 1-2
 * were accepted and while the third is under way: n8n keeps no output of the node, so what each
 * item became must be in the execution's custom data and in n8n's log (at warn, no Guid).
 */
async function stopRun(sim, base, cookie, n8n) {
	const agents = [];
	for (let i = 0; i < 6; i++) {
		const agentId = String(31060 + i);
		const a = await sim.control('POST', '/__sim/ready', { agentId, keepAlive: true });
		agents.push({ agentId: Number(agentId), guid: a.guid });
	}
	await sim.control('POST', '/__sim/faults', {
		kind: 'late',
		delayMs: 60_000,
		pathIncludes: '/31062/transfer',
	});
	await sim.control('DELETE', '/__sim/requests');
	const headers = { cookie: `n8n-auth=${cookie}`, 'content-type': 'application/json' };
	let posted;
	for (let i = 0; i < 120 && posted !== 200; i++) {
		const res = await fetch(`${base}/webhook/cec-stop-batch`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ agents }),
		});
		posted = res.status;
		await res.arrayBuffer();
		if (posted === 404) await new Promise((r) => setTimeout(r, 500));
	}
	if (posted !== 200) fail(`the stop-batch webhook answered ${posted}`);
	const transfers = async () =>
		(await sim.control('GET', '/__sim/requests')).filter(
			(r) => r.method === 'POST' && r.path.endsWith('/transfer'),
		);
	for (let i = 0; i < 200 && (await transfers()).length < 3; i++)
		await new Promise((r) => setTimeout(r, 100));
	const listed = await (
		await fetch(
			`${base}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'cecE2eStopBatch1' }))}`,
			{ headers },
		)
	).json();
	const running = (listed.data?.results ?? []).find((e) => e.status === 'running');
	if (!running) fail(`no running execution to stop: ${JSON.stringify(listed).slice(0, 500)}`);
	const stopped = await fetch(`${base}/rest/executions/${running.id}/stop`, {
		method: 'POST',
		headers,
		body: '{}',
	});
	if (!stopped.ok) fail(`stop: HTTP ${stopped.status} ${await stopped.text()}`);
	let execution;
	for (let i = 0; i < 100; i++) {
		execution = (await (await fetch(`${base}/rest/executions/${running.id}`, { headers })).json())
			.data;
		if (execution?.status === 'canceled' && execution.customData?.cec_accepted) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	const expected = {
		cec_accepted: '2: 1–2',
		cec_refused: '0',
		cec_unknown: '1: 3',
		cec_notSent: '3: 4–6',
	};
	const sorted = (o) => JSON.stringify(Object.entries(o ?? {}).sort());
	if (sorted(execution?.customData) !== sorted(expected))
		fail(
			`the stopped execution's custom data: ${JSON.stringify({ status: execution?.status, customData: execution?.customData })}`,
		);
	const warning = n8n
		.output()
		.split('\n')
		.find((line) => line.includes('the execution was stopped'));
	if (
		!warning?.includes(
			'items 1 and 2 were accepted by the gateway; item 3 may have happened (no answer says); items 4, 5 and 6 were never sent',
		)
	)
		fail(`n8n's log should say what each item became: ${warning}`);
	if (agents.some((a) => n8n.output().includes(a.guid))) fail("a Guid appeared in n8n's log");
	return {
		status: execution.status,
		customData: execution.customData,
		transfersSent: (await transfers()).length,
		log: warning.trim().slice(0, 300),
	};
}

/** The credential's connection test as the editor runs it, with a Base URL that has a wrong path prefix. */
async function wrongPrefixTest(sim, base, cookie) {
	await sim.control('DELETE', '/__sim/requests');
	const res = await fetch(`${base}/rest/credentials/test`, {
		method: 'POST',
		headers: { cookie: `n8n-auth=${cookie}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			credentials: {
				id: 'cecE2eCredent001',
				name: 'CC-Gateway (e2e)',
				type: 'huaweiCecApi',
				data: { baseUrl: `${sim.url}/cec`, guid: '', caPem: sim.ca, ignoreSslIssues: false },
			},
		}),
	});
	const body = await res.text();
	const result = (() => {
		try {
			return JSON.parse(body).data;
		} catch {
			return undefined;
		}
	})();
	if (
		!(result?.status === 'Error' && String(result.message).includes('Base URL and its path prefix'))
	)
		fail(`the connection test should fail on a wrong path prefix: HTTP ${res.status} ${body}`);
	const requests = (await sim.control('GET', '/__sim/requests')).map(
		(r) => `${r.method} ${r.path} ${r.retcode}`,
	);
	return { result, requests };
}

/**
 * Under `n8n start`: the tool variant's listing, and the webhook sample answering a CRM with the
 * outcome: a current event is transferred once (HTTP 200); a late event, for a call the agent has
 * no longer, is refused by the call guard with nothing sent, and the CRM gets the failure (HTTP 422).
 */
async function serverRuns(sim, userFolder, files) {
	const demo = JSON.parse(
		readFileSync(join(ROOT, 'demo', 'webhook-with-error-answer.workflow.json'), 'utf8'),
	);
	demo.id = 'cecE2eWebhookDem';
	for (const n of demo.nodes)
		if (n.credentials?.huaweiCecApi)
			n.credentials.huaweiCecApi = { id: 'cecE2eCredent001', name: 'CC-Gateway (e2e)' };
	writeFileSync(join(files, 'webhook.json'), JSON.stringify([demo, stopBatchWorkflow()]));
	const imported = await runN8n(['import:workflow', `--input=${join(files, 'webhook.json')}`], {
		userFolder,
	});
	if (imported.code !== 0)
		fail(`n8n import:workflow failed:\n${(imported.stderr + imported.stdout).slice(-2000)}`);
	for (const id of [demo.id, 'cecE2eStopBatch1']) {
		const published = await runN8n(['publish:workflow', `--id=${id}`], { userFolder });
		if (published.code !== 0)
			fail(`n8n publish:workflow failed:\n${(published.stderr + published.stdout).slice(-2000)}`);
	}

	const current = await sim.control('POST', '/__sim/ready', { agentId: '31050', keepAlive: true });
	const currentCall = (await sim.control('GET', '/__sim/agents/31050')).call.callid;
	const late = await sim.control('POST', '/__sim/ready', { agentId: '31051', keepAlive: true });
	const lateCall = (await sim.control('GET', '/__sim/agents/31051')).call.callid;
	const nextCall = (await sim.control('POST', '/__sim/agents/31051/call', {})).callid; // the agent took the next customer
	await sim.control('DELETE', '/__sim/requests');

	const port = await freePort();
	const n8n = await startN8n({ userFolder, port, env: { N8N_SECURE_COOKIE: 'false' } });
	try {
		const base = `http://127.0.0.1:${port}`;
		const cookie = await ownerCookie(base);
		const tool = await toolVariant(base, cookie);
		const post = async (body) => {
			// A published workflow's webhook is registered a moment after readiness: until then, 404.
			for (let i = 0; i < 120; i++) {
				const res = await fetch(`${base}/webhook/cec-transfer`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				if (res.status !== 404)
					return { status: res.status, body: await res.json().catch(() => null) };
				await res.arrayBuffer();
				await new Promise((r) => setTimeout(r, 500));
			}
			fail('the webhook was never registered');
		};
		const ok = await post({
			agentId: 31050,
			guid: current.guid,
			skillQueueId: '3',
			callId: currentCall,
		});
		const refused = await post({
			agentId: 31051,
			guid: late.guid,
			skillQueueId: '3',
			callId: lateCall,
		});
		// A CRM event without its call ID: the guard is set but empty, so nothing is sent.
		const empty = await post({
			agentId: 31051,
			guid: late.guid,
			skillQueueId: '3',
			callId: '',
		});
		const posts = (await sim.control('GET', '/__sim/requests')).filter(
			(r) => r.method === 'POST' && r.path.endsWith('/transfer'),
		);
		if (
			!(
				empty.status === 422 &&
				empty.body?.details?.field === 'onlyIfCallId' &&
				empty.body.details.fate === 'notSent'
			)
		)
			fail(`an empty call ID should be refused by the guard: ${JSON.stringify(empty)}`);
		if (!(ok.status === 200 && ok.body?.transferred === true))
			fail(`the current event should be transferred: ${JSON.stringify(ok)}`);
		const d = refused.body?.details ?? {};
		if (
			!(
				refused.status === 422 &&
				refused.body?.transferred === false &&
				d.errorKind === 'callGuard' &&
				d.fate === 'notSent' &&
				d.currentCallId === nextCall
			)
		) {
			fail(
				`the late event should be refused by the call guard and answered with the failure: ${JSON.stringify(refused)}`,
			);
		}
		if (!(posts.length === 1 && posts[0].path.includes('/31050/')))
			fail(
				`exactly one transfer, for agent 31050, should reach the gateway: ${JSON.stringify(posts.map((r) => r.path))}`,
			);
		if (JSON.stringify(refused).includes(late.guid))
			fail('the Guid appeared in the webhook answer');
		const stop = await stopRun(sim, base, cookie, n8n);
		const prefix = await wrongPrefixTest(sim, base, cookie);
		return {
			...tool,
			current: ok.status,
			late: { status: refused.status, error: refused.body.error },
			emptyCallId: { status: empty.status, error: empty.body.error },
			transfersSent: posts.length,
			stop,
			wrongPrefix: prefix,
		};
	} finally {
		await n8n.stop();
	}
}

/**
 * A wrong password in the integration agent's credential, 100 items in one run: the gateway sees one
 * sign-in attempt (100-004), every item fails saying so, and the account is not locked.
 */
async function wrongPasswordRun(sim, userFolder, files) {
	await sim.control('POST', '/__sim/agents', { agentId: '31600', password: 'Right#pw-31600' });
	await sim.control('POST', '/__sim/agents/31600/profile', { inspector: true, skills: [] });
	const workNos = Array.from({ length: 100 }, (_, i) => ({ workNo: String(31601 + (i % 5)) }));
	const workflow = workflowFor(workNos);
	workflow.id = 'cecE2eWrongPw001';
	const cec = workflow.nodes.find((n) => n.name === 'Huawei CEC');
	Object.assign(cec, {
		typeVersion: 2,
		parameters: {
			authentication: 'integrationAgent',
			resource: 'agent',
			operation: 'getStatusByWorkNo',
			workNo: '={{ $json.workNo }}',
			options: {},
		},
		credentials: {
			huaweiCecIntegrationAgentApi: {
				id: 'cecE2eWrongPw001',
				name: 'Integration (wrong password)',
			},
		},
	});
	writeFileSync(
		join(files, 'wrong-password.json'),
		JSON.stringify([
			{
				id: 'cecE2eWrongPw001',
				name: 'Integration (wrong password)',
				type: 'huaweiCecIntegrationAgentApi',
				data: {
					baseUrl: sim.url,
					caPem: sim.ca,
					agentId: '31600',
					password: 'Wrong#pw-31600',
					phoneNumber: '7600',
					authMode: 'static',
				},
			},
		]),
	);
	writeFileSync(join(files, 'wrong-password-workflow.json'), JSON.stringify([workflow]));
	for (const args of [
		['import:credentials', `--input=${join(files, 'wrong-password.json')}`],
		['import:workflow', `--input=${join(files, 'wrong-password-workflow.json')}`],
	]) {
		const r = await runN8n(args, { userFolder });
		if (r.code !== 0) fail(`n8n ${args[0]} failed:\n${(r.stderr + r.stdout).slice(-2000)}`);
	}
	await sim.control('DELETE', '/__sim/requests');
	const exec = await executeWorkflow(workflow.id, { userFolder });
	if (!exec.ok)
		fail(
			`n8n execute (wrong password): ${exec.problem}:\n${(exec.stderr + exec.stdout).slice(-3000)}`,
		);
	const items = nodeItems(exec.run, 'Huawei CEC') ?? [];
	const log = (await sim.control('GET', '/__sim/requests')).filter((r) =>
		r.path.startsWith('/agentgateway/resource/'),
	);
	const signIns = log.filter((r) => r.method === 'PUT' && r.path.includes('/onlineagent/31600'));
	const agent = await sim.control('GET', '/__sim/agents/31600');
	const problems = [];
	if (items.length !== 100) problems.push(`100 items should come out, got ${items.length}`);
	if (!items.every((i) => i.details?.fate === 'notSent' && /password/i.test(String(i.error))))
		problems.push(
			`every item should fail naming the password: ${JSON.stringify(items.slice(0, 2))}`,
		);
	if (!(signIns.length === 1 && signIns[0].retcode === '100-004'))
		problems.push(
			`exactly one sign-in attempt should reach the gateway: ${JSON.stringify(signIns.map((r) => r.retcode))}`,
		);
	if (log.length !== signIns.length)
		problems.push(`nothing but that attempt should be sent: ${log.length} requests`);
	if (problems.length) fail(`wrong password:\n- ${problems.join('\n- ')}`);
	return {
		items: items.length,
		signInAttempts: signIns.length,
		retcodes: signIns.map((r) => r.retcode),
		otherRequests: log.length - signIns.length,
		agentSignedIn: agent.signedIn,
		firstError: items[0]?.error,
	};
}

/**
 * demo/scheduled-supervisor.workflow.json, published, on its Schedule Trigger (every 8 s here) under
 * `n8n start`, with an integration agent: two runs share one sign-in, the resting agent is put back
 * to idle once, and neither the password nor the Guid appears in n8n's files (database, logs).
 */
async function scheduledSupervisorRuns(sim, userFolder, files) {
	const password = 'Int#e2e-Pw-7731';
	await sim.control('POST', '/__sim/agents', { agentId: '31500', password });
	await sim.control('POST', '/__sim/agents/31500/profile', { inspector: true, skills: [] });
	await sim.control('POST', '/__sim/agents', { agentId: '31501', password: 'pw' });
	await sim.control('POST', '/__sim/agents/31501/profile', { skills: [2] });
	await sim.control('POST', '/__sim/queues/2', { waiting: 3, longestWaitSeconds: 150 });

	const demo = JSON.parse(
		readFileSync(join(ROOT, 'demo', 'scheduled-supervisor.workflow.json'), 'utf8'),
	);
	demo.id = 'cecE2eSupervis01';
	for (const n of demo.nodes) {
		if (n.type === 'n8n-nodes-base.scheduleTrigger')
			n.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: 8 }] };
		if (n.credentials?.huaweiCecIntegrationAgentApi)
			n.credentials.huaweiCecIntegrationAgentApi = {
				id: 'cecE2eIntegrat01',
				name: 'Integration (e2e)',
			};
	}
	writeFileSync(
		join(files, 'integration-credential.json'),
		JSON.stringify([
			{
				id: 'cecE2eIntegrat01',
				name: 'Integration (e2e)',
				type: 'huaweiCecIntegrationAgentApi',
				data: {
					baseUrl: sim.url,
					caPem: sim.ca,
					agentId: '31500',
					password,
					phoneNumber: '7500',
					authMode: 'static',
				},
			},
		]),
	);
	writeFileSync(join(files, 'supervisor.json'), JSON.stringify([demo]));
	for (const args of [
		['import:credentials', `--input=${join(files, 'integration-credential.json')}`],
		['import:workflow', `--input=${join(files, 'supervisor.json')}`],
		['publish:workflow', `--id=${demo.id}`],
	]) {
		const r = await runN8n(args, { userFolder });
		if (r.code !== 0) fail(`n8n ${args[0]} failed:\n${(r.stderr + r.stdout).slice(-2000)}`);
	}
	await sim.control('DELETE', '/__sim/requests');
	const ofAgent = (log, tail) =>
		log.filter((r) => r.path.startsWith('/agentgateway/resource/') && r.path.endsWith(tail));
	const port = await freePort();
	const n8n = await startN8n({ userFolder, port });
	let log = [];
	let output = '';
	try {
		// The desk agent signs in now: it does not poll, so the gateway signs it out 2 minutes later.
		await sim.control('POST', '/__sim/agents/31501/signin', { password: 'pw' });
		await sim.control('POST', '/__sim/agents/31501/state', { state: 'rest' });
		for (let i = 0; i < 180; i++) {
			log = await sim.control('GET', '/__sim/requests');
			if (
				ofAgent(log, '/queuedevice/31500/queryacdstat').length >= 2 &&
				ofAgent(log, '/qualitycontrol/31500/forceidle/31501').length >= 1
			)
				break;
			await new Promise((r) => setTimeout(r, 500));
		}
		await new Promise((r) => setTimeout(r, 1500)); // the second run's last steps
		log = await sim.control('GET', '/__sim/requests');
	} finally {
		output = n8n.output();
		await n8n.stop();
	}
	const runs = ofAgent(log, '/queuedevice/31500/queryacdstat');
	const signIns = ofAgent(log, '/onlineagent/31500').concat(
		ofAgent(log, '/onlineagent/31500/forcelogin'),
	);
	const idles = ofAgent(log, '/qualitycontrol/31500/forceidle/31501');
	const forced = (await sim.control('GET', '/__sim/supervisor/actions')).filter(
		(a) => a.action === 'forceIdle' && a.workNo === '31501',
	);
	const { guid } = await sim.control('GET', '/__sim/agents/31500/guid');
	const problems = [];
	if (runs.length < 2 || runs.some((r) => r.retcode !== '0'))
		problems.push(
			`two scheduled runs should read the queues: ${JSON.stringify(runs.map((r) => r.retcode))}`,
		);
	if (!(signIns.length === 1 && signIns[0].retcode === '0'))
		problems.push(
			`one sign-in should serve both runs: ${JSON.stringify(signIns.map((r) => [r.path, r.retcode]))}`,
		);
	if (!(idles.length === 1 && idles[0].retcode === '0' && forced.length === 1))
		problems.push(
			`the resting agent should be forced idle once: ${idles.length} requests, ${forced.length} accepted`,
		);
	// Every file n8n keeps (database, its WAL, logs, config) and everything it printed.
	const found = [];
	const scan = (dir) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'nodes' && entry.name !== 'node_modules') scan(path);
				continue;
			}
			const text = readFileSync(path).toString('latin1');
			for (const [name, secret] of [
				['password', password],
				['Guid', guid],
			])
				if (secret && text.includes(secret))
					found.push(`${name} in ${path.slice(userFolder.length)}`);
		}
	};
	scan(join(userFolder, '.n8n'));
	for (const [name, secret] of [
		['password', password],
		['Guid', guid],
	])
		if (secret && output.includes(secret)) found.push(`${name} in n8n's output`);
	if (!guid) problems.push('the integration agent should still be signed in after the runs');
	if (found.length) problems.push(`secrets found: ${found.join(', ')}`);
	if (problems.length) fail(`scheduled supervisor runs:\n- ${problems.join('\n- ')}`);
	return {
		scheduledRuns: runs.length,
		signIns: signIns.length,
		signInsPerRun: Number((signIns.length / runs.length).toFixed(2)),
		forcedIdle: idles.length,
		secretsFound: 0,
	};
}

async function main() {
	const t0 = Date.now();
	step('Node 24 and n8n (cached after the first run)');
	const n8n = await ensureN8n();
	const { node } = n8n;
	step(`Node ${node.version}, n8n ${N8N_VERSION}${n8n.reused ? ' (cached)' : ''}`);

	step('build and pack our package');
	sh('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	sh('npm', ['run', 'build:tools', '--silent'], { cwd: ROOT });
	const userFolder = mkdtempSync(join(tmpdir(), 'cec-e2e-'));
	onCleanup(() => rmSync(userFolder, { recursive: true, force: true }));
	const version = installLikeN8n(ROOT, userFolder);
	step(`installed ${PACKAGE}@${version} under .n8n/nodes (as the Community Nodes panel does)`);
	// No runtime dependencies: nothing is installed beside the package, so the zod the node's checks run
	// on can only be n8n's own (found through the NODE_PATH n8n sets at start).
	const installed = join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);
	const pj = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
	if (pj.dependencies && Object.keys(pj.dependencies).length > 0)
		fail(`the package declares runtime dependencies: ${JSON.stringify(pj.dependencies)}`);
	if (existsSync(join(installed, 'node_modules')))
		fail('the installed package brought a node_modules folder of its own');
	step('installed without dependencies: no node_modules of its own, so zod comes from n8n');

	step('start the simulator and its agents');
	const sim = await startSimulator();
	const agents = [];
	for (let i = 0; i < 5; i++)
		agents.push(
			await sim.control('POST', '/__sim/ready', { agentId: String(31001 + i), keepAlive: true }),
		);
	await sim.control('POST', '/__sim/agents', { agentId: '31010', password: 'pw' });
	const noCall = await sim.control('POST', '/__sim/ready', { agentId: '31010', keepAlive: true });
	// the ready call on 31010 is dropped by transferring it away first through the gateway, below
	const targets = [
		{ deviceType: 1, address: '3', mode: 2 },
		{ deviceType: 2, address: '49998', mode: 2 },
		{ deviceType: 3, address: '1000', mode: 1 },
		{ deviceType: 4, address: '990', mode: 2 },
		{ deviceType: 5, address: '88880001', mode: 4, callerNumber: '40040' },
	];
	const transfers = [
		...targets.map((t, i) => ({ ...t, agentId: Number(agents[i].agentId), guid: agents[i].guid })),
		{ deviceType: 1, address: '3', mode: 0, agentId: 31010, guid: noCall.guid }, // first: succeeds, leaves no call
		{ deviceType: 1, address: '3', mode: 0, agentId: 31010, guid: noCall.guid }, // then: 200-012
		{ deviceType: 1, address: '3', mode: 3, agentId: 31001, guid: agents[0].guid }, // invalid: never sent
	];

	step('import the credential and the workflow');
	const files = join(userFolder, 'import');
	mkdirSync(files);
	writeFileSync(
		join(files, 'credential.json'),
		JSON.stringify([
			{
				id: 'cecE2eCredent001',
				name: 'CC-Gateway (e2e)',
				type: 'huaweiCecApi',
				data: { baseUrl: sim.url, guid: '', caPem: sim.ca, ignoreSslIssues: false },
			},
		]),
	);
	writeFileSync(join(files, 'workflow.json'), JSON.stringify([workflowFor(transfers)]));
	for (const [cmd, file] of [
		['import:credentials', 'credential.json'],
		['import:workflow', 'workflow.json'],
	]) {
		const r = await runN8n([cmd, `--input=${join(files, file)}`], { userFolder });
		if (r.code !== 0) fail(`n8n ${cmd} failed:\n${(r.stderr + r.stdout).slice(-2000)}`);
	}
	await sim.control('DELETE', '/__sim/requests');

	step('execute the workflow headlessly (n8n execute --id)');
	// The exit code alone proves nothing: executeWorkflow also needs a finished, successful run in the output.
	const exec = await executeWorkflow('cecE2eWorkflow01', { userFolder });
	if (process.env.E2E_DEBUG)
		writeFileSync(join(tmpdir(), 'e2e-exec.txt'), `${exec.stdout}\n----stderr----\n${exec.stderr}`);
	if (!exec.ok) fail(`n8n execute: ${exec.problem}:\n${(exec.stderr + exec.stdout).slice(-3000)}`);
	const out =
		nodeItems(exec.run, 'Huawei CEC') ??
		fail(`the run has no output for Huawei CEC: ${JSON.stringify(exec.run).slice(0, 500)}`);
	const log = await sim.control('GET', '/__sim/requests');
	const posts = log.filter((r) => r.method === 'POST' && r.path.endsWith('/transfer'));

	step('check the output');
	const problems = [];
	const expect = (ok, what) => ok || problems.push(what);
	expect(
		out.length === transfers.length,
		`expected ${transfers.length} output items, got ${out.length}`,
	);
	for (let i = 0; i < 5; i++)
		expect(
			out[i]?.success === true && out[i]?.deviceType === i + 1,
			`item ${i} (deviceType ${i + 1}) should succeed: ${JSON.stringify(out[i])}`,
		);
	// A failed item, as n8n 2.41.1 delivers it under Continue (regular output): { error, details } and nothing else.
	const failedShape = (o) => JSON.stringify(Object.keys(o ?? {}).sort()) === '["details","error"]';
	expect(
		failedShape(out[6]) &&
			out[6].details.retcode === '200-012' &&
			out[6].details.fate === 'refused' &&
			out[6].error === '200-012: the agent has no call to transfer',
		`item 6 should be refused with 200-012 explained: ${JSON.stringify(out[6])}`,
	);
	expect(
		failedShape(out[7]) &&
			out[7].details.errorKind === 'validation' &&
			out[7].details.fate === 'notSent' &&
			String(out[7].error).includes('Talk Forwarding'),
		`item 7 should be refused before sending: ${JSON.stringify(out[7])}`,
	);
	expect(
		posts.length === 7,
		`the gateway should have received 7 transfers (the invalid item never), got ${posts.length}`,
	);
	expect(!JSON.stringify(out).includes(agents[0].guid), 'a Guid appeared in the output');
	if (problems.length) fail(`the run's output is wrong:\n- ${problems.join('\n- ')}`);

	step('Get Status → Get Call Info → Transfer with Wait for Outcome');
	const operations = await operationRuns(sim, userFolder, files);
	step(`operations: ${JSON.stringify(operations)}`);

	step(
		"SSRF protection on (127.0.0.0/8 is in n8n's default block list): the gateway is refused, nothing is sent",
	);
	const ssrf = await ssrfRuns(sim, userFolder, files);

	step(
		'Retry On Fail on a transfer: refused before anything is sent (n8n would re-run the whole node)',
	);
	const retry = await retryOnFailRun(sim, userFolder, files);

	step(
		'demo/webhook-with-error-answer.workflow.json, published, under `n8n start`: the tool variant; a CRM event; a late one',
	);
	const server = await serverRuns(sim, userFolder, files);

	step(
		'demo/scheduled-supervisor.workflow.json on its Schedule Trigger with an integration agent: runs, sign-ins, secrets',
	);
	const scheduled = await scheduledSupervisorRuns(sim, userFolder, files);

	step('an integration agent with a wrong password, 100 items: one sign-in attempt');
	const wrongPassword = await wrongPasswordRun(sim, userFolder, files);

	console.log(
		JSON.stringify(
			{
				n8n: N8N_VERSION,
				node: node.version,
				items: out.map((o) => ({
					success: o.success,
					deviceType: o.deviceType,
					retcode: o.retcode ?? o.details?.retcode,
					error: o.error,
				})),
				operations,
				ssrf,
				retry,
				server,
				scheduled,
				wrongPassword,
			},
			null,
			2,
		),
	);
	step(`passed in ${Math.round((Date.now() - t0) / 1000)}s (cache: ${CACHE})`);
}

main()
	.catch((error) => {
		console.error(`[e2e] FAILED: ${error.message}`);
		process.exitCode = 1;
	})
	.finally(cleanup);
