// `npm run test:e2e:queue`: our package in n8n 2.41 queue mode — one main (`n8n start`), two
// workers (`n8n worker`), Redis and PostgreSQL — taking 200 webhook requests of 5 transfers each
// to the CC-Gateway simulator; then a second batch during which one worker is SIGKILLed. Checks
// that every transfer reached the gateway exactly once, that both workers ran executions and that
// every execution succeeded with the expected output; measures executions/s and latency; reports
// what n8n does with a dead worker's executions; then re-sends the failed requests unchanged, as a
// caller would, with the call guard on (each event names its call): no transfer reaches the gateway
// twice. Prints one JSON summary and `queue: N passed, M failed`.
//
// Environment: E2E_KEEP=1 keeps the temp folder (logs, user folders, database).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { installLikeN8n, PACKAGE, sh } from './package.mjs';
import { ensureServicePackages, startPostgres, startRedis } from './queue-services.mjs';
import {
	N8N_BIN,
	N8N_DIR,
	N8N_VERSION,
	NODE24,
	cleanup,
	ensureN8n,
	freePort,
	n8nEnv,
	onCleanup,
	runN8n,
	startN8n,
	startTracked,
	stopGroup,
} from './runtime.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const T0 = Date.now();
const step = (text) => console.error(`[queue] ${((Date.now() - T0) / 1000).toFixed(1)}s ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- What is run ---------------------------------------------------------------------------------

const AGENTS = 100;
const PER_REQUEST = 5;
const CONCURRENCY = 10; // webhook requests in flight at once
const BATCH = 200;
const DEATH_BATCH = 100;
const WORKER_CONCURRENCY = 10; // n8n worker's default
const WEBHOOK_PATH = 'cec-transfers';
const WORKFLOW_ID = 'cecQueueWorkflw1';
const CREDENTIAL_ID = 'cecQueueCredent1';
// A transfer to an external number, three-party: the call stays with the agent (the simulator runs
// with --conference-leave-ms beyond the run), so one agent can be transferred again and again. Each
// event names that call: Only If Call ID Is guards every transfer, as the README advises.
const TARGET = { deviceType: 5, address: '88880001', mode: 4 };
// The second batch models CRM events: each names the agent's call of the moment (a new call is
// placed for every request), Only If Call ID Is guards the transfer, and the transfer is blind, so
// the call leaves the agent. A re-sent event then finds the call gone and nothing is sent.
const GUARDED_TARGET = { deviceType: 1, address: '3', mode: 0 };
// Scheduled supervisor executions (demo/scheduled-supervisor.workflow.json) on both workers, with
// ONE integration agent: each time the other worker ran last, its sign-in has signed this one out.
const SUPERVISOR_WORKFLOW_ID = 'cecQueueSupervis';
const INTEGRATION_CREDENTIAL_ID = 'cecQueueIntegrat';
const INTEGRATION_AGENT = '41900';
const DESK_AGENT = '41901';
const SUPERVISOR_RUNS = 6;
const SUPERVISOR_EVERY_S = 10;
// Queue figures on a webhook, under the same integration agent: requests two at a time run on both
// workers, each of which holds its own session to the one agent account (what README's "Scheduled
// automations" advises against, and what n8n must survive without signing in in a loop).
const FIGURES_WORKFLOW_ID = 'cecQueueFigures1';
const FIGURES_PATH = 'cec-queue-figures';
const FIGURES_REQUESTS = 16;
// Huawei CEC Trigger in queue mode: the main polls (with an integration agent of its own, as the
// README advises), the executions it starts run on the workers. Two people change state once, after
// the baseline poll; the next poll starts one execution with both changes, later polls none.
const TRIGGER_WORKFLOW_ID = 'cecQueueTrigger1';
const TRIGGER_CREDENTIAL_ID = 'cecQueueTrigCred';
const TRIGGER_AGENT = '41910';
const WATCHED = ['41902', '41903'];

const checks = [];
function check(ok, name, detail) {
	checks.push({ name, ok: Boolean(ok) });
	if (!ok)
		console.error(
			`[queue] FAILED CHECK: ${name}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`,
		);
	return Boolean(ok);
}

function percentile(sorted, p) {
	if (sorted.length === 0) return null;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return Math.round(sorted[i]);
}

function latencyStats(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: percentile(sorted, 100),
	};
}

// ---- The simulator, in its own process -----------------------------------------------------------

async function startSimulator(logFile) {
	const cli = join(ROOT, '.build', 'test', 'simulator', 'cli.js');
	const { child, out, closed } = startTracked(
		process.execPath,
		[cli, '--port', '0', '--auth', 'static', '--conference-leave-ms', '3600000'],
		{ cwd: ROOT, logFile },
	);
	let exited = false;
	void closed.then(() => (exited = true));
	const t0 = Date.now();
	while (!out.stdout.includes('\n')) {
		if (exited) throw new Error(`the simulator exited: ${out.stderr.slice(-2000)}`);
		if (Date.now() - t0 > 30_000) throw new Error('the simulator printed nothing within 30 s');
		await sleep(50);
	}
	const info = JSON.parse(out.stdout.split('\n')[0]);
	const ca = readFileSync(info.caFile, 'utf8');
	const agent = new HttpsAgent({ ca, keepAlive: true, maxSockets: 4 });
	const control = (method, path, body) =>
		new Promise((resolve, reject) => {
			const req = httpsRequest(
				new URL(path, info.url),
				{ method, agent, headers: { 'content-type': 'application/json' } },
				(res) => {
					let text = '';
					res.setEncoding('utf8').on('data', (c) => (text += c));
					res.on('end', () => {
						if (res.statusCode !== 200)
							return reject(
								new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 500)}`),
							);
						resolve(text ? JSON.parse(text) : undefined);
					});
				},
			);
			req.on('error', reject);
			req.end(body ? JSON.stringify(body) : undefined);
		});
	const stop = async () => {
		agent.destroy();
		await stopGroup(child);
		await closed;
	};
	return { ...info, ca, control, stop };
}

// ---- n8n in queue mode ---------------------------------------------------------------------------

/** What the main, both workers and the CLI share: the queue, the database, the encryption key. */
function queueEnv(redis, pg) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		// The same as n8nEnv's default, written out: every instance must decrypt the one credential.
		N8N_ENCRYPTION_KEY: 'e2e-throwaway-key-not-a-secret',
	};
}

