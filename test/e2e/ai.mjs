// `npm run test:e2e:ai`: n8n's AI Agent hands a caller to a human with our node as its tools, in a
// real n8n 2.41 (Node 24). The chat model is a fake OpenAI-compatible server (fakeModel.mjs) that
// plays a script; the gateway is the simulator. The model only fills the $fromAI fields: the agent
// ID comes from the workflow's data, the Guid and the connection from the credential.
//
//   Script 1: Get Call Info, the waiting counts of two skill queues, a transfer to the shorter one,
//             a final answer. Checked at the simulator and in what the model received.
//   Script 2: a transfer to skill queue "abc": the model gets the node's refusal as the tool
//             result (field and allowed values), the gateway gets no transfer.
//   Script 3: the gateway carries the transfer out but answers after the tool's 1 s timeout; the
//             model retries the transfer: the call guard (the call ID the model read) refuses it,
//             so the gateway gets one transfer.
//
// Prints one JSON summary: the tools n8n offered the model (names, JSON schemas), the tool results
// it got (abridged) and timings. E2E_KEEP=1 keeps the n8n user folder.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startFakeModel, toolNames, toolResultsOf } from './fakeModel.mjs';
import { installLikeN8n, PACKAGE, sh, startSimulator } from './package.mjs';
import {
	N8N_VERSION,
	cleanup,
	ensureN8n,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	newUserFolder,
	nodeItems,
	onCleanup,
	runN8n,
	startN8n,
} from './runtime.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const T0 = Date.now();
const since = (t) => Math.round((Date.now() - t) / 100) / 10;
const step = (text) => console.error(`[e2e:ai] ${since(T0)}s ${text}`);

const AGENT_ID = '31040';
const QUEUES = { 11: 5, 12: 2 }; // skill ID → calls waiting; the script must pick 12
const CEC_CREDENTIAL = { id: 'cecAiCredential1', name: 'CC-Gateway (e2e ai)' };
const OPENAI_CREDENTIAL = { id: 'cecAiOpenAiCred1', name: 'Fake model (e2e ai)' };
const WORKFLOW_ID = 'cecAiHandoffWf01';
const DEMO_ID = 'cecAiDemoWorkfl1';

const problems = [];
const check = (ok, what) => {
	if (!ok) problems.push(what);
	return Boolean(ok);
};

function workflow() {
	const agentId = "={{ $('Call').item.json.agentId }}";
	const tool = (id, name, position, parameters) => ({
		id,
		name,
		type: `${PACKAGE}.huaweiCecTool`,
		typeVersion: 1,
		position,
		parameters: { agentId, ...parameters },
		credentials: { huaweiCecApi: CEC_CREDENTIAL },
	});
	const tools = [
		tool('t1', 'Call Info', [380, 240], { resource: 'voiceCall', operation: 'getCallInfo' }),
		tool('t2', 'Transfer Caller', [520, 240], {
			resource: 'voiceCall',
			operation: 'transfer',
			deviceType: 1,
			address:
				"={{ $fromAI('skillQueueId', 'ID of the skill queue that takes the caller: digits only, e.g. 12', 'string') }}",
			mode: 'targetDefault',
			// The guard, from the call ID the model read: a retried transfer finds the call gone.
			options: {
				onlyIfCallId: "={{ $fromAI('callId', 'The callId Call Info returned', 'string') }}",
				timeout: 1000,
			},
		}),
		tool('t3', 'Queue Waiting Count', [660, 240], {
			resource: 'queue',
			operation: 'getWaitingCount',
			skillId:
				"={{ $fromAI('skillId', 'ID of the skill queue to read: digits only, e.g. 11', 'string') }}",
		}),
	];
	return {
		id: WORKFLOW_ID,
		name: 'Huawei CEC e2e: AI agent hands a caller to a human',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'n1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'n2',
				name: 'Call',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [160, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: JSON.stringify({ agentId: Number(AGENT_ID) }),
					options: {},
				},
			},
			{
				id: 'n3',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [360, 0],
				parameters: {
					promptType: 'define',
					text: 'The caller asks for a person. Hand the call over to skill queue 11 or 12, whichever has fewer calls waiting.',
					options: {
						systemMessage:
							'You route callers of a contact center. Read the waiting counts of the candidate skill queues, choose the queue with the fewest waiting calls, transfer the caller there, then say which queue you chose.',
						maxIterations: 8,
					},
				},
			},
			{
				id: 'n4',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.3,
				position: [240, 240],
				parameters: {
					model: { __rl: true, mode: 'id', value: 'fake-model' },
					responsesApiEnabled: false,
					options: { maxRetries: 0 },
				},
				credentials: { openAiApi: OPENAI_CREDENTIAL },
			},
			...tools,
		],
		connections: {
			Start: { main: [[{ node: 'Call', type: 'main', index: 0 }]] },
			Call: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			...Object.fromEntries(
				tools.map((t) => [
					t.name,
					{ ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
				]),
			),
		},
	};
}

