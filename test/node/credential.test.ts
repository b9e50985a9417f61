/** The credential's connection test: proves reach, TLS and the envelope; never changes state or takes events. */

import { huaweiCecApiTest } from '../../nodes/HuaweiCec/credentialTest';
import { HuaweiCec } from '../../nodes/HuaweiCec/HuaweiCec.node';
import { HuaweiCecApi } from '../../credentials/HuaweiCecApi.credentials';
import { connectionTest } from '../harness/connectionTest';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));

test('the node wires the test to the credential', () => {
	const node = new HuaweiCec();
	expect(node.description.credentials?.[0]).toEqual({
		name: 'huaweiCecApi',
		required: true,
		testedBy: 'huaweiCecApiTest',
		displayOptions: { show: { authentication: ['agentGuid'] } },
	});
	expect(node.methods.credentialTest.huaweiCecApiTest).toBe(huaweiCecApiTest);
	const props = Object.fromEntries(new HuaweiCecApi().properties.map((p) => [p.name, p]));
	expect(props.guid.typeOptions?.password).toBe(true);
	expect(props.ignoreSslIssues.default).toBe(false);
	expect(props.baseUrl.description).toContain('8043');
});

test('without a test agent: reach + TLS + envelope proven, and it says the Guid was not checked', async () => {
	const result = await connectionTest({ baseUrl: gw.sim.url, caPem: gw.sim.caPem, guid: 'x' });
	expect(result.status).toBe('OK');
	expect(result.message).toContain('certificate was verified');
	expect(result.message).toContain('Guid was not checked');
});

test('with a test agent and its Guid: OK, and no event is consumed nor state changed', async () => {
	const agent = await gw.sim.readyAgent();
	const before = gw.sim.agentState(agent.agentId);
	gw.sim.clearRequests();
	const result = await connectionTest({
		baseUrl: gw.sim.url,
		caPem: gw.sim.caPem,
		guid: agent.guid,
		testAgentId: agent.agentId,
	});
	expect(result).toEqual({
		status: 'OK',
		message: expect.stringContaining(`accepted the Guid for agent ${agent.agentId}`),
	});
	expect(gw.sim.agentState(agent.agentId)).toEqual(before);
	const requests = gw.sim.requests();
	expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
		`GET /agentgateway/resource/onlineagent/${agent.agentId}/agentstatus`,
	]);
	expect(result.message).not.toContain(agent.guid);
});

test('with a test agent and a wrong Guid: Error naming 000-003, without echoing the Guid', async () => {
	const agent = await gw.sim.readyAgent();
	const result = await connectionTest({
		baseUrl: gw.sim.url,
		caPem: gw.sim.caPem,
		guid: 'wrong.AgentGateway0',
		testAgentId: agent.agentId,
	});
	expect(result.status).toBe('Error');
	expect(result.message).toContain('000-003');
	expect(result.message).not.toContain('wrong.AgentGateway0');
});

test('an unknown CA fails the test with the remedy', async () => {
	const result = await connectionTest({ baseUrl: gw.sim.url, guid: '' });
	expect(result.status).toBe('Error');
	expect(result.message).toContain('CA Certificate');
});

test('insecure mode passes but says TLS checks are off', async () => {
	const result = await connectionTest({ baseUrl: gw.sim.url, ignoreSslIssues: true });
	expect(result.status).toBe('OK');
	expect(result.message).toContain('TLS checks are OFF');
});