/** `n8n worker` with its own user folder, health-check port and task-broker port; resolves once ready. */
async function startWorker(name, userFolder, env, logFile, { timeoutMs = 180_000 } = {}) {
	const t0 = Date.now();
	const healthPort = await freePort();
	const brokerPort = await freePort();
	const { child, out, closed } = startTracked(
		NODE24,
		[N8N_BIN, 'worker', `--concurrency=${WORKER_CONCURRENCY}`],
		{
			cwd: userFolder,
			logFile,
			env: n8nEnv(userFolder, {
				...env,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			}),
		},
	);
	let exited = false;
	void closed.then(() => (exited = true));
	const output = () => `${out.stdout}\n${out.stderr}`;
	const stop = async () => {
		await stopGroup(child);
		await closed;
	};
	while (Date.now() - t0 < timeoutMs) {
		if (exited)
			throw new Error(
				`worker ${name} exited early (${child.exitCode ?? child.signalCode}):\n${output().slice(-3000)}`,
			);
		const res = await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`, {
			signal: AbortSignal.timeout(2_000),
		}).catch(() => undefined);
		if (res?.ok)
			return {
				name,
				pid: child.pid,
				child,
				closed,
				output,
				stop,
				exited: () => exited,
				startSeconds: Math.round((Date.now() - t0) / 100) / 10,
			};
		await sleep(300);
	}
	await stop();
	throw new Error(
		`worker ${name} was not ready within ${timeoutMs / 1000} s:\n${output().slice(-3000)}`,
	);
}

/** Execution IDs a worker logged as started and as finished (2.41 records no worker in the database). */
function workerLog(worker) {
	const text = worker.output();
	const started = [...text.matchAll(/Worker started execution (\d+)/g)].map((m) => Number(m[1]));
	const finished = new Set(
		[...text.matchAll(/Worker finished execution (\d+)/g)].map((m) => Number(m[1])),
	);
	return { started, finished };
}

function workflow() {
	return {
		id: WORKFLOW_ID,
		name: 'Huawei CEC queue-mode transfers',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'q1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '3b0d7f0e-6a54-4f53-9d8e-5c1a2b3c4d5e',
				// Respond when the last node finishes, with all its items: the caller learns each
				// transfer's outcome, and the latency measured is request → transfers done.
				parameters: {
					httpMethod: 'POST',
					path: WEBHOOK_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 'q2',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.transfers', options: {} },
			},
			{
				id: 'q3',
				name: 'Huawei CEC',
				type: `${PACKAGE}.huaweiCec`,
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'voiceCall',
					operation: 'transfer',
					agentId: '={{ $json.agentId }}',
					deviceType: '={{ $json.deviceType }}',
					address: '={{ $json.address }}',
					mode: '={{ $json.mode }}',
					// Five items of five different agents: all five may be under way at once. Each item
					// names the agent's call: an item without one is refused, nothing sent.
					options: {
						guid: '={{ $json.guid }}',
						callAppData: '={{ $json.tag }}',
						concurrency: PER_REQUEST,
						onlyIfCallId: '={{ $json.callId }}',
					},
				},
				// Every item's outcome goes back to the caller, a refused one too.
				onError: 'continueRegularOutput',
				credentials: { huaweiCecApi: { id: CREDENTIAL_ID, name: 'CC-Gateway (queue e2e)' } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Huawei CEC', type: 'main', index: 0 }]] },
		},
	};
}

// ---- Load ----------------------------------------------------------------------------------------

/** One webhook request: {status, body, error, ms, endedAt}; status 0 when no HTTP answer came. */
async function postTransfers(url, transfers, timeoutMs = 300_000) {
	const started = performance.now();
	let status = 0;
	let body;
	let error;
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ transfers }),
			signal: AbortSignal.timeout(timeoutMs),
		});
		status = res.status;
		const text = await res.text();
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
	} catch (e) {
		error = e.message;
	}
	return { status, body, error, ms: performance.now() - started, endedAt: Date.now() };
}

/**
 * `count` webhook requests, CONCURRENCY at a time. Each of the CONCURRENCY slots sends one request
 * after the other and alternates between two sets of PER_REQUEST agents of its own, so no agent is
 * ever in two requests at once (the gateway answers 000-007 to overlapping requests for one agent).
 */
async function sendBatch(url, agents, prefix, count, { onSent, guardedOn } = {}) {
	const results = new Array(count);
	let next = 0;
	const slot = async (k) => {
		for (let j = 0; ; j++) {
			const r = next++;
			if (r >= count) return;
			const set = k + CONCURRENCY * (j % 2);
			const transfers = Array.from({ length: PER_REQUEST }, (_, t) => {
				const a = agents[set * PER_REQUEST + t];
				return {
					agentId: a.agentId,
					guid: a.guid,
					tag: `${prefix}${r}-t${t}`,
					callId: a.callId,
					...(guardedOn ? GUARDED_TARGET : TARGET),
				};
			});
			// With the guard: each agent takes a new call, which the event names.
			if (guardedOn)
				for (const t of transfers)
					t.callId = (
						await guardedOn.control('POST', `/__sim/agents/${t.agentId}/call`, {})
					).callid;
			results[r] = {
				r,
				transfers,
				tags: transfers.map((t) => t.tag),
				...(await postTransfers(url, transfers)),
			};
			onSent?.(results[r]);
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, (_, k) => slot(k)));
	return results;
}

/** Whether a webhook answer is the five successful transfers the workflow's last node outputs. */
function goodAnswer(res) {
	return (
		res.status === 200 &&
		Array.isArray(res.body) &&
		res.body.length === PER_REQUEST &&
		res.body.every(
			(item, i) =>
				item.success === true &&
				String(item.retcode) === '0' &&
				item.deviceType === res.transfers[i].deviceType &&
				item.mode === res.transfers[i].mode,
		)
	);
}

/** Transfer POSTs the gateway received, by the tag in their callappdata: {tag: [retcode, ...]}. */
async function gatewayTransfers(sim) {
	const byTag = new Map();
	let untagged = 0;
	for (const entry of await sim.control('GET', '/__sim/requests')) {
		if (entry.method !== 'POST' || !entry.path.endsWith('/transfer')) continue;
		let tag;
		try {
			tag = JSON.parse(entry.body).callappdata;
		} catch {
			/* not JSON */
		}
		if (typeof tag !== 'string') {
			untagged++;
			continue;
		}
		if (!byTag.has(tag)) byTag.set(tag, []);
		byTag.get(tag).push(String(entry.retcode));
	}
	return { byTag, untagged };
}

// ---- The database --------------------------------------------------------------------------------

function figuresWorkflow() {
	return {
		id: FIGURES_WORKFLOW_ID,
		name: 'Huawei CEC queue figures (one integration agent, two workers)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'f1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '6c1e2a4b-8d3f-4e5a-9b7c-0d1e2f3a4b5c',
				parameters: {
					httpMethod: 'POST',
					path: FIGURES_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: 'f2',
				name: 'Queue Statistics',
				type: `${PACKAGE}.huaweiCec`,
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					authentication: 'integrationAgent',
					resource: 'queue',
					operation: 'getStatistics',
					skillIds: [1, 2, 3],
					options: {},
				},
				onError: 'continueRegularOutput',
				credentials: {
					huaweiCecIntegrationAgentApi: {
						id: INTEGRATION_CREDENTIAL_ID,
						name: 'Integration agent (queue e2e)',
					},
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Queue Statistics', type: 'main', index: 0 }]] } },
	};
}

function triggerWorkflow() {
	return {
		id: TRIGGER_WORKFLOW_ID,
		name: 'Huawei CEC Trigger in queue mode',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 't1',
				name: 'Agent State Changed',
				type: `${PACKAGE}.huaweiCecTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					event: 'agentStateChanged',
					watch: 'workNumbers',
					workNumbers: WATCHED.join(', '),
				},
				credentials: {
					huaweiCecIntegrationAgentApi: {
						id: TRIGGER_CREDENTIAL_ID,
						name: 'Trigger agent (queue e2e)',
					},
				},
			},
		],
		connections: {},
	};
}

