// `npm run test:e2e:trigger`: the Huawei CEC Trigger in a real n8n 2.x (Node 24), our package
// installed as the Community Nodes panel installs it. Two published workflows poll the simulator
// as n8n's integration agent, every minute (n8n's shortest poll interval: it refuses anything
// faster, so this runs about 3 real minutes): the queue alert sample (demo/queue-alert.workflow.json)
// and an Agent State Changed trigger on two agents. Between polls the script changes the
// simulator's queues and agents; at the end the executions n8n stored must hold exactly the
// crossings and changes made, each once, none for the baseline poll, and no request of n8n may
// have taken a person's events.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { installLikeN8n, PACKAGE, sh, startSimulator } from './package.mjs';
import {
	N8N_DIR,
	cleanup,
	ensureN8n,
	importCredentials,
	importWorkflows,
	newUserFolder,
	onCleanup,
	ownerCookie,
	runN8n,
	startN8n,
} from './runtime.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const step = (text) => console.error(`[e2e:trigger] ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const since = (t) => Math.round((Date.now() - t) / 100) / 10;

const INTEGRATION = '900';
const PEOPLE = ['1001', '1002'];
const CREDENTIAL = { id: 'cecE2eIntegrat01', name: 'Integration agent (e2e)' };
const QUEUE_WORKFLOW = 'cecE2eQueueAlrt1';
const AGENT_WORKFLOW = 'cecE2eAgentStat1';
/** A poll is due every minute; allow for n8n's random second and a slow machine. */
const POLL_WAIT_MS = 100_000;

/** The sample workflow, wired to this run's credential. */
function queueWorkflow() {
	const demo = JSON.parse(readFileSync(join(ROOT, 'demo', 'queue-alert.workflow.json'), 'utf8'));
	for (const node of demo.nodes)
		if (node.credentials?.huaweiCecIntegrationAgentApi)
			node.credentials.huaweiCecIntegrationAgentApi = CREDENTIAL;
	return { ...demo, id: QUEUE_WORKFLOW, active: false };
}

