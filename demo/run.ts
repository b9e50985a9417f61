/**
 * `npm run demo`: starts the CC-Gateway simulator, runs the sample workflow
 * (demo/transfer-call.workflow.json) through n8n-core's engine with our node, prints the output
 * items, stops the simulator. The Guids the sample needs are filled in from the simulator's agents.
 */
import './env';

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { runWorkflow, type WorkflowJson } from '../test/harness/engine';
import { startSimulator } from '../test/simulator';

async function main(): Promise<void> {
	const sample = JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'demo', 'transfer-call.workflow.json'), 'utf8'),
	) as WorkflowJson;
	const sim = await startSimulator({ authMode: 'static' });
	try {
		const vip = await sim.readyAgent({ agentId: '101' });
		const afterHours = await sim.readyAgent({ agentId: '102' });
		sim.createAgent('103', 'Demo#103');
		const idle = await sim.signIn('103', 'Demo#103', '6103');
		const guids: Record<string, string> = { 101: vip.guid, 102: afterHours.guid, 103: idle };

		const items = sample.pinData!['Manual Trigger'];
		for (const item of items) item.json.guid = guids[String(item.json.agentId)];

		console.log(`CC-Gateway simulator at ${sim.url}; running "${sample.name}" with ${items.length} items\n`);
		const result = await runWorkflow(sample, {
			huaweiCecApi: { baseUrl: sim.url, guid: '', caPem: sim.caPem, ignoreSslIssues: false },
		});
		if (result.error) throw result.error;

		result.output('Huawei CEC').forEach((out, i) => {
			const input = items[i].json as IDataObject;
			const verdict = out.json.success ? 'TRANSFERRED' : 'NOT TRANSFERRED';
			console.log(`#${i + 1} ${input.case}: ${verdict}`);
			console.log(JSON.stringify(out.json, null, 2));
			console.log('');
		});
		const posts = sim.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/transfer'));
		console.log(`The gateway received ${posts.length} transfer requests for ${items.length} items (invalid items are never sent).`);
	} finally {
		await sim.close();
	}
}

main().catch((error: unknown) => {
	console.error('Demo failed:', error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