/** The callId in the Call Info tool's result the model received. */
function callIdFrom(chat) {
	const info = toolResultsOf(chat).find((r) => /call_info/i.test(r.name));
	const callId = info ? JSON.parse(info.content)[0]?.callId : undefined;
	if (!callId) throw new Error(`no callId in the Call Info result: ${info?.content}`);
	return callId;
}

/** Script 1: call info, both waiting counts, a transfer to the shorter queue (read from the tool results), an answer. */
function handoffScript(chosen) {
	return [
		{ tools: [{ name: 'call_info', args: {} }] },
		{ tools: Object.keys(QUEUES).map((skillId) => ({ name: 'waiting_count', args: { skillId } })) },
		(chat) => {
			const counts = toolResultsOf(chat)
				.filter((r) => /waiting_count/i.test(r.name))
				.flatMap((r) => JSON.parse(r.content))
				.map((o) => [String(o.skillId), Number(o.waitingCount)]);
			if (
				counts.length !== Object.keys(QUEUES).length ||
				counts.some(([, n]) => !Number.isInteger(n))
			)
				throw new Error(`waiting counts unreadable: ${JSON.stringify(counts)}`);
			const pick = counts.reduce((a, b) => (b[1] < a[1] ? b : a))[0];
			chosen.skillId = pick;
			return {
				tools: [{ name: 'transfer', args: { skillQueueId: pick, callId: callIdFrom(chat) } }],
			};
		},
		() => ({
			say: `You are now in the queue of skill ${chosen.skillId}; a colleague will take your call shortly.`,
		}),
	];
}

/** Script 2: a skill queue ID that is not one; the model reads the refusal and gives up. */
const badTargetScript = [
	{ tools: [{ name: 'transfer', args: { skillQueueId: 'abc', callId: '1700000000-1' } }] },
	{ say: 'I could not transfer the call.' },
];

/** Script 3: the transfer times out; a model that retries it blindly; then gives up. */
const retryScript = [
	{ tools: [{ name: 'call_info', args: {} }] },
	(chat) => ({
		tools: [{ name: 'transfer', args: { skillQueueId: '12', callId: callIdFrom(chat) } }],
	}),
	(chat) => ({
		tools: [{ name: 'transfer', args: { skillQueueId: '12', callId: callIdFrom(chat) } }],
	}),
	{ say: 'The caller may already be in queue 12.' },
];

/** demo/ai-triage.workflow.json wired to the simulator, the fake model and this run's agent. */
function demoWorkflow() {
	const demo = JSON.parse(readFileSync(join(ROOT, 'demo', 'ai-triage.workflow.json'), 'utf8'));
	for (const node of demo.nodes) {
		if (node.credentials?.huaweiCecApi) node.credentials.huaweiCecApi = CEC_CREDENTIAL;
		if (node.credentials?.openAiApi) node.credentials.openAiApi = OPENAI_CREDENTIAL;
	}
	return { ...demo, id: DEMO_ID, active: false };
}