/** Ends a person's call through the gateway, as the agent's desktop would (DELETE …/release). */
function hangUp(sim, agentId, guid) {
	return new Promise((resolve, reject) => {
		const req = httpsRequest(
			new URL(`/agentgateway/resource/voicecall/${agentId}/release`, sim.url),
			{ method: 'DELETE', ca: sim.ca, agent: false, headers: { guid } },
			(res) => res.resume().on('end', resolve).on('error', reject),
		);
		req.on('error', reject);
		req.end();
	});
}

/**
 * The trigger's script, beside the other phases: after its baseline poll (at activation), both
 * watched people change state once. Returns when the change is made.
 */
async function triggerChanges(sim) {
	const t0 = Date.now();
	for (;;) {
		const log = await sim.control('GET', '/__sim/requests');
		const baseline = log.find((r) => r.path.endsWith(`/agentbyworkno/${WATCHED[0]}`));
		if (baseline) {
			await sim.control('POST', `/__sim/agents/${WATCHED[0]}/state`, { state: 'busy' });
			await sim.control('POST', `/__sim/agents/${WATCHED[1]}/state`, { state: 'rest' });
			return { baselineAt: baseline.at, changedAt: Date.now() };
		}
		if (Date.now() - t0 > 90_000) throw new Error('the trigger made no baseline poll within 90 s');
		await sleep(500);
	}
}

/** The trigger's executions, as stored: status, which worker ran it, the items it started with. */
async function triggerPhase(pg, workers, changes) {
	const read = async () =>
		(
			await pg.psql(
				`SELECT json_build_object('id', e.id, 'status', e.status, 'mode', e.mode, 'data', d.data) FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = '${TRIGGER_WORKFLOW_ID}' ORDER BY e.id`,
			)
		)
			.split('\n')
			.filter((line) => line.trim())
			.map((line) => JSON.parse(line));
	const { changedAt } = await changes;
	// n8n polls once a minute: the poll after the change comes within about 60 s of it.
	let rows = await read();
	while (
		(rows.length === 0 || rows.some((r) => r.status === 'new' || r.status === 'running')) &&
		Date.now() - changedAt < 75_000
	) {
		await sleep(1000);
		rows = await read();
	}
	const runs = rows.map((r) => ({
		id: Number(r.id),
		status: r.status,
		mode: r.mode,
		worker:
			Object.entries(workers).find(([, w]) => workerLog(w).started.includes(Number(r.id)))?.[0] ??
			'not a worker',
		items: (
			unflatten(r.data)?.resultData?.runData?.['Agent State Changed']?.[0]?.data?.main?.[0] ?? []
		).map((i) => `${i.json.workNo}:${i.json.from}>${i.json.to}`),
	}));
	const result = {
		changesAtTheSimulator: [`${WATCHED[0]}: idle → busy`, `${WATCHED[1]}: idle → rest`],
		executions: runs,
	};
	check(
		runs.length === 1 && runs[0].status === 'success',
		'the trigger started exactly one execution: none on the baseline, none twice',
		runs,
	);
	check(
		runs.length === 1 &&
			JSON.stringify([...runs[0].items].sort()) ===
				JSON.stringify([`${WATCHED[0]}:idle>busy`, `${WATCHED[1]}:idle>rest`]),
		'its items are exactly the two changes',
		runs,
	);
	check(
		runs.length === 1 && runs[0].worker !== 'not a worker',
		"the main polled; a worker ran the trigger's execution",
		runs,
	);
	return result;
}

/**
 * Two workers, one integration agent: webhook executions of queue figures, two at a time, beside the
 * scheduled supervisor runs. Counts what each worker's session did at the gateway.
 */
async function sharedAgentPhase(sim, pg, workers, url) {
	const gw = '/agentgateway/resource/';
	const before = (await sim.control('GET', '/__sim/requests')).length;
	const t0 = Date.now();
	const answers = [];
	for (let r = 0; r < FIGURES_REQUESTS; r += 2) {
		const pair = await Promise.all(
			[0, 1].map(async () => {
				const res = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(60_000) });
				return { status: res.status, body: await res.json().catch(() => null) };
			}),
		);
		answers.push(...pair);
		await sleep(400);
	}
	const seconds = (Date.now() - t0) / 1000;
	const log = (await sim.control('GET', '/__sim/requests'))
		.slice(before)
		.filter((x) => x.path.startsWith(gw) && x.path.includes(`/${INTEGRATION_AGENT}`));
	const signIns = log.filter(
		(x) => x.method === 'PUT' && /\/onlineagent\/\d+(\/forcelogin)?$/.test(x.path),
	);
	const statistics = log.filter((x) => x.path.endsWith('/queryacdstat'));
	const rows = (
		await pg.psql(
			`SELECT json_build_object('id', id, 'status', status) FROM execution_entity WHERE "workflowId" = '${FIGURES_WORKFLOW_ID}' ORDER BY id`,
		)
	)
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => JSON.parse(line));
	const byWorker = Object.fromEntries(
		Object.entries(workers).map(([name, w]) => [
			name,
			workerLog(w).started.filter((id) => rows.some((row) => Number(row.id) === id)).length,
		]),
	);
	const items = answers.flatMap((a) => (Array.isArray(a.body) ? a.body : [a.body]));
	const figures = items.filter((i) => typeof i?.skillId === 'number');
	const errors = items.filter((i) => typeof i?.error === 'string');
	const named =
		/signed out again right after n8n signed it back in|times in the last minute|own integration agent/;
	const result = {
		requests: answers.length,
		seconds: Math.round(seconds),
		executionsByWorker: byWorker,
		queueItems: figures.length,
		failedItems: errors.length,
		errors: countBy(errors.map((e) => e.error.replace(/\d+ times/, 'N times'))),
		signIns: signIns.filter((x) => x.retcode === '0').length,
		forcedSignIns: signIns.filter((x) => x.retcode === '0' && x.path.endsWith('/forcelogin'))
			.length,
		signInsRefused: countBy(signIns.filter((x) => x.retcode !== '0').map((x) => x.retcode)),
		statisticsRequests: countBy(statistics.map((x) => x.retcode)),
	};
	check(
		Object.values(byWorker).filter((n) => n > 0).length === 2,
		'executions of the one integration agent ran on both workers',
		byWorker,
	);
	check(
		answers.every((a) => a.status === 200) && figures.length + errors.length === items.length,
		'every request answered: its three queues, or one error item',
		answers.filter((a) => a.status !== 200).slice(0, 2),
	);
	check(
		errors.every((e) => named.test(e.error) || named.test(String(e.details?.description))),
		'every failure names the cause: another process took the agent over',
		errors.slice(0, 2),
	);
	// 6 sign-ins a minute per process at most (docs/integration-agent.md): no loop.
	const minutes = Math.max(1, Math.ceil(seconds / 60));
	check(
		result.signIns <= 6 * Object.keys(workers).length * minutes,
		'sign-ins bounded (at most 6 a minute per worker): no sign-in loop',
		result,
	);
	check(
		statistics.filter((x) => x.retcode === '0').length === figures.length / 3,
		'each answered request read the statistics once: nothing repeated',
		result,
	);
	return result;
}

