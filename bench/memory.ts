/**
 * One memory run in a fresh process: 10,000 items, each with its own 16 KB of callAppData, through
 * our node in one workflow execution. Prints RSS before (items built), peak during, and after (GC).
 * Usage (from run.ts): node --expose-gc [--max-old-space-size=512] memory.js <url> <caFile> <agentsJson> [mapped|unmapped]
 * `unmapped` sends the same items without mapping their data into Call App Data: what n8n's engine
 * itself costs for items of that size, so the node's own share can be told apart.
 * Beside RSS it samples V8's heap (heapTotal: what the JS heap holds from the system, garbage
 * included) and external memory at the RSS peak, and counts garbage collections by kind, which
 * tells what the peak is made of.
 */
import '../demo/env';

import { readFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';

import { runWorkflow } from '../test/harness/engine';
import { CEC, transferWorkflow } from '../test/harness/workflows';

const ITEMS = 10_000;
const DATA_BYTES = 16 * 1024;

async function main(): Promise<void> {
	const [url, caFile, agentsJson, variant = 'mapped'] = process.argv.slice(2);
	const agents = JSON.parse(agentsJson) as Array<{ agentId: string; guid: string }>;
	const gc = (global as { gc?: () => void }).gc ?? (() => undefined);
	gc();
	const baseline = process.memoryUsage().rss;
	// Distinct, flat strings, as real CRM data would arrive (parsed from a request): 'x'.repeat()
	// would build V8 rope strings that share their parts and only grow when first read.
	const items = Array.from({ length: ITEMS }, (_, i) => {
		const data = Buffer.alloc(DATA_BYTES, 'x');
		data.write(String(i).padStart(8, '0'));
		return { ...agents[i % agents.length], data: data.toString('latin1') };
	});
	gc();
	const before = process.memoryUsage().rss;
	const heapBefore = process.memoryUsage().heapUsed;
	let peak = before;
	let atPeak = process.memoryUsage();
	const sample = () => {
		const m = process.memoryUsage();
		if (m.rss > peak) {
			peak = m.rss;
			atPeak = m;
		}
	};
	const sampler = setInterval(sample, 5);
	const gcs = { major: 0, minor: 0 };
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
			if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++;
			else gcs.minor++;
		}
	});
	observer.observe({ entryTypes: ['gc'] });
	const t0 = Date.now();
	const result = await runWorkflow(
		transferWorkflow(
			{
				agentId: '={{ $json.agentId }}',
				deviceType: 5,
				address: '88880001',
				mode: 4,
				options: {
					guid: '={{ $json.guid }}',
					...(variant === 'mapped' ? { callAppData: '={{ $json.data }}' } : {}),
				},
			},
			items,
		),
		{
			huaweiCecApi: {
				baseUrl: url,
				guid: '',
				caPem: readFileSync(caFile, 'utf8'),
				ignoreSslIssues: false,
			},
		},
	);
	const ok = result.output(CEC).filter((o) => o.json.success === true).length;
	const ms = Date.now() - t0;
	clearInterval(sampler);
	sample();
	observer.disconnect();
	if (result.error) throw result.error;
	if (ok !== ITEMS) throw new Error(`memory run: ${ok} of ${ITEMS} succeeded`);
	gc();
	const after = process.memoryUsage().rss;
	const heapAfter = process.memoryUsage().heapUsed;
	console.log(
		JSON.stringify({
			baseline,
			before,
			peak,
			after,
			heapBefore,
			heapAfter,
			heapTotalAtPeak: atPeak.heapTotal,
			heapUsedAtPeak: atPeak.heapUsed,
			externalAtPeak: atPeak.external,
			majorGcs: gcs.major,
			minorGcs: gcs.minor,
			ms,
			inputBytes: ITEMS * DATA_BYTES,
		}),
	);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
