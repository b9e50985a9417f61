/**
 * `npm run test:soak`: 10,000 transfers with a seeded 5 % of injected faults, through our node in
 * n8n-core's engine, in ten executions of 1,000 items. Checks the accounting (every item exactly one
 * output, in order, mapped to its input; every POST sent once), that no connection is left open
 * (n8n's request helper opens one per request and closes it), and that nothing is retained: after
 * each thousand, a full collection, then the heap in use and this process's open sockets. A leak is
 * judged by the trend of the heap after collection over the thousands (its least-squares slope, the
 * first thousand left out as warm-up), not by one difference of RSS, which follows the allocator and
 * the machine's load rather than what the node keeps. Three-party transfers, again and again on each agent's one call:
 * the child simulator keeps the agents in their conferences for the whole run. The simulator runs in its own
 * process, so the memory measured is n8n's and the node's only. Prints the figures.
 */
import '../../demo/env';

import { runWorkflow } from '../harness/engine';
import { CEC, transferWorkflow } from '../harness/workflows';
import { startChildGateway } from '../simulator/child';

const TOTAL = 10_000;
const BATCH = 1_000;
const AGENTS = 100;
const RATE = 0.05;
const SEED = 424242;
const MB = 1024 * 1024;
/** Most heap a thousand items may leave behind, on the trend: 256 bytes an item. */
const MAX_HEAP_SLOPE_MB = 0.25;

/** Least-squares slope of values taken at equal steps. */
function slope(values: number[]): number {
	const n = values.length;
	const meanX = (n - 1) / 2;
	const meanY = values.reduce((a, b) => a + b, 0) / n;
	let num = 0;
	let den = 0;
	values.forEach((y, x) => {
		num += (x - meanX) * (y - meanY);
		den += (x - meanX) ** 2;
	});
	return num / den;
}

/** This process's open sockets (TCP and TLS), as Node counts its active resources. */
function openSockets(): number {
	return process
		.getActiveResourcesInfo()
		.filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap' || r === 'TCPWRAP').length;
}

function check(ok: boolean, what: string): void {
	if (!ok) throw new Error(`soak: ${what}`);
}

