/**
 * The editor's "Execute step" runs the node again on the last input it received, maybe minutes
 * later: the agent may be on the next customer's call. With the guard that item is refused; without
 * it the action hits the next call. The README's retry table must say so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { facts, runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, perItemWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));

test('Execute step on the last input: the guarded Hang Up is refused; the next customer keeps the call', async () => {
	const agent = await gw.sim.readyAgent();
	const callId = gw.sim.placeCall(agent.agentId);
	const item = { agentId: agent.agentId, guid: agent.guid, callId };
	const hangUp = perItemWorkflow(
		'voiceCall',
		'hangUp',
		{ options: { onlyIfCallId: '={{ $json.callId }}' } },
		[item],
		{
			onError: 'continueRegularOutput',
		},
	);
	expect((await runWorkflow(hangUp, gw.credentials())).error).toBeUndefined();
	const next = gw.sim.placeCall(agent.agentId);
	gw.sim.clearRequests();
	// Execute step: the same node, the same input item, later.
	const again = facts((await runWorkflow(hangUp, gw.credentials())).output(CEC)[0]);
	expect(again).toEqual(expect.objectContaining({ errorKind: 'callGuard', fate: 'notSent' }));
	expect(gw.sim.requests().map((r) => r.method)).toEqual(['GET']);
	expect(gw.sim.agentState(agent.agentId).call?.callid).toBe(next);
});

test("the README's retry table has a row for Execute step, saying what the guard does there", () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
	const table = readme.slice(
		readme.indexOf('## Safe retries and late events'),
		readme.indexOf('## AI agents'),
	);
	const row = table.split('\n').find((line) => line.startsWith('| "Execute step"'));
	expect(row).toBeDefined();
	expect(row).toContain(
		'with the guard, the item whose call has ended or changed is refused with nothing sent',
	);
	expect(row).toContain('without it, the action is sent again');
});
