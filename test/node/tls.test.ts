/** TLS and connection set-up: custom CA, unknown CA, wrong host name, the insecure switch, bad URLs. */
import { facts, runWorkflow } from '../harness/engine';
import { separateCa } from '../simulator/certs';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';

let gw: Gateway;
let wrongHost: Gateway;
let guid: string;
let agentId: string;
beforeAll(async () => {
	gw = await startGateway();
	wrongHost = await startGateway({ certHostnames: ['cc-gateway.example'] });
});
afterAll(async () => {
	await stopGateway(gw);
	await stopGateway(wrongHost);
});
beforeEach(async () => {
	const agent = await gw.sim.readyAgent();
	guid = agent.guid;
	agentId = agent.agentId;
	gw.sim.clearRequests();
});

const transfer = () =>
	transferWorkflow({ agentId: Number(agentId), deviceType: 1, address: '3', mode: 2 });

test('the gateway CA from the credential is trusted', async () => {
	const result = await runWorkflow(transfer(), gw.credentials({ guid }));
	expect(result.error).toBeUndefined();
	expect(facts(result.output(CEC)[0]).success).toBe(true);
});

test('an unknown CA is refused, pointing at CA Certificate first and the insecure switch last', async () => {
	const result = await runWorkflow(transfer(), gw.credentials({ guid, caPem: '' }));
	expect(result.error?.message).toMatch(/^The gateway's TLS certificate is not trusted \(/);
	const description = String(result.error?.description);
	expect(description.indexOf('CA Certificate')).toBeGreaterThanOrEqual(0);
	expect(description.indexOf('CA Certificate')).toBeLessThan(
		description.indexOf('Ignore SSL Issues'),
	);
	expect(description).toContain('Nothing was sent');
	expect(gw.transferPosts()).toHaveLength(0);
});

test('a certificate issued for another host name is refused and says so', async () => {
	const result = await runWorkflow(transfer(), wrongHost.credentials({ guid }));
	expect(result.error?.message).toBe(
		'The gateway\'s TLS certificate was not issued for "127.0.0.1"',
	);
	expect(wrongHost.transferPosts()).toHaveLength(0);
});

test('Ignore SSL Issues connects without the CA', async () => {
	const result = await runWorkflow(
		transfer(),
		gw.credentials({ guid, caPem: '', ignoreSslIssues: true }),
	);
	expect(result.error).toBeUndefined();
	expect(facts(result.output(CEC)[0]).success).toBe(true);
});

test('a CA that did not issue the certificate is refused', async () => {
	const result = await runWorkflow(
		transfer(),
		gw.credentials({ guid, caPem: separateCa(['127.0.0.1']).caPem }),
	);
	expect(result.error?.message).toMatch(/not trusted/);
});

test.each([
	['http://127.0.0.1:8043', 'must use https'],
	['not a url', 'has no scheme: it must start with https://'],
	['https://exa mple.com:8043', 'not a valid URL'],
	['localhost:18043', 'has no scheme: it must start with https://'],
	['host:8043', 'has no scheme: it must start with https://'],
])('Base URL %j is refused before anything is sent', async (baseUrl, words) => {
	const result = await runWorkflow(transfer(), gw.credentials({ guid, baseUrl }));
	expect(result.error?.message).toContain(words);
	expect(result.error?.description).toContain('8043');
	if (words.includes('no scheme') && baseUrl.includes(':'))
		expect(result.error?.description).toContain(`Write it as https://${baseUrl}`);
});

test('a closed port: connection refused, nothing sent, names the default port', async () => {
	const result = await runWorkflow(
		transfer(),
		gw.credentials({ guid, baseUrl: 'https://127.0.0.1:1' }),
	);
	expect(result.error?.message).toBe('The gateway at https://127.0.0.1:1 refused the connection');
	expect(result.error?.description).toContain('8043');
	expect(result.error?.description).toContain('Nothing was sent');
});