async function main(): Promise<void> {
	const gc = (global as { gc?: () => void }).gc;
	check(gc !== undefined, 'run with --expose-gc (npm run test:soak does)');
	const sim = await startChildGateway(AGENTS, 40001);
	const t0 = Date.now();
	try {
		const agents = sim.agents;
		await sim.randomFaults({
			rate: RATE,
			seed: SEED,
			kinds: ['http500', 'nonJson', 'noRetcode', 'reset', 'truncated', 'oversized'],
			pathIncludes: '/transfer',
		});
		const credentials = {
			huaweiCecApi: { baseUrl: sim.url, guid: '', caPem: sim.caPem, ignoreSslIssues: false },
		};

		let successes = 0;
		let failures = 0;
		const byCause: Record<string, number> = {};
		const rss: number[] = [];
		const connections: number[] = [];
		const heap: number[] = [];
		const sockets: number[] = [];
		const socketsBefore = openSockets();
		for (let batch = 0; batch < TOTAL / BATCH; batch++) {
			await sim.clearLog();
			const items = Array.from({ length: BATCH }, (_, i) => {
				const n = batch * BATCH + i;
				return { n, agentId: agents[n % AGENTS].agentId, guid: agents[n % AGENTS].guid };
			});
			const result = await runWorkflow(
				transferWorkflow(
					{
						agentId: '={{ $json.agentId }}',
						deviceType: 5,
						address: '88880001',
						mode: 4,
						options: { guid: '={{ $json.guid }}', timeout: 5000 },
					},
					items,
					{ onError: 'continueRegularOutput' },
				),
				credentials,
			);
			check(result.error === undefined, `batch ${batch} stopped: ${result.error?.message}`);
			const out = result.output(CEC);
			check(out.length === BATCH, `batch ${batch}: ${out.length} outputs for ${BATCH} inputs`);
			const posts = (await sim.requests()).filter((r) => r.method === 'POST');
			check(
				posts.length === BATCH,
				`batch ${batch}: ${posts.length} POSTs for ${BATCH} items (a retry or a loss)`,
			);
			out.forEach((o, i) => {
				check(
					(o.pairedItem as { item: number }).item === i,
					`batch ${batch} item ${i}: pairedItem ${JSON.stringify(o.pairedItem)}`,
				);
				// A success carries the agent at the top level, a failure in its details.
				const facts = (o.json.details ?? o.json) as { agentId?: unknown };
				check(
					facts.agentId === Number(items[i].agentId),
					`batch ${batch} item ${i}: output for agent ${String(facts.agentId)}, input was ${items[i].agentId}`,
				);
				check(
					posts[i].path === `/agentgateway/resource/voicecall/${items[i].agentId}/transfer`,
					`batch ${batch} item ${i}: request order`,
				);
				const faulted = posts[i].fault !== undefined;
				check(
					(o.json.success === true) === !faulted,
					`batch ${batch} item ${i}: success=${String(o.json.success)} but fault=${posts[i].fault ?? 'none'}`,
				);
				if (o.json.success === true) successes++;
				else {
					failures++;
					const details = facts as { cause?: unknown; errorKind?: unknown };
					const cause = String(details.cause ?? details.errorKind);
					byCause[cause] = (byCause[cause] ?? 0) + 1;
				}
			});
			connections.push((await sim.openConnections()) - 1); // minus the control call's own connection
			// Twice: what a finalizer released in the first collection is reclaimed by the second.
			gc!();
			gc!();
			rss.push(process.memoryUsage().rss);
			heap.push(process.memoryUsage().heapUsed);
			sockets.push(openSockets());
		}
		// Let connections that a reset left half-open be collected, then count what is left.
		// The control calls each use a connection of their own, closed after use: not counted here.
		await new Promise((r) => setTimeout(r, 200));
		const openAtEnd = (await sim.openConnections()) - 1;

		console.error(
			`open connections after each thousand: ${connections.join(', ')}; at the end ${openAtEnd}`,
		);
		check(successes + failures === TOTAL, `accounting: ${successes} + ${failures} ≠ ${TOTAL}`);
		check(
			Math.max(...connections) <= 1,
			`connections left open after a thousand: ${connections.join(', ')}`,
		);
		check(openAtEnd === 0, `${openAtEnd} connections still open at the end`);
		check(
			Math.max(...sockets) <= socketsBefore + 1,
			`sockets of this process after each thousand: ${sockets.join(', ')} (${socketsBefore} before)`,
		);
		const heapSlope = slope(heap.slice(1)) / MB;
		check(
			heapSlope < MAX_HEAP_SLOPE_MB,
			`the heap after collection grew ${heapSlope.toFixed(2)} MB per thousand items (${heap.map((h) => (h / MB).toFixed(1)).join(' ')})`,
		);

		console.log(
			JSON.stringify(
				{
					items: TOTAL,
					successes,
					failures,
					faultRate: `${((failures / TOTAL) * 100).toFixed(2)} % (seeded ${RATE * 100} %)`,
					failuresByCause: byCause,
					postsSentPerItem: 1,
					openConnectionsAfterEachThousand: connections.join(' '),
					openConnectionsAtEnd: openAtEnd,
					rssAfterEachThousandMB: rss.map((r) => (r / MB).toFixed(1)).join(' '),
					heapAfterCollectionEachThousandMB: heap.map((r) => (r / MB).toFixed(1)).join(' '),
					heapTrendMBPerThousand: +heapSlope.toFixed(3),
					socketsOfThisProcessAfterEachThousand: `${sockets.join(' ')} (${socketsBefore} before)`,
					rssAfterFirstThousandMB: +(rss[0] / MB).toFixed(1),
					rssAfterLastThousandMB: +(rss[rss.length - 1] / MB).toFixed(1),
					seconds: Math.round((Date.now() - t0) / 1000),
				},
				null,
				2,
			),
		);
		console.log('soak: 10000 passed, 0 failed');
	} finally {
		await sim.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
