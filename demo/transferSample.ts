/**
 * demo/transfer-call.workflow.json made runnable against the simulator: the agents its seven CRM
 * events name, each in the situation its case describes, and the items' Guids and call IDs filled
 * in from them. Used by `npm run demo` and by the test that keeps the sample showing what it says.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowJson } from '../test/harness/engine';
import type { Simulator } from '../test/simulator';

/** This folder, whether run from the sources (jest) or from the tools' build (.build/demo). */
export const DEMO_DIR = existsSync(join(__dirname, 'transfer-call.workflow.json'))
	? __dirname
	: join(__dirname, '..', '..', 'demo');

export async function transferSample(sim: Simulator): Promise<WorkflowJson> {
	const sample = JSON.parse(
		readFileSync(join(DEMO_DIR, 'transfer-call.workflow.json'), 'utf8'),
	) as WorkflowJson;
	const vip = await sim.readyAgent({ agentId: '101' });
	const afterHours = await sim.readyAgent({ agentId: '102' });
	const selfService = await sim.readyAgent({ agentId: '104' });
	sim.createAgent('103', 'Demo#103');
	const idle = await sim.signIn('103', 'Demo#103', '6103');
	// A late CRM event: the event named agent 109's call, but the agent has taken the next customer since.
	const late = await sim.readyAgent({ agentId: '109' });
	// A call-back the agent placed: the gateway refuses to hand an outbound call Blind to an external
	// number, which the node cannot know before asking (the item is valid, the call is there).
	const callBack = await sim.readyAgent({ agentId: '110', call: { direction: 'outbound' } });
	const callIds: Record<string, string | undefined> = {};
	for (const agentId of ['101', '102', '103', '104', '109', '110'])
		callIds[agentId] = sim.agentState(agentId).call?.callid;
	sim.placeCall('109');
	const guids: Record<string, string> = {
		101: vip.guid,
		102: afterHours.guid,
		103: idle,
		104: selfService.guid,
		109: late.guid,
		110: callBack.guid,
	};
	for (const item of sample.pinData!['Manual Trigger']) {
		item.json.guid = guids[String(item.json.agentId)];
		item.json.callId = callIds[String(item.json.agentId)] ?? '1700000000-1';
	}
	return sample;
}