async function supervisorExecutions(pg) {
	const text = await pg.psql(
		`SELECT json_build_object('id', id, 'status', status, 'finished', finished) FROM execution_entity WHERE "workflowId" = '${SUPERVISOR_WORKFLOW_ID}' ORDER BY id`,
	);
	return text
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => JSON.parse(line));
}

/** The workflow's executions with id > afterId: [{id, status, finished, mode, startedAt, stoppedAt, data?}]. */
async function executions(pg, { afterId = 0, withData = false } = {}) {
	const dataColumn = withData ? `, 'data', d.data` : '';
	const sql = `SELECT json_build_object('id', e.id, 'status', e.status, 'finished', e.finished, 'mode', e.mode, 'startedAt', e."startedAt", 'stoppedAt', e."stoppedAt"${dataColumn})
		FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
		WHERE e."workflowId" = '${WORKFLOW_ID}' AND e.id > ${Number(afterId)} ORDER BY e.id`;
	const text = await pg.psql(sql);
	return text
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => {
			const row = JSON.parse(line);
			row.id = Number(row.id);
			return row;
		});
}

/** n8n stores run data with `flatted`; its own copy reads it back. */
function unflatten(text) {
	const { parse } = createRequire(join(N8N_DIR, 'package.json'))('flatted');
	return parse(text);
}

/** From a stored run: the tags the webhook received and what the Huawei CEC node output. */
function runSummary(data) {
	const runData = unflatten(data)?.resultData?.runData ?? {};
	const webhook = runData.Webhook?.[0]?.data?.main?.[0]?.[0]?.json;
	const cec = runData['Huawei CEC']?.[0]?.data?.main?.[0]?.map((i) => i.json);
	return { tags: (webhook?.body?.transfers ?? []).map((t) => t.tag), cec };
}

/**
 * Runs until SUPERVISOR_RUNS scheduled supervisor executions have finished. The desk agent is put
 * on rest again each time a run forced it idle (one rest episode per Force Idle expected). Counts
 * sign-ins, renewals (a refusal whose read-only check confirmed the session gone), failures and
 * duplicates (a rest episode that got more than one Force Idle).
 */
async function supervisorPhase(sim, pg, workers) {
	const gw = '/agentgateway/resource/';
	const rest = async () => {
		const desk = await sim.control('GET', `/__sim/agents/${DESK_AGENT}`);
		if (!desk.signedIn)
			await sim.control('POST', `/__sim/agents/${DESK_AGENT}/signin`, { password: 'pw' });
		await sim.control('POST', `/__sim/agents/${DESK_AGENT}/state`, { state: 'rest' });
	};
	await rest();
	const episodes = [];
	let rows = [];
	const t0 = Date.now();
	const firstSupervisorId = (await supervisorExecutions(pg)).length;
	for (;;) {
		rows = (await supervisorExecutions(pg))
			.slice(firstSupervisorId)
			.filter((r) => r.finished || (r.status !== 'running' && r.status !== 'new'));
		if (rows.length >= SUPERVISOR_RUNS) break;
		if (Date.now() - t0 > (SUPERVISOR_RUNS + 6) * SUPERVISOR_EVERY_S * 1000)
			throw new Error(`only ${rows.length} scheduled supervisor runs finished`);
		const actions = await sim.control('GET', '/__sim/supervisor/actions');
		const idles = actions.filter((a) => a.action === 'forceIdle' && a.workNo === DESK_AGENT).length;
		const desk = await sim.control('GET', `/__sim/agents/${DESK_AGENT}`);
		if (desk.status === 4) {
			episodes.push(idles);
			await rest();
		}
		await sleep(1000);
	}
	// Later runs only read the queues.
	await sim.control('POST', '/__sim/queues/2', { waiting: 0, longestWaitSeconds: 0 });
	await sleep(1500);
	const log = (await sim.control('GET', '/__sim/requests')).filter(
		(r) => r.path.startsWith(`${gw}`) && r.path.includes(`/${INTEGRATION_AGENT}`),
	);
	const actions = (await sim.control('GET', '/__sim/supervisor/actions')).filter(
		(a) => a.action === 'forceIdle' && a.workNo === DESK_AGENT,
	);
	const perEpisode = episodes.map((total, i) => total - (episodes[i - 1] ?? 0));
	const signIns = log.filter(
		(r) =>
			r.method === 'PUT' && r.retcode === '0' && /\/onlineagent\/\d+(\/forcelogin)?$/.test(r.path),
	);
	const probesGone = log.filter(
		(r) => r.path.endsWith('/agentstatus') && ['000-003', '100-006', '100-008'].includes(r.retcode),
	);
	const refused = log.filter(
		(r) =>
			!r.path.endsWith('/agentstatus') &&
			!r.path.includes('/agentevent/') &&
			['000-003', '100-006'].includes(r.retcode),
	);
	const failures = rows.filter((r) => r.status !== 'success');
	const byWorker = Object.fromEntries(
		Object.entries(workers).map(([name, w]) => [
			name,
			workerLog(w).started.filter((id) => rows.some((r) => Number(r.id) === id)).length,
		]),
	);
	const result = {
		runs: rows.length,
		runsByWorker: byWorker,
		signIns: signIns.length,
		forcedSignIns: signIns.filter((r) => r.path.endsWith('/forcelogin')).length,
		renewals: probesGone.length,
		refusedThenResent: refused.length,
		failures: failures.length,
		forceIdleAccepted: actions.length,
		restEpisodes: perEpisode.length,
		duplicates: perEpisode.filter((n) => n > 1).length,
	};
	check(failures.length === 0, 'every scheduled supervisor run succeeded', failures.slice(0, 3));
	check(result.duplicates === 0, 'no rest episode got more than one Force Idle', perEpisode);
	check(
		result.renewals === refused.length,
		'every refused request was re-sent once after a confirmed renewal, none otherwise',
		{ renewals: result.renewals, refused: refused.length },
	);
	check(
		result.signIns <= rows.length + 1,
		'at most one sign-in per run (one per lapse or takeover), not per item',
		result,
	);
	return result;
}

