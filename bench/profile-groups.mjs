// Reads the V8 CPU profiles n8n writes under `npm run bench:latency -- --cpu-prof DIR` and prints
// where n8n's main process spent its CPU, per group of functions: self time (the group's own code)
// and total time (samples with the group anywhere on the stack, each sample counted once).
//
//   node bench/profile-groups.mjs DIR [--per N] [--top K] [--grep TEXT]
//
// --per N: also divide by N (the requests the run sent) for ms per request.
// --top K: the K functions with the most self time (default 25).
// --grep TEXT: the functions whose name or file contains TEXT, with self and total time.
// --from-ms T, --to-ms U: only samples from T (to U) ms after the profile's start (leave out n8n's start-up and the
// warm-up; `--timeline` prints busy ms per 5 s to choose T).
// --under TEXT: only samples whose stack holds a function whose name or file contains TEXT.
// The largest .cpuprofile in DIR is taken as n8n's main process (the task runner's is small).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const dir = argv[0];
const flag = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const PER = Number(flag('--per') ?? 0);
const TOP = Number(flag('--top') ?? 25);
const GREP = flag('--grep');
const FROM_MS = Number(flag('--from-ms') ?? 0);
const TO_MS = Number(flag('--to-ms') ?? Infinity);
const UNDER = flag('--under');
const TIMELINE = argv.includes('--timeline');

/** The groups, first match wins; a frame is tested by its file and function name. */
const GROUPS = [
	['our package (n8n-nodes-huawei-cec)', (u) => u.includes('node_modules/n8n-nodes-huawei-cec/')],
	['HTTP Request node (nodes-base)', (u) => u.includes('n8n-nodes-base/dist/nodes/HttpRequest/')],
	['other nodes-base (Webhook node, ...)', (u) => u.includes('n8n-nodes-base/')],
	[
		'n8n-core: request helpers',
		(u) => u.includes('/n8n-core/') && /request-helper|http-request|ssl/i.test(u),
	],
	['n8n-core: credentials', (u) => u.includes('/n8n-core/') && /credential/i.test(u)],
	['n8n-core: other', (u) => u.includes('/n8n-core/')],
	['n8n-workflow', (u) => u.includes('/n8n-workflow/')],
	['n8n cli (webhooks, executions, DB services)', (u) => /\/n8n\/dist\//.test(u)],
	[
		'expressions (@n8n/expression-runtime, isolated-vm)',
		(u) => /expression-runtime|isolated-vm/.test(u),
	],
	['database (@n8n/typeorm, @n8n/db, sqlite3)', (u) => /typeorm|@n8n\/db\/|sqlite/.test(u)],
	['other @n8n/* packages', (u) => u.includes('/@n8n/')],
	['express / http server', (u) => /express|body-parser|router\/|finalhandler|send\//.test(u)],
	['axios / follow-redirects', (u) => /axios|follow-redirects/.test(u)],
	['other node_modules', (u) => u.includes('/node_modules/')],
	['node: TLS', (u, f) => /node:_tls|node:tls/.test(u) || /^(TLSSocket|SecureContext)/.test(f)],
	['node: net/http/stream', (u) => /node:(net|http|_http|https|stream|internal\/streams)/.test(u)],
	['node: other built-ins', (u) => u.startsWith('node:')],
	['(garbage collector)', (_u, f) => f === '(garbage collector)'],
	['(idle)', (_u, f) => f === '(idle)'],
	['(program)', (_u, f) => f === '(program)'],
	['native / other', () => true],
];

const files = readdirSync(dir)
	.filter((f) => f.endsWith('.cpuprofile'))
	.map((f) => join(dir, f))
	.sort((a, b) => statSync(b).size - statSync(a).size);
if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(files[0], 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const groupOf = new Map();
for (const n of profile.nodes) {
	const { url, functionName } = n.callFrame;
	groupOf.set(
		n.id,
		GROUPS.findIndex(([, test]) => test(url, functionName)),
	);
}

const selfUs = new Map();
const totalUs = new Map();
const fnSelf = new Map();
const fnTotal = new Map();
const fnKey = (n) =>
	`${n.callFrame.functionName || '(anonymous)'}  ${n.callFrame.url.replace(/^.*node_modules\//, '')}:${n.callFrame.lineNumber + 1}`;
let sampled = 0;
let at = 0;
const timeline = new Map();
const idleNodes = new Set(
	profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
);
for (let i = 0; i < profile.samples.length; i++) {
	const dt = profile.timeDeltas[i + 1] ?? 0;
	const leaf = profile.samples[i];
	at += profile.timeDeltas[i] ?? 0;
	if (TIMELINE && !idleNodes.has(leaf)) {
		const bucket = Math.floor(at / 5e6) * 5;
		timeline.set(bucket, (timeline.get(bucket) ?? 0) + dt);
	}
	if (at < FROM_MS * 1000 || at > TO_MS * 1000) continue;
	if (UNDER) {
		let found = false;
		for (let id = leaf; id !== undefined && !found; id = parent.get(id))
			found = fnKey(byId.get(id)).includes(UNDER);
		if (!found) continue;
	}
	sampled += dt;
	const g = groupOf.get(leaf);
	selfUs.set(g, (selfUs.get(g) ?? 0) + dt);
	fnSelf.set(fnKey(byId.get(leaf)), (fnSelf.get(fnKey(byId.get(leaf))) ?? 0) + dt);
	const seenG = new Set();
	const seenF = new Set();
	for (let id = leaf; id !== undefined; id = parent.get(id)) {
		seenG.add(groupOf.get(id));
		seenF.add(fnKey(byId.get(id)));
	}
	for (const s of seenG) totalUs.set(s, (totalUs.get(s) ?? 0) + dt);
	for (const s of seenF) fnTotal.set(s, (fnTotal.get(s) ?? 0) + dt);
}

const ms = (us) => (us / 1000).toFixed(1);
if (TIMELINE)
	console.log(
		`busy ms per 5 s from the start: ${[...timeline].map(([t, us]) => `${t}s:${Math.round(us / 1000)}`).join(' ')}\n`,
	);
const per = (us) => (PER ? ` | ${(us / 1000 / PER).toFixed(3)}` : '');
const idle = selfUs.get(GROUPS.findIndex(([name]) => name === '(idle)')) ?? 0;
console.log(
	`${files[0]}: ${ms(sampled)} ms sampled, ${ms(sampled - idle)} ms busy (not idle)${PER ? `, ${PER} requests` : ''}\n`,
);
console.log(`| group | self ms | total ms${PER ? ' | self ms/request' : ''} |`);
console.log(`|---|---|---${PER ? '|---' : ''}|`);
GROUPS.forEach(([name], g) => {
	if (!selfUs.get(g) && !totalUs.get(g)) return;
	console.log(
		`| ${name} | ${ms(selfUs.get(g) ?? 0)} | ${ms(totalUs.get(g) ?? 0)}${per(selfUs.get(g) ?? 0)} |`,
	);
});
console.log(`\nTop ${TOP} functions by self time (ms):`);
for (const [k, v] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, TOP))
	console.log(`${ms(v).padStart(8)}  ${k}`);
if (GREP) {
	console.log(`\nFunctions matching "${GREP}" (self ms, total ms):`);
	for (const [k, v] of [...fnTotal]
		.filter(([k]) => k.includes(GREP))
		.sort((a, b) => b[1] - a[1])
		.slice(0, 60))
		console.log(`${ms(fnSelf.get(k) ?? 0).padStart(8)} ${ms(v).padStart(8)}  ${k}`);
}
