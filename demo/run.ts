/**
 * `npm run demo`: starts the CC-Gateway simulator, runs the sample workflow
 * (demo/transfer-call.workflow.json) through n8n-core's engine with our node, prints the output
 * items, stops the simulator. The Guids the sample needs are filled in from the simulator's agents.
 */
import './env';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { TRIGGER_TYPE, nodeTypes, runWorkflow, type WorkflowJson } from '../test/harness/engine';
import { startSimulator } from '../test/simulator';
import { DEMO_DIR, transferSample } from './transferSample';

/**
 * The demo runs n8n's engine with only our node loaded. n8n's own nodes that a sample uses only as a
 * start or as a source of items stand in here: the schedule is swapped for the manual start (the run
 * starts at once), and the CRM step's items are pinned (n8n then does not execute it). Imported into
 * n8n, the real nodes run.
 */
function pinnedStandIn(name: string): INodeType {
	return {
		description: {
			displayName: name,
			name,
			group: ['transform'],
			version: [1, 2],
			description: 'stand-in for the demo',
			defaults: { name },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return [[{ json: {} }]];
		},
	} as INodeType;
}

async function scheduledCallBacks(sim: Awaited<ReturnType<typeof startSimulator>>): Promise<void> {
	const sample = JSON.parse(
		readFileSync(join(DEMO_DIR, 'scheduled-callbacks.workflow.json'), 'utf8'),
	) as WorkflowJson;
	for (const node of sample.nodes)
		if (node.type === 'n8n-nodes-base.scheduleTrigger')
			Object.assign(node, { type: TRIGGER_TYPE, typeVersion: 1, parameters: {} });
	nodeTypes.register('n8n-nodes-base.code', pinnedStandIn('code'));
	const due: IDataObject[] = [];
	for (const [agentId, ticket, phone] of [
		['106', 'T-1001', '13800000101'],
		['107', 'T-1002', '13800000102'],
		['108', 'T-1003', '1380000abc'],
	]) {
		sim.createAgent(agentId, `Demo#${agentId}`);
		due.push({
			ticket,
			agentId: Number(agentId),
			guid: await sim.signIn(agentId, `Demo#${agentId}`, `6${agentId}`),
			phone,
		});
	}
	sample.pinData = { 'Call-backs Due': due.map((json) => ({ json })) };
	sim.clearRequests();
	console.log(
		`Running "${sample.name}" (the schedule fires at once here; the CRM step's items are pinned)\n`,
	);
	const result = await runWorkflow(sample, {
		huaweiCecApi: { baseUrl: sim.url, guid: '', caPem: sim.caPem, ignoreSslIssues: false },
	});
	if (result.error) throw result.error;
	for (const out of result.output('Call Out'))
		console.log(
			`Call Out #${(out.pairedItem as { item: number }).item + 1}:`,
			JSON.stringify(out.json),
		);
	for (const out of result.errorOutput('Call Out'))
		console.log(
			`Call Out #${(out.pairedItem as { item: number }).item + 1} (error output):`,
			JSON.stringify({ ...out.json, guid: '<hidden>' }),
		);
	for (const out of result.output('Get Call Info'))
		console.log(
			'Get Call Info:',
			JSON.stringify({
				agentId: out.json.agentId,
				hasCall: out.json.hasCall,
				callId: out.json.callId,
				calledNumber: out.json.calledNumber,
			}),
		);
	const puts = sim.requests().filter((r) => r.method === 'PUT');
	console.log(
		`\nThe gateway received ${puts.length} call-out requests for ${due.length} call-backs (the invalid number was never sent).`,
	);
}

async function main(): Promise<void> {
	const sim = await startSimulator({ authMode: 'static' });
	try {
		const sample = await transferSample(sim);
		const items = sample.pinData!['Manual Trigger'];

		console.log(
			`CC-Gateway simulator at ${sim.url}; running "${sample.name}" with ${items.length} items\n`,
		);
		const result = await runWorkflow(sample, {
			huaweiCecApi: { baseUrl: sim.url, guid: '', caPem: sim.caPem, ignoreSslIssues: false },
		});
		if (result.error) throw result.error;

		// The sample sends failed items to the node's error output (Settings › On Error).
		const outcomes = [
			...result
				.output('Huawei CEC')
				.map((out) => ({ out, verdict: 'TRANSFERRED (success output)' })),
			...result
				.errorOutput('Huawei CEC')
				.map((out) => ({ out, verdict: 'NOT TRANSFERRED (error output)' })),
		].sort(
			(a, b) =>
				(a.out.pairedItem as { item: number }).item - (b.out.pairedItem as { item: number }).item,
		);
		for (const { out, verdict } of outcomes) {
			const i = (out.pairedItem as { item: number }).item;
			const input = items[i].json as IDataObject;
			console.log(`#${i + 1} ${input.case}: ${verdict}`);
			console.log(
				JSON.stringify(
					{
						...out.json,
						guid:
							out.json.guid === undefined
								? undefined
								: "<the item's own Guid, as n8n passes input fields to the error output>",
					},
					null,
					2,
				),
			);
			console.log('');
		}
		const posts = sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/transfer'));
		console.log(
			`The gateway received ${posts.length} transfer requests for ${items.length} items: invalid items, and the late event for a call the agent no longer has, are never sent; the one the gateway refused is in the error output with its retcode and message.\n`,
		);

		// Second sample: read the agent's call, transfer it, and watch what becomes of it. The simulated
		// VIP queue answers after 2 s; the node sees the call leave the agent.
		const watch = JSON.parse(
			readFileSync(join(DEMO_DIR, 'call-info-then-transfer.workflow.json'), 'utf8'),
		) as WorkflowJson;
		const vipAgent = await sim.readyAgent({ agentId: '105' });
		sim.nextTransferOutcome('105', { outcome: 'answer', afterMs: 2000 });
		for (const item of watch.pinData!['Manual Trigger']) item.json.guid = vipAgent.guid;
		console.log(`Running "${watch.name}"\n`);
		const watched = await runWorkflow(watch, {
			huaweiCecApi: { baseUrl: sim.url, guid: '', caPem: sim.caPem, ignoreSslIssues: false },
		});
		if (watched.error) throw watched.error;
		console.log('Get Call Info:', JSON.stringify(watched.output('Get Call Info')[0].json, null, 2));
		console.log(
			'Transfer and Watch:',
			JSON.stringify(watched.output('Transfer and Watch')[0].json, null, 2),
		);
		const polled = sim.requests().filter((r) => r.path.includes('/agentevent/')).length;
		console.log(
			`\nRequests to the agent event interface: ${polled} (the node never takes events from the agent's desktop).\n`,
		);

		await scheduledCallBacks(sim);
	} finally {
		await sim.close();
	}
}

main().catch((error: unknown) => {
	console.error('Demo failed:', error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