const abridge = (text, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

async function main() {
	const timings = {};
	step('Node 24 and n8n (cached after the first run)');
	let t = Date.now();
	const n8n = await ensureN8n();
	timings.prepare = since(t);

	step(
		'build our package and the simulator, install the package as the Community Nodes panel does',
	);
	t = Date.now();
	sh('npm', ['run', 'build', '--silent'], { cwd: ROOT });
	sh('npm', ['run', 'build:tools', '--silent'], { cwd: ROOT });
	const userFolder = newUserFolder('cec-e2e-ai-');
	installLikeN8n(ROOT, userFolder);
	timings.buildAndInstall = since(t);

	step('start the simulator and the fake model');
	const sim = await startSimulator(ROOT);
	const model = await startFakeModel();
	onCleanup(() => model.close());
	const agent = await sim.control('POST', '/__sim/ready', { agentId: AGENT_ID, keepAlive: true });
	for (const [skillId, count] of Object.entries(QUEUES))
		await sim.control('POST', `/__sim/skills/${skillId}/waiting`, { count });

	step('import the credentials and the workflow');
	t = Date.now();
	await importCredentials(
		[
			{
				...CEC_CREDENTIAL,
				type: 'huaweiCecApi',
				data: { baseUrl: sim.url, guid: agent.guid, caPem: sim.ca, ignoreSslIssues: false },
			},
			// A throw-away key for a server on 127.0.0.1 that accepts anything.
			{
				...OPENAI_CREDENTIAL,
				type: 'openAiApi',
				data: { apiKey: 'e2e-fake-model-key', url: model.baseUrl, header: false },
			},
		],
		{ userFolder },
	);
	await importWorkflows([workflow(), demoWorkflow()], { userFolder });
	const published = await runN8n(['publish:workflow', `--id=${DEMO_ID}`], { userFolder });
	if (published.code !== 0)
		throw new Error(
			`n8n publish:workflow failed (${published.code}):\n${(published.stdout + published.stderr).slice(-2000)}`,
		);
	timings.import = since(t);

	// ---- Script 1 ----
	step('script 1: read the waiting counts, transfer to the shorter queue, answer');
	const chosen = {};
	model.reset(handoffScript(chosen));
	await sim.control('DELETE', '/__sim/requests');
	t = Date.now();
	const run1 = await executeWorkflow(WORKFLOW_ID, { userFolder });
	timings.execute1 = since(t);
	const chats1 = model.chats();
	const log1 = await sim.control('GET', '/__sim/requests');
	if (!check(run1.ok, `script 1: ${run1.problem}`))
		console.error((run1.stderr + run1.stdout).slice(-4000));
	check(model.problems.length === 0, `script 1: the fake model: ${model.problems.join('; ')}`);
	check(
		model.remaining() === 0,
		`script 1: ${model.remaining()} turn(s) of the script were not played`,
	);
	const [answer1] = nodeItems(run1.run, 'AI Agent') ?? [];
	check(
		answer1?.output ===
			`You are now in the queue of skill ${chosen.skillId}; a colleague will take your call shortly.`,
		`script 1: the agent's output: ${JSON.stringify(answer1)}`,
	);
	const transfers1 = log1.filter((r) => r.method === 'POST' && r.path.endsWith('/transfer'));
	check(
		transfers1.length === 1,
		`script 1: expected exactly one transfer at the gateway, got ${transfers1.length}`,
	);
	const sent = transfers1[0] ? JSON.parse(transfers1[0].body) : {};
	check(
		transfers1[0]?.path === `/agentgateway/resource/voicecall/${AGENT_ID}/transfer`,
		`script 1: the transfer went to ${transfers1[0]?.path}`,
	);
	check(
		sent.devicetype === 1 && sent.address === chosen.skillId,
		`script 1: the transfer should go to skill queue ${chosen.skillId}: ${JSON.stringify(sent)}`,
	);
	check(
		chosen.skillId === '12',
		`script 1: the model should have chosen queue 12 (2 waiting, 11 has 5), chose ${chosen.skillId}`,
	);
	const reads = log1
		.filter((r) => r.method === 'GET' && r.path.includes('/skillwaitnum/'))
		.map((r) => r.path.split('/').pop());
	check(
		JSON.stringify(reads.sort()) === JSON.stringify(Object.keys(QUEUES).sort()),
		`script 1: the waiting counts read at the gateway: ${JSON.stringify(reads)}`,
	);
	check(
		log1.every((r) => r.retcode === '0'),
		`script 1: a gateway request failed: ${JSON.stringify(log1.map((r) => [r.path, r.retcode]))}`,
	);
	const results1 = toolResultsOf(chats1.at(-1));
	check(
		JSON.stringify(results1.map((r) => r.name)) ===
			JSON.stringify([
				'Call_Info',
				'Queue_Waiting_Count',
				'Queue_Waiting_Count',
				'Transfer_Caller',
			]),
		`script 1: the tool results the model received: ${JSON.stringify(results1.map((r) => r.name))}`,
	);
	check(
		!JSON.stringify(chats1).includes(agent.guid),
		'script 1: the Guid appears in what the model received',
	);
	check(
		!results1.some((r) => r.content.includes(agent.guid)),
		'script 1: a tool result holds the Guid',
	);
	const offered = chats1[0]?.tools ?? [];
	check(
		offered.every(
			(tl) => !JSON.stringify(tl.function?.parameters ?? {}).match(/guid|agentId|baseUrl/i),
		),
		`the model is asked for a Guid, agent ID or connection: ${JSON.stringify(offered)}`,
	);
	// The node's short action names are not all the model reads: each operation's tool Description
	// (the default, nothing set in the workflow) says whether it changes a call and how to repeat it.
	const toolText = (re) => offered.find((tl) => re.test(tl.function?.name ?? ''))?.function;
	for (const [re, words] of [
		[/call_info/i, [/^Read-only, safe to repeat/, /call ID/]],
		[/waiting_count/i, [/^Read-only, safe to repeat/]],
		[/transfer/i, [/^Changes a call/, /never retried/, /call ID/]],
	]) {
		const text = toolText(re)?.description ?? '';
		for (const w of words)
			check(
				w.test(text),
				`the ${re.source} tool's description lacks ${w}: ${JSON.stringify(text)}`,
			);
	}

	// ---- Script 2 ----
	step('script 2: a transfer to skill queue "abc" is refused before anything is sent');
	await sim.control('POST', `/__sim/agents/${AGENT_ID}/call`, {});
	model.reset(badTargetScript);
	await sim.control('DELETE', '/__sim/requests');
	t = Date.now();
	const run2 = await executeWorkflow(WORKFLOW_ID, { userFolder });
	timings.execute2 = since(t);
	const chats2 = model.chats();
	const log2 = await sim.control('GET', '/__sim/requests');
	if (!check(run2.ok, `script 2: ${run2.problem}`))
		console.error((run2.stderr + run2.stdout).slice(-4000));
	check(
		model.problems.length === 0 && model.remaining() === 0,
		`script 2: the fake model: ${model.problems.join('; ')}; ${model.remaining()} turn(s) left`,
	);
	const [refusal] = toolResultsOf(chats2.at(-1));
	check(
		refusal && /transfer/i.test(refusal.name),
		`script 2: no tool result for the transfer: ${JSON.stringify(chats2.at(-1)?.messages)}`,
	);
	// The engine hands an AI tool's error to the model as [{"error": <message>}] (onError is not stopWorkflow).
	const refusalText = (() => {
		try {
			return String(JSON.parse(refusal?.content ?? '')[0]?.error ?? '');
		} catch {
			return '';
		}
	})();
	for (const words of ['Address', 'Skill Queue ID', 'digits only', '"abc"'])
		check(
			refusalText.includes(words),
			`script 2: the tool result should name ${words}: ${refusal?.content}`,
		);
	check(
		log2.filter((r) => r.path.endsWith('/transfer')).length === 0,
		`script 2: the gateway received a transfer: ${JSON.stringify(log2.map((r) => r.path))}`,
	);
	check(
		!JSON.stringify(chats2).includes(agent.guid),
		'script 2: the Guid appears in what the model received',
	);
	check(
		(await sim.control('GET', `/__sim/agents/${AGENT_ID}`)).call !== null,
		'script 2: the caller should still be with the agent',
	);

	// ---- Script 3 ----
	step(
		'script 3: the transfer times out (the gateway acts, answers in 3 s), the model retries: no second transfer',
	);
	await sim.control('POST', '/__sim/faults', {
		kind: 'late',
		delayMs: 3000,
		pathIncludes: '/transfer',
	});
	model.reset(retryScript);
	await sim.control('DELETE', '/__sim/requests');
	t = Date.now();
	const runRetry = await executeWorkflow(WORKFLOW_ID, { userFolder });
	timings.executeRetry = since(t);
	const logRetry = await sim.control('GET', '/__sim/requests');
	if (!check(runRetry.ok, `script 3: ${runRetry.problem}`))
		console.error((runRetry.stderr + runRetry.stdout).slice(-4000));
	check(
		model.problems.length === 0 && model.remaining() === 0,
		`script 3: the fake model: ${model.problems.join('; ')}; ${model.remaining()} turn(s) left`,
	);
	const retryResults = toolResultsOf(model.chats().at(-1)).filter((r) => /transfer/i.test(r.name));
	const retryTransfers = logRetry.filter(
		(r) => r.method === 'POST' && r.path.endsWith('/transfer'),
	);
	check(
		retryTransfers.length === 1,
		`script 3: expected one transfer at the gateway, got ${retryTransfers.length}: ${JSON.stringify(logRetry.map((r) => `${r.method} ${r.path} ${r.retcode ?? r.fault}`))}`,
	);
	check(
		/the transfer may have happened; read the agent's call before trying again/.test(
			retryResults[0]?.content ?? '',
		),
		`script 3: the timeout's tool result should say the transfer may have happened: ${retryResults[0]?.content}`,
	);
	check(
		/is now on no call, not .*: nothing was sent/.test(retryResults[1]?.content ?? ''),
		`script 3: the retry should be refused by the call guard: ${retryResults[1]?.content}`,
	);
	await sim.control('POST', `/__sim/agents/${AGENT_ID}/call`, {});

	// ---- The demo workflow ----
	step(
		'demo/ai-triage.workflow.json, published, under `n8n start`: a POST to its webhook, the same hand-over',
	);
	const chosen3 = {};
	model.reset(handoffScript(chosen3));
	await sim.control('DELETE', '/__sim/requests');
	t = Date.now();
	const server = await startN8n({ userFolder });
	timings.startServer = server.startSeconds;
	// The published workflow's webhook is registered a moment after readiness: until then, 404.
	let demoAnswer;
	for (let i = 0; i < 120; i++) {
		const res = await fetch(`${server.url}/webhook/cec-ai-triage`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				agentId: Number(AGENT_ID),
				queues: Object.keys(QUEUES),
				reason: 'a question about my bill',
			}),
		});
		if (res.status !== 404) {
			demoAnswer = { status: res.status, body: await res.json().catch(() => null) };
			break;
		}
		await res.arrayBuffer();
		await new Promise((r) => setTimeout(r, 500));
	}
	timings.demoRequest = since(t);
	await server.stop();
	const log3 = await sim.control('GET', '/__sim/requests');
	if (
		!check(demoAnswer?.status === 200, `demo: the webhook answered ${JSON.stringify(demoAnswer)}`)
	)
		console.error(server.output().slice(-4000));
	check(
		demoAnswer?.body?.output ===
			`You are now in the queue of skill ${chosen3.skillId}; a colleague will take your call shortly.`,
		`demo: the webhook's answer: ${JSON.stringify(demoAnswer)}`,
	);
	check(
		model.problems.length === 0 && model.remaining() === 0,
		`demo: the fake model: ${model.problems.join('; ')}; ${model.remaining()} turn(s) left`,
	);
	const transfers3 = log3.filter((r) => r.method === 'POST' && r.path.endsWith('/transfer'));
	check(
		transfers3.length === 1 && JSON.parse(transfers3[0].body).address === '12',
		`demo: expected one transfer to queue 12: ${JSON.stringify(transfers3.map((r) => r.body))}`,
	);
	check(
		log3.filter((r) => r.path.includes('/skillwaitnum/')).length === 2,
		`demo: the waiting counts should be read twice: ${JSON.stringify(log3.map((r) => r.path))}`,
	);
	const demoChats = model.chats();
	check(
		!JSON.stringify(demoChats).includes(agent.guid),
		'demo: the Guid appears in what the model received',
	);
	const demoTools = (demoChats[0]?.tools ?? []).map((tl) => ({
		name: tl.function?.name,
		description: tl.function?.description,
	}));

	timings.total = since(T0);
	const summary = {
		n8n: N8N_VERSION,
		node: n8n.node.version,
		toolsOffered: offered.map((tl) => ({
			name: tl.function?.name,
			description: abridge(tl.function?.description ?? '', 160),
			parameters: tl.function?.parameters,
		})),
		modelRequests: {
			script1: chats1.length,
			script2: chats2.length,
			demo: demoChats.length,
			stream: [...new Set([...chats1, ...chats2, ...demoChats].map((c) => Boolean(c.stream)))],
		},
		script1: {
			chose: chosen.skillId,
			transferSent: sent,
			toolResults: results1.map((r) => ({ name: r.name, content: abridge(r.content) })),
			answer: answer1?.output,
		},
		script2: {
			toolResult: refusal && { name: refusal.name, content: abridge(refusal.content, 500) },
			transfersSent: log2.filter((r) => r.path.endsWith('/transfer')).length,
		},
		script3: {
			toolResults: retryResults.map((r) => abridge(r.content, 300)),
			gatewayLog: logRetry.map(
				(r) => `${r.method} ${r.path} ${r.retcode ?? ''}${r.fault ? ` (${r.fault})` : ''}`,
			),
		},
		toolNames: toolNames(chats1[0] ?? {}),
		demo: { tools: demoTools, answer: demoAnswer?.body },
		timings,
	};
	console.log(JSON.stringify(summary, null, 2));
	if (problems.length)
		throw new Error(`${problems.length} check(s) failed:\n- ${problems.join('\n- ')}`);
	step(`passed in ${timings.total}s`);
}

main()
	.catch((error) => {
		console.error(`[e2e:ai] FAILED: ${error.message}`);
		process.exitCode = 1;
	})
	.finally(cleanup);