const countBy = (values) => values.reduce((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});

// ---- The run -------------------------------------------------------------------------------------

async function main() {
	const summary = {
		n8n: N8N_VERSION,
		machine: { cores: cpus().length, memoryGB: Math.round(totalmem() / 2 ** 30) },
	};

	step('Redis and PostgreSQL (Debian packages), Node 24 and n8n (cached)');
	summary.packages = await ensureServicePackages();
	const n8n = await ensureN8n();
	summary.node = n8n.node.version;

	const root = mkdtempSync(join(tmpdir(), 'cec-queue-'));
	chmodSync(root, 0o755); // the postgres user must reach its data folder inside
	if (!process.env.E2E_KEEP) onCleanup(() => rmSync(root, { recursive: true, force: true }));
	else step(`keeping ${root}`);
	const logs = join(root, 'logs');
	mkdirSync(logs);

	step(
		'build, pack and install our package into the main and each worker (each has its own user folder)',
	);
	sh('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	sh('npm', ['run', 'build:tools', '--silent'], { cwd: ROOT });
	const folders = {
		main: join(root, 'main'),
		w1: join(root, 'worker-1'),
		w2: join(root, 'worker-2'),
	};
	for (const dir of Object.values(folders)) {
		mkdirSync(dir);
		installLikeN8n(ROOT, dir);
	}

	const [pg, redis, sim] = await Promise.all([
		startPostgres(join(root, 'postgres')),
		startRedis(join(root, 'redis')),
		startSimulator(join(logs, 'simulator.log')),
	]);
	step(`postgres :${pg.port}, redis :${redis.port}, simulator ${sim.url}`);
	const env = queueEnv(redis, pg);

	step(`${AGENTS} agents signed in and in a call`);
	const agents = [];
	for (let i = 0; i < AGENTS; i++) {
		const agent = await sim.control('POST', '/__sim/ready', {
			agentId: String(41000 + i),
			keepAlive: true,
		});
		const { call } = await sim.control('GET', `/__sim/agents/${agent.agentId}`);
		agents.push({ ...agent, callId: call.callid });
	}

	step('import the credential and the workflow into PostgreSQL, publish it');
	const credential = {
		id: CREDENTIAL_ID,
		name: 'CC-Gateway (queue e2e)',
		type: 'huaweiCecApi',
		data: { baseUrl: sim.url, guid: '', caPem: sim.ca, ignoreSslIssues: false },
	};
	const files = join(root, 'import');
	mkdirSync(files);
	await sim.control('POST', '/__sim/agents', { agentId: INTEGRATION_AGENT, password: 'Int#q-Pw' });
	await sim.control('POST', `/__sim/agents/${INTEGRATION_AGENT}/profile`, {
		inspector: true,
		skills: [],
	});
	await sim.control('POST', '/__sim/agents', { agentId: DESK_AGENT, password: 'pw' });
	await sim.control('POST', `/__sim/agents/${DESK_AGENT}/profile`, { skills: [2] });
	await sim.control('POST', '/__sim/queues/2', { waiting: 3, longestWaitSeconds: 150 });
	await sim.control('POST', '/__sim/agents', { agentId: TRIGGER_AGENT, password: 'Trig#q-Pw' });
	await sim.control('POST', `/__sim/agents/${TRIGGER_AGENT}/profile`, {
		inspector: true,
		skills: [],
	});
	for (const id of WATCHED) {
		const person = await sim.control('POST', '/__sim/ready', { agentId: id, keepAlive: true });
		await hangUp(sim, id, person.guid);
		await sim.control('POST', `/__sim/agents/${id}/profile`, { skills: [1], name: `Agent ${id}` });
		await sim.control('POST', `/__sim/agents/${id}/state`, { state: 'idle' });
	}
	const triggerCredential = {
		id: TRIGGER_CREDENTIAL_ID,
		name: 'Trigger agent (queue e2e)',
		type: 'huaweiCecIntegrationAgentApi',
		data: {
			baseUrl: sim.url,
			caPem: sim.ca,
			agentId: TRIGGER_AGENT,
			password: 'Trig#q-Pw',
			phoneNumber: '7910',
			authMode: 'static',
		},
	};
	const integration = {
		id: INTEGRATION_CREDENTIAL_ID,
		name: 'Integration agent (queue e2e)',
		type: 'huaweiCecIntegrationAgentApi',
		data: {
			baseUrl: sim.url,
			caPem: sim.ca,
			agentId: INTEGRATION_AGENT,
			password: 'Int#q-Pw',
			phoneNumber: '7900',
			authMode: 'static',
		},
	};
	const supervisor = JSON.parse(
		readFileSync(join(ROOT, 'demo', 'scheduled-supervisor.workflow.json'), 'utf8'),
	);
	supervisor.id = SUPERVISOR_WORKFLOW_ID;
	for (const n of supervisor.nodes) {
		if (n.type === 'n8n-nodes-base.scheduleTrigger')
			n.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: SUPERVISOR_EVERY_S }] };
		if (n.credentials?.huaweiCecIntegrationAgentApi)
			n.credentials.huaweiCecIntegrationAgentApi = {
				id: INTEGRATION_CREDENTIAL_ID,
				name: 'Integration agent (queue e2e)',
			};
	}
	writeFileSync(
		join(files, 'credential.json'),
		JSON.stringify([credential, integration, triggerCredential]),
	);
	writeFileSync(
		join(files, 'workflow.json'),
		JSON.stringify([workflow(), supervisor, figuresWorkflow(), triggerWorkflow()]),
	);
	for (const args of [
		['import:credentials', `--input=${join(files, 'credential.json')}`],
		['import:workflow', `--input=${join(files, 'workflow.json')}`],
		['publish:workflow', `--id=${WORKFLOW_ID}`],
		['publish:workflow', `--id=${SUPERVISOR_WORKFLOW_ID}`],
		['publish:workflow', `--id=${FIGURES_WORKFLOW_ID}`],
		['publish:workflow', `--id=${TRIGGER_WORKFLOW_ID}`],
	]) {
		const r = await runN8n(args, { userFolder: folders.main, env });
		if (r.code !== 0)
			throw new Error(`n8n ${args[0]} failed (${r.code}):\n${(r.stdout + r.stderr).slice(-2000)}`);
	}

	step('start the main instance and two workers');
	const [mainInstance, w1, w2] = await Promise.all([
		startN8n({ userFolder: folders.main, env }),
		startWorker('worker-1', folders.w1, env, join(logs, 'worker-1.log')),
		startWorker('worker-2', folders.w2, env, join(logs, 'worker-2.log')),
	]);
	const workers = { 'worker-1': w1, 'worker-2': w2 };
	const url = `${mainInstance.url}/webhook/${WEBHOOK_PATH}`;
	// The trigger's baseline poll runs as the main activates it; its changes run beside the phases.
	const triggerChanged = triggerChanges(sim);
	triggerChanged.catch(() => {});
	// Ready is not yet active: 2.41's publication service registers the published workflow's
	// webhook (a row in webhook_entity) a few seconds later, and logs that at debug level only.
	const registered = async () =>
		(
			await pg.psql(
				`SELECT count(*) FROM webhook_entity WHERE "webhookPath" IN ('${WEBHOOK_PATH}', '${FIGURES_PATH}') AND method = 'POST'`,
			)
		).trim() === '2';
	for (let i = 0; !(await registered()); i++) {
		if (i > 120)
			throw new Error(
				`the main did not register the webhook within 60 s:\n${mainInstance.output().slice(-3000)}`,
			);
		await sleep(500);
	}
	step('the webhook is registered');
	step(
		`main ${mainInstance.url} (${mainInstance.startSeconds} s), workers ready (${w1.startSeconds} s, ${w2.startSeconds} s)`,
	);
	const stopAll = async () => {
		await Promise.all([mainInstance.stop(), ...Object.values(workers).map((w) => w.stop())]);
		await sim.stop();
		await Promise.all([redis.stop(), pg.stop()]);
	};

	try {
		// ---- 0. Scheduled supervisor executions, one integration agent, two workers ---------------
		step(
			`scheduled supervisor runs every ${SUPERVISOR_EVERY_S} s on both workers with one integration agent (${SUPERVISOR_RUNS} runs)`,
		);
		summary.scheduledSupervisor = await supervisorPhase(sim, pg, workers);
		step('one integration agent, two workers: queue figures two at a time');
		summary.sharedIntegrationAgent = await sharedAgentPhase(
			sim,
			pg,
			workers,
			`${mainInstance.url}/webhook/${FIGURES_PATH}`,
		);
		step(`shared integration agent: ${JSON.stringify(summary.sharedIntegrationAgent)}`);
		await sim.control('DELETE', '/__sim/requests');

		// ---- 1. The batch -------------------------------------------------------------------------
		step(`${BATCH} webhook requests of ${PER_REQUEST} transfers, ${CONCURRENCY} at a time`);
		const t1 = performance.now();
		const batch = await sendBatch(url, agents, 'r', BATCH);
		const batchSeconds = (performance.now() - t1) / 1000;
		const bad = batch.filter((res) => !goodAnswer(res));
		check(
			bad.length === 0,
			`every webhook request answered with ${PER_REQUEST} successful transfers`,
			bad.slice(0, 3).map((b) => ({
				r: b.r,
				status: b.status,
				error: b.error,
				body: JSON.stringify(b.body).slice(0, 400),
			})),
		);

		const gw1 = await gatewayTransfers(sim);
		const tags1 = batch.flatMap((res) => res.tags);
		const onceOk = tags1.filter(
			(tag) => gw1.byTag.get(tag)?.length === 1 && gw1.byTag.get(tag)[0] === '0',
		);
		const notOnce = tags1.filter((tag) => gw1.byTag.get(tag)?.length !== 1);
		check(
			tags1.length === BATCH * PER_REQUEST && onceOk.length === tags1.length,
			`each of the ${BATCH * PER_REQUEST} transfers reached the gateway exactly once and was accepted (retcode 0)`,
			{
				onceOk: onceOk.length,
				notOnce: notOnce.slice(0, 5).map((tag) => [tag, gw1.byTag.get(tag) ?? []]),
			},
		);
		check(
			gw1.byTag.size === tags1.length && gw1.untagged === 0,
			'the gateway received no transfer beyond them',
			{ tags: gw1.byTag.size, untagged: gw1.untagged },
		);
		check(
			![...gw1.byTag.values()].flat().includes('000-007'),
			'no request overlapped another for the same agent (000-007)',
		);

		const rows1 = await executions(pg, { withData: true });
		const lastBatchId = rows1.reduce((m, row) => Math.max(m, row.id), 0);
		check(
			rows1.length === BATCH,
			`PostgreSQL holds ${BATCH} executions of the workflow`,
			rows1.length,
		);
		check(
			rows1.every(
				(row) => row.status === 'success' && row.finished === true && row.mode === 'webhook',
			),
			'every execution finished with status success (mode webhook)',
			countBy(rows1.map((row) => `${row.status}/${row.finished}/${row.mode}`)),
		);
		const storedTags = [];
		let goodOutputs = 0;
		for (const row of rows1) {
			const run = runSummary(row.data);
			storedTags.push(...run.tags);
			if (
				run.tags.length === PER_REQUEST &&
				run.cec?.length === PER_REQUEST &&
				run.cec.every(
					(o) =>
						o.success === true && String(o.retcode) === '0' && o.deviceType === TARGET.deviceType,
				)
			)
				goodOutputs++;
		}
		check(
			goodOutputs === BATCH,
			`every stored execution has ${PER_REQUEST} tags in and ${PER_REQUEST} successful transfers out`,
			goodOutputs,
		);
		check(
			new Set(storedTags).size === tags1.length && storedTags.length === tags1.length,
			'the stored executions hold each tag exactly once',
			{ stored: storedTags.length, distinct: new Set(storedTags).size },
		);

		// Only this workflow's executions (the scheduled supervisor runs beside it).
		const batchIds = new Set(rows1.map((row) => row.id));
		const ran = Object.fromEntries(
			Object.entries(workers).map(([name, w]) => [
				name,
				workerLog(w).started.filter((id) => batchIds.has(id)),
			]),
		);
		const byWorker = Object.fromEntries(
			Object.entries(ran).map(([name, ids]) => [name, ids.length]),
		);
		check(
			Object.values(byWorker).every((n) => n > 0),
			'both workers executed some executions',
			byWorker,
		);
		const allRan = Object.values(ran).flat();
		check(
			allRan.length === BATCH && new Set(allRan).size === BATCH,
			'each execution ran on exactly one worker',
			{ logged: allRan.length, distinct: new Set(allRan).size },
		);

		const durations = rows1
			.map((row) => new Date(row.stoppedAt) - new Date(row.startedAt))
			.filter((ms) => Number.isFinite(ms));
		summary.batch = {
			requests: BATCH,
			transfers: BATCH * PER_REQUEST,
			concurrency: CONCURRENCY,
			workerConcurrency: WORKER_CONCURRENCY,
			seconds: Math.round(batchSeconds * 10) / 10,
			executionsPerSecond: Math.round((BATCH / batchSeconds) * 10) / 10,
			transfersPerSecond: Math.round(((BATCH * PER_REQUEST) / batchSeconds) * 10) / 10,
			latencyMs: latencyStats(batch.map((res) => res.ms)),
			executionMs: latencyStats(durations),
			executionsByWorker: byWorker,
			gateway: {
				transfersOnce: onceOk.length,
				duplicates: notOnce.filter((tag) => (gw1.byTag.get(tag)?.length ?? 0) > 1).length,
				missing: notOnce.filter((tag) => !gw1.byTag.has(tag)).length,
			},
		};
		step(`batch: ${JSON.stringify(summary.batch)}`);

		// ---- 2. A worker dies -----------------------------------------------------------------------
		step(`${DEATH_BATCH} more requests; worker-1 is SIGKILLed while it runs executions`);
		const victim = w1;
		let kill;
		let sent = 0;
		const watcher = (async () => {
			while (!kill) {
				const { started, finished } = workerLog(victim);
				const running = started.filter((id) => id > lastBatchId && !finished.has(id));
				if ((sent >= 10 && running.length >= 2) || (sent >= 40 && running.length >= 1)) {
					process.kill(-victim.pid, 'SIGKILL');
					kill = { at: Date.now(), runningPerLog: running, afterRequests: sent };
					return;
				}
				await sleep(10);
			}
		})();
		const t2 = Date.now();
		const deathBatch = await sendBatch(url, agents, 'd', DEATH_BATCH, {
			onSent: () => sent++,
			guardedOn: sim,
		});
		if (!kill) kill = { at: null }; // ends the watcher if it never fired
		await watcher;
		check(kill.at !== null, 'worker-1 was killed while it had executions running', { sent });
		await victim.closed;

		// Every execution of the second batch must reach a final state; give n8n a moment after the last answer.
		let rows2 = [];
		for (let i = 0; i < 60; i++) {
			rows2 = await executions(pg, { afterId: lastBatchId });
			if (
				rows2.length >= DEATH_BATCH &&
				rows2.every((row) => !['new', 'running', 'waiting'].includes(row.status))
			)
				break;
			await sleep(1_000);
		}
		const gw2 = await gatewayTransfers(sim);
		const victimLog = workerLog(victim);
		const survivorLog = workerLog(w2);
		const deathIds = new Set(rows2.map((row) => row.id));
		const victimIds = new Set(victimLog.started.filter((id) => deathIds.has(id)));
		const survivorIds = survivorLog.started.filter((id) => deathIds.has(id));
		const rerunOnSurvivor = survivorIds.filter((id) => victimIds.has(id));
		const diedWith = [...victimIds].filter((id) => !victimLog.finished.has(id));
		const statusOf = new Map(rows2.map((row) => [row.id, row.status]));

		const answers = deathBatch.map((res) => {
			const counts = res.tags.map((tag) => gw2.byTag.get(tag)?.length ?? 0);
			return {
				ok: goodAnswer(res),
				status: res.status,
				error: res.error,
				counts,
				retcodes: res.tags.flatMap((tag) => gw2.byTag.get(tag) ?? []),
				endedAt: res.endedAt,
			};
		});
		const failedAnswers = answers.filter((a) => !a.ok);
		const failedBodies = countBy(
			deathBatch
				.filter((res) => !goodAnswer(res))
				.map((res) => JSON.stringify(res.body ?? res.error).slice(0, 200)),
		);
		const errorRows = (await executions(pg, { afterId: lastBatchId, withData: true })).filter(
			(row) => row.status !== 'success',
		);
		const errorMessages = countBy(
			errorRows.map((row) =>
				String(unflatten(row.data)?.resultData?.error?.message ?? 'none').replace(/\d+/g, 'N'),
			),
		);
		const deathTags = deathBatch.flatMap((res) => res.tags);
		const perTag = deathTags.map((tag) => gw2.byTag.get(tag)?.length ?? 0);
		const twice = deathTags.filter((tag) => (gw2.byTag.get(tag)?.length ?? 0) > 1);
		check(
			rows2.length === DEATH_BATCH &&
				rows2.every((row) => !['new', 'running', 'waiting'].includes(row.status)),
			`all ${DEATH_BATCH} executions of the second batch reached a final status`,
			countBy(rows2.map((row) => row.status)),
		);
		check(
			answers.every((a) => a.status !== 0),
			'every webhook request of the second batch got an HTTP answer',
			answers
				.filter((a) => a.status === 0)
				.map((a) => a.error)
				.slice(0, 3),
		);
		check(
			answers.filter((a) => a.ok).every((a) => a.counts.every((n) => n === 1)),
			'requests answered with success had each transfer reach the gateway exactly once',
		);
		check(
			survivorIds.length > 0,
			'worker-2 kept executing after worker-1 died',
			survivorIds.length,
		);
		summary.workerDeath = {
			requests: DEATH_BATCH,
			killed: 'worker-1 (SIGKILL to its process group)',
			killedAfterRequestsAnswered: kill.afterRequests,
			runningOnKilledWorkerPerItsLog: kill.runningPerLog?.length ?? 0,
			startedOnKilledWorkerNeverFinished: diedWith.length,
			statusOfThose: countBy(diedWith.map((id) => statusOf.get(id) ?? 'missing')),
			notSuccessful: errorRows.length,
			notSuccessfulInKilledWorkersLog: errorRows.filter((row) => victimIds.has(row.id)).length,
			storedErrors: errorMessages,
			reRunOnOtherWorker: rerunOnSurvivor.length,
			stallSettings:
				'defaults: QUEUE_WORKER_LOCK_DURATION 60000, QUEUE_WORKER_LOCK_RENEW_TIME 10000, QUEUE_WORKER_STALLED_INTERVAL 30000; n8n forces maxStalledCount 0',
			executions: countBy(rows2.map((row) => row.status)),
			answers: {
				success: answers.length - failedAnswers.length,
				failed: failedAnswers.length,
				failedBodies,
			},
			failedAnswerSecondsAfterKill: kill.at
				? latencyStats(failedAnswers.map((a) => (a.endedAt - kill.at) / 1000))
				: null,
			gateway: {
				transfersOnce: perTag.filter((n) => n === 1).length,
				transfersNever: perTag.filter((n) => n === 0).length,
				transfersTwiceOrMore: twice.length,
				retcodesOfRepeats: countBy(twice.flatMap((tag) => gw2.byTag.get(tag).slice(1))),
				transfersOfFailedAnswersThatReachedIt: failedAnswers.reduce(
					(n, a) => n + a.counts.filter((c) => c > 0).length,
					0,
				),
				failedAnswersByTransfersThatReachedIt: countBy(
					failedAnswers.map((a) => `${a.counts.filter((c) => c > 0).length} of ${PER_REQUEST}`),
				),
			},
			seconds: Math.round((Date.now() - t2) / 100) / 10,
		};
		step(`worker death: ${JSON.stringify(summary.workerDeath)}`);

		// ---- 3. The caller re-sends what failed -------------------------------------------------------
		// n8n did not re-run the dead worker's executions; a caller that re-sends on the error answer
		// re-runs them itself, unchanged (the same call IDs). One at a time: two failed requests may
		// share agents. With the guard, a transfer that had reached the gateway finds its call gone and
		// is refused with nothing sent; one that had not, and whose call is still the agent's, goes through.
		const failedRequests = deathBatch.filter((res) => !goodAnswer(res));
		step(
			`the caller sends the ${failedRequests.length} failed requests again, unchanged, with the call guard on`,
		);
		const retries = [];
		for (const res of failedRequests)
			retries.push({
				transfers: res.transfers,
				before: res.tags.map((tag) => gw2.byTag.get(tag)?.length ?? 0),
				...(await postTransfers(url, res.transfers)),
			});
		const gw3 = await gatewayTransfers(sim);
		const retriedTags = failedRequests.flatMap((res) => res.tags);
		const repeated = retriedTags.filter((tag) => (gw3.byTag.get(tag)?.length ?? 0) > 1);
		const fates = retries.flatMap((r) =>
			(Array.isArray(r.body) ? r.body : []).map((item, i) => ({
				item,
				before: r.before[i],
				after: gw3.byTag.get(r.transfers[i].tag)?.length ?? 0,
			})),
		);
		const refusedByGuard = fates.filter((f) => f.item.details?.errorKind === 'callGuard');
		const sentNow = fates.filter((f) => f.item.success === true);
		check(
			retries.every(
				(r) => r.status === 200 && Array.isArray(r.body) && r.body.length === PER_REQUEST,
			),
			"every re-sent request was answered with each transfer's outcome",
			retries.map((r) => r.status),
		);
		check(
			repeated.length === 0,
			'no transfer reached the gateway twice: the call guard refused every re-sent transfer whose call had moved',
			repeated,
		);
		check(
			refusedByGuard.every((f) => f.after === f.before && f.item.details.fate === 'notSent'),
			'a transfer refused by the guard sent nothing',
		);
		check(
			sentNow.every((f) => f.before === 0 && f.after === 1),
			'a re-sent transfer that went through had never reached the gateway before',
		);
		check(
			refusedByGuard.length + sentNow.length === fates.length,
			'every re-sent transfer either went through for the first time or was refused by the guard',
			countBy(
				fates.map((f) => f.item.details?.errorKind ?? (f.item.success ? 'success' : 'other')),
			),
		);
		summary.callerRetry = {
			requests: failedRequests.length,
			transfers: fates.length,
			refusedByCallGuard: refusedByGuard.length,
			sentForTheFirstTime: sentNow.length,
			reSentTransfers: repeated.length,
		};
		step(`caller re-send: ${JSON.stringify(summary.callerRetry)}`);

		// ---- 4. A worker without the package ------------------------------------------------------
		// The proof that each worker loads the package from its own user folder: with worker-2 stopped,
		// a worker whose folder lacks it takes the next execution and cannot run the node.
		step('Huawei CEC Trigger: polled by the main, its execution on a worker');
		summary.trigger = await triggerPhase(pg, workers, triggerChanged);
		step(`trigger: ${JSON.stringify(summary.trigger)}`);

		step('worker-2 stopped; a worker-3 whose user folder lacks the package takes one request');
		await w2.stop();
		const bare = join(root, 'worker-3');
		mkdirSync(bare);
		workers['worker-3'] = await startWorker('worker-3', bare, env, join(logs, 'worker-3.log'));
		const beforeBare = (await executions(pg, { afterId: lastBatchId })).reduce(
			(m, row) => Math.max(m, row.id),
			lastBatchId,
		);
		const bareTransfers = agents
			.slice(0, PER_REQUEST)
			.map((a, t) => ({ agentId: a.agentId, guid: a.guid, tag: `n0-t${t}`, ...TARGET }));
		const bareAnswer = await postTransfers(url, bareTransfers, 120_000);
		const gw4 = await gatewayTransfers(sim);
		const bareRows = await executions(pg, { afterId: beforeBare, withData: true });
		const bareError =
			bareRows.length === 1
				? String(unflatten(bareRows[0].data)?.resultData?.error?.message ?? '')
				: `${bareRows.length} executions`;
		check(
			bareAnswer.status === 500,
			'the webhook answered 500 when the worker lacked the package',
			bareAnswer.status,
		);
		check(
			bareTransfers.every((t) => !gw4.byTag.has(t.tag)),
			'nothing reached the gateway from that execution',
		);
		check(
			bareError.includes(`Unrecognized node type: ${PACKAGE}.huaweiCec`),
			'n8n stored "Unrecognized node type" for it',
			bareError,
		);
		summary.workerWithoutPackage = {
			httpStatus: bareAnswer.status,
			body: bareAnswer.body,
			storedError: bareError,
		};
		step(`worker without the package: ${JSON.stringify(summary.workerWithoutPackage)}`);
	} catch (error) {
		for (const [name, w] of Object.entries({ main: mainInstance, ...workers }))
			console.error(
				`---- ${name} (last lines) ----\n${w.output().split('\n').slice(-25).join('\n')}`,
			);
		throw error;
	} finally {
		step('stop n8n, the simulator, Redis and PostgreSQL');
		await stopAll();
	}
	summary.packageOnWorkers =
		'each instance loads community packages from its own <N8N_USER_FOLDER>/.n8n/nodes at start: the packed package is installed into the main and into each worker';
	summary.runtimeSeconds = Math.round((Date.now() - T0) / 1000);
	return summary;
}

let summary;
try {
	summary = await main();
} catch (error) {
	console.error(`[queue] FAILED: ${error.stack ?? error.message}`);
	checks.push({ name: 'the run completed', ok: false });
} finally {
	await cleanup();
}
if (summary) console.log(JSON.stringify(summary, null, 2));
const failed = checks.filter((c) => !c.ok).length;
console.log(`queue: ${checks.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