function agentWorkflow() {
	return {
		id: AGENT_WORKFLOW,
		name: 'Huawei CEC: agent state log (e2e)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'b1',
				name: 'Agent State Changed',
				type: `${PACKAGE}.huaweiCecTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					event: 'agentStateChanged',
					watch: 'workNumbers',
					workNumbers: PEOPLE.join(', '),
				},
				credentials: { huaweiCecIntegrationAgentApi: CREDENTIAL },
			},
		],
		connections: {},
	};
}

/** A person's desktop: polls its own agent's events, as the agent desktop does (n8n never does). */
function desktop(sim, agentId, guid) {
	let running = true;
	const once = () =>
		new Promise((resolve) => {
			const req = httpsRequest(
				new URL(`/agentgateway/resource/agentevent/${agentId}`, sim.url),
				{
					method: 'GET',
					ca: sim.ca,
					agent: false,
					headers: { guid, 'x-e2e-desktop': agentId, 'content-type': 'application/json' },
				},
				(res) => res.resume().on('end', resolve).on('error', resolve),
			);
			req.on('error', resolve);
			req.end();
		});
	void (async () => {
		while (running) {
			await once();
			await sleep(200);
		}
	})();
	onCleanup(() => (running = false));
}

/** n8n's REST API with the owner's cookie; n8n wraps answers in {data}. */
async function rest(base, cookie, path) {
	const res = await fetch(`${base}/rest${path}`, { headers: { cookie: `n8n-auth=${cookie}` } });
	if (!res.ok) throw new Error(`GET /rest${path}: HTTP ${res.status} ${await res.text()}`);
	const body = await res.json();
	return body.data ?? body;
}

/** The trigger items of each stored execution of a workflow, oldest first. */
async function triggerItems(base, cookie, workflowId, triggerName) {
	const { parse } = createRequire(join(N8N_DIR, 'package.json'))('flatted');
	const list = await rest(
		base,
		cookie,
		`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}&limit=50`,
	);
	const rows = [...(list.results ?? list)].sort((a, b) => Number(a.id) - Number(b.id));
	const out = [];
	for (const row of rows) {
		const full = await rest(base, cookie, `/executions/${row.id}`);
		const data = typeof full.data === 'string' ? parse(full.data) : full.data;
		const runData = data.resultData.runData;
		out.push({
			id: row.id,
			status: full.status ?? row.status,
			items: (runData[triggerName]?.[0]?.data?.main?.[0] ?? []).map((i) => i.json),
			messages: (runData.Message?.[0]?.data?.main?.[0] ?? []).map((i) => i.json.message),
		});
	}
	return out;
}

/**
 * Waits for the next poll of one workflow: `count(log)` says how many polls the simulator saw.
 * Returns the new count.
 */
async function nextPoll(sim, count, seen, what) {
	const t0 = Date.now();
	while (Date.now() - t0 < POLL_WAIT_MS) {
		const log = await sim.control('GET', '/__sim/requests');
		const now = count(log);
		if (now > seen) return now;
		await sleep(500);
	}
	throw new Error(`${what}: no poll within ${POLL_WAIT_MS / 1000} s (seen ${seen})`);
}

async function main() {
	const t0 = Date.now();
	const failures = [];
	const check = (ok, what) => {
		if (!ok) failures.push(what);
		return ok;
	};

	step('Node 24 and n8n (cached after the first run)');
	await ensureN8n();
	step(
		'build our package and the simulator, install the package as the Community Nodes panel does',
	);
	sh('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	sh('npm', ['run', 'build:tools', '--silent'], { cwd: ROOT });
	const userFolder = newUserFolder('cec-e2e-trigger-');
	installLikeN8n(ROOT, userFolder);

	step("start the simulator: n8n's integration agent, two people signed in, three queues");
	const sim = await startSimulator(ROOT);
	await sim.control('POST', '/__sim/agents', { agentId: INTEGRATION, password: '' });
	await sim.control('POST', `/__sim/agents/${INTEGRATION}/profile`, {
		inspector: true,
		skills: [],
	});
	for (const id of PEOPLE) {
		await sim.control('POST', '/__sim/agents', { agentId: id, password: `Pw#${id}` });
		await sim.control('POST', `/__sim/agents/${id}/profile`, { skills: [1], name: `Agent ${id}` });
		const { guid } = await sim.control('POST', `/__sim/agents/${id}/signin`, {
			password: `Pw#${id}`,
		});
		desktop(sim, id, guid);
	}
	await sim.control('POST', '/__sim/queues/1', { waiting: 0, longestWaitSeconds: 0 });
	await sim.control('POST', '/__sim/queues/2', { waiting: 30, longestWaitSeconds: 0 }); // over it from the start
	await sim.control('POST', '/__sim/queues/3', { waiting: 0, longestWaitSeconds: 0 });

	step('import the credential and both workflows, publish them');
	await importCredentials(
		[
			{
				...CREDENTIAL,
				type: 'huaweiCecIntegrationAgentApi',
				data: {
					baseUrl: sim.url,
					caPem: sim.ca,
					ignoreSslIssues: false,
					agentId: INTEGRATION,
					password: '',
					phoneNumber: '9900',
					authMode: 'static',
				},
			},
		],
		{ userFolder },
	);
	await importWorkflows([queueWorkflow(), agentWorkflow()], { userFolder });
	for (const id of [QUEUE_WORKFLOW, AGENT_WORKFLOW]) {
		const published = await runN8n(['publish:workflow', `--id=${id}`], { userFolder });
		if (published.code !== 0)
			throw new Error(
				`n8n publish:workflow ${id} failed:\n${(published.stdout + published.stderr).slice(-2000)}`,
			);
	}
	await sim.control('DELETE', '/__sim/requests');

	step('start n8n: it activates both workflows, and each runs its baseline poll');
	const n8n = await startN8n({ userFolder, env: { N8N_SECURE_COOKIE: 'false' } });
	onCleanup(() => n8n.stop());
	const tStart = Date.now();
	const cookie = await ownerCookie(n8n.url);

	const changes = [];
	const change = async (workflow, poll, text, method, path, body) => {
		await sim.control(method, path, body);
		changes.push({ workflow, beforePoll: poll, change: text });
	};
	const queuePolls = (log) => log.filter((r) => r.path.endsWith('/queryacdstat')).length;
	const agentPolls = (log) =>
		log.filter((r) => r.path.endsWith(`/agentbyworkno/${PEOPLE[0]}`)).length;

	/** One workflow's script: after poll k (0 = the baseline) apply stage k, then wait for poll k+1. */
	const script = async (name, count, stages) => {
		let seen = await nextPoll(sim, count, 0, `${name} baseline`);
		step(`${name}: baseline poll seen (${since(tStart)} s after start)`);
		for (let k = 0; k < stages.length; k++) {
			await stages[k]();
			seen = await nextPoll(sim, count, seen, `${name} poll ${k + 1}`);
			step(`${name}: poll ${k + 1} seen (${since(tStart)} s after start)`);
		}
	};
	await Promise.all([
		script('queues', queuePolls, [
			() =>
				change('queues', 1, 'queue 1: 12 waiting (≥ 10)', 'POST', '/__sim/queues/1', {
					waiting: 12,
				}),
			async () => {
				await change('queues', 2, 'queue 1: 15 waiting (still ≥ 10)', 'POST', '/__sim/queues/1', {
					waiting: 15,
				});
				await change('queues', 2, 'queue 2: 0 waiting (was 30)', 'POST', '/__sim/queues/2', {
					waiting: 0,
				});
				await change(
					'queues',
					2,
					'queue 3: longest wait 130 s (≥ 120)',
					'POST',
					'/__sim/queues/3',
					{
						longestWaitSeconds: 130,
					},
				);
			},
		]),
		script('agents', agentPolls, [
			async () => {
				await change('agents', 1, '1001: idle → busy', 'POST', '/__sim/agents/1001/state', {
					state: 'busy',
				});
				await change('agents', 1, '1002: idle → rest', 'POST', '/__sim/agents/1002/state', {
					state: 'rest',
				});
				await change(
					'agents',
					1,
					'1002: rest → idle (same interval)',
					'POST',
					'/__sim/agents/1002/state',
					{
						state: 'idle',
					},
				);
			},
			async () => {
				await change('agents', 2, '1001: busy → rest', 'POST', '/__sim/agents/1001/state', {
					state: 'rest',
				});
				await change('agents', 2, '1002: idle → busy', 'POST', '/__sim/agents/1002/state', {
					state: 'busy',
				});
			},
		]),
	]);

	step('read the executions n8n stored');
	let queueRuns = [];
	let agentRuns = [];
	for (let i = 0; i < 40; i++) {
		queueRuns = await triggerItems(n8n.url, cookie, QUEUE_WORKFLOW, 'Queue Threshold Crossed');
		agentRuns = await triggerItems(n8n.url, cookie, AGENT_WORKFLOW, 'Agent State Changed');
		const settled = [...queueRuns, ...agentRuns].every(
			(r) => r.status !== 'running' && r.status !== 'new',
		);
		if (queueRuns.length >= 2 && agentRuns.length >= 2 && settled) break;
		await sleep(500);
	}
	const got = {
		queues: queueRuns.map((r) => r.items.map((i) => `${i.skillId}:${i.event}`)),
		agents: agentRuns.map((r) => r.items.map((i) => `${i.workNo}:${i.from}>${i.to}`)),
	};
	const expected = {
		queues: [['1:crossed'], ['2:recovered', '3:crossed']],
		agents: [['1001:idle>busy'], ['1001:busy>rest', '1002:idle>busy']],
	};
	check(
		JSON.stringify(got) === JSON.stringify(expected),
		`executions' trigger items ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
	);
	check(
		[...queueRuns, ...agentRuns].every((r) => r.status === 'success'),
		`every execution succeeded: ${JSON.stringify([...queueRuns, ...agentRuns].map((r) => r.status))}`,
	);
	check(
		queueRuns.flatMap((r) => r.messages).length === 3 &&
			queueRuns
				.flatMap((r) => r.messages)
				.every((m) => typeof m === 'string' && m.startsWith('Queue ')),
		`the sample's Message node made one message per item: ${JSON.stringify(queueRuns.map((r) => r.messages))}`,
	);

	const log = await sim.control('GET', '/__sim/requests');
	const fromN8n = log.filter((r) => !r.headers['x-e2e-desktop']);
	const peoplesEvents = fromN8n.filter((r) =>
		PEOPLE.some((id) => r.path.endsWith(`/agentevent/${id}`)),
	);
	check(peoplesEvents.length === 0, `n8n polled a person's events ${peoplesEvents.length} time(s)`);
	const signIns = fromN8n.filter(
		(r) => r.method === 'PUT' && r.path.includes(`/onlineagent/${INTEGRATION}`),
	);
	check(
		signIns.length === 1,
		`n8n signed its integration agent in ${signIns.length} time(s), expected 1`,
	);
	const failed = fromN8n.filter((r) => r.retcode !== undefined && r.retcode !== '0');
	check(
		failed.length === 0,
		`gateway requests that failed: ${JSON.stringify(failed.map((r) => [r.path, r.retcode]))}`,
	);

	console.log(
		JSON.stringify(
			{
				pollInterval: 'every minute (n8n refuses shorter); real time',
				polls: { queues: queuePolls(log), agents: agentPolls(log) },
				changesAtTheSimulator: changes,
				itemsReceived: {
					queues: queueRuns.map((r) => ({
						execution: r.id,
						items: r.items.map((i) => `${i.skillId}:${i.event}`),
						messages: r.messages,
					})),
					agents: agentRuns.map((r) => ({
						execution: r.id,
						items: r.items.map((i) => `${i.workNo}:${i.from}>${i.to}`),
					})),
				},
				integrationSignIns: signIns.length,
				seconds: since(t0),
			},
			null,
			2,
		),
	);
	if (failures.length > 0) {
		console.error(n8n.output().slice(-4000));
		throw new Error(`trigger e2e failed:\n- ${failures.join('\n- ')}`);
	}
	step(`passed in ${since(t0)} s`);
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(cleanup);
