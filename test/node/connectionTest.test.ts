/**
 * The credential's connection test, the branches a user meets while filling in the credential: an
 * Agent ID for Connection Test that is not an agent ID, a Guid no header can carry, a credential with
 * no data yet, an unknown retcode, and the transport's words when the gateway cannot be reached;
 * and the Guid accepted in every form the node accepts. Each refusal before sending is checked to
 * have sent nothing.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

import type { ICredentialTestFunctions } from 'n8n-workflow';

import { huaweiCecApiTest } from '../../nodes/HuaweiCec/credentialTest';
import { connectionTest } from '../harness/connectionTest';
import { runWorkflow } from '../harness/engine';
import { startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { operationWorkflow } from '../harness/workflows';
import { startCanned, type CannedGateway } from './cannedGateway';

let gw: CannedGateway;
beforeAll(async () => {
	gw = await startCanned();
});
afterAll(async () => gw.close());
beforeEach(() => {
	gw.requests.length = 0;
	gw.answer({
		'': { retcode: '0', message: 'success', result: { agentState: 4, isWorking: true } },
	});
});

const reachable = () => ({ baseUrl: gw.url, caPem: gw.caPem });

describe('Agent ID for Connection Test', () => {
	test.each([
		['letters', 'agent101', 'agent101'],
		['two digits', '12', '12'],
		['seven digits', '1234567', '1234567'],
		['a long value, shown cut to 20 characters', 'x'.repeat(40), 'x'.repeat(20)],
	])(
		'%s is refused, naming the field and what it got; nothing was sent',
		async (_label, testAgentId, shown) => {
			const result = await connectionTest({ ...reachable(), guid: 'g-1', testAgentId });
			expect(result).toEqual({
				status: 'Error',
				message: `Agent ID for Connection Test must be an agent ID such as 101; got "${shown}"`,
			});
			expect(gw.requests).toHaveLength(0);
		},
	);

	test('a number (not text) is read as the agent ID', async () => {
		const result = await connectionTest({ ...reachable(), guid: 'g-1', testAgentId: 101 });
		expect(result).toEqual({
			status: 'OK',
			message: 'The CC-Gateway accepted the Guid for agent 101 and its certificate was verified.',
		});
		expect(gw.requests.map((r) => r.url)).toEqual([
			'/agentgateway/resource/onlineagent/101/agentstatus',
		]);
	});
});

describe('a Guid no header can carry, with a test agent set', () => {
	test.each([
		[
			'too long',
			'a'.repeat(600),
			/^The credential's Guid is 600 characters long; a Guid has at most \d+\. Check what is entered or mapped there\./,
		],
		[
			'not ASCII',
			'abc-ä-def.AgentGateway0',
			/^The credential's Guid holds characters that are not ASCII\. Copy the Guid again\./,
		],
		[
			'a space inside',
			'abc def.AgentGateway0',
			/^The credential's Guid holds a space or control character inside it, which an HTTP header cannot carry\. Copy the Guid again\./,
		],
		[
			'a tab inside',
			'abc\tdef.AgentGateway0',
			/^The credential's Guid holds a space or control character inside it/,
		],
	])('%s: refused before sending, without showing the Guid', async (_label, guid, message) => {
		const result = await connectionTest({ ...reachable(), guid, testAgentId: '101' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).toContain('A Guid looks like');
		expect(result.message).not.toContain(guid);
		expect(gw.requests).toHaveLength(0);
	});

	test('without a test agent the Guid is not checked, so an odd one does not fail the connection test', async () => {
		const result = await connectionTest({ ...reachable(), guid: 'abc def' });
		expect(result.status).toBe('OK');
		expect(result.message).toContain('The Guid was not checked');
		expect(gw.requests).toHaveLength(1);
	});
});

test('a credential without any data yet: the Base URL is named as empty, and nothing was sent', async () => {
	const result = await connectionTest(undefined);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(
		/^The credential's Base URL is empty\. Enter it as https:\/\/<gateway host>:<port>/,
	);
	expect(result.message).toMatch(/Nothing was sent\.$/);
});

test('a retcode this node does not know: Error with the agent, the code and that it is unknown', async () => {
	gw.answer({ '': { retcode: '999-001', message: 'odd', result: {} } });
	const result = await connectionTest({ ...reachable(), guid: 'g-1', testAgentId: '101' });
	expect(result).toEqual({
		status: 'Error',
		message:
			'Agent 101: 999-001: the gateway refused the request with a code this node does not know',
	});
});

test('an answer that is not a CC-Gateway answer fails the test, even without a test agent', async () => {
	gw.answer({ '': { hello: 'world' } });
	const result = await connectionTest({ ...reachable(), guid: '' });
	expect(result.status).toBe('Error');
	expect(result.message).toContain(
		"The gateway's answer is JSON but has no retcode, so it is not a CC-Gateway answer.",
	);
	expect(result.message).toContain('read-only query');
});

test('a port nothing listens on: refused, naming the port to check, and nothing was sent', async () => {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as AddressInfo;
	await new Promise((resolve) => probe.close(resolve));
	const result = await connectionTest({
		baseUrl: `https://127.0.0.1:${port}`,
		caPem: gw.caPem,
		guid: '',
	});
	expect(result).toEqual({
		status: 'Error',
		message: expect.stringMatching(
			new RegExp(
				`^The gateway at https://127\\.0\\.0\\.1:${port} refused the connection\\. Check the Base URL's host and port`,
			),
		),
	});
	expect(result.message).toMatch(/Nothing was sent\.$/);
});

test("n8n's legacy request helper is asked for the credential's CA, no redirects, the test's timeout and a stream", async () => {
	const { Readable } = await import('node:stream');
	const request = jest.fn().mockResolvedValue({
		statusCode: 200,
		headers: { 'content-type': 'application/json' },
		body: Readable.from([Buffer.from('{"retcode":"0","result":{"agentState":4}}')]),
	});
	const result = await huaweiCecApiTest.call(
		{ helpers: { request } } as unknown as ICredentialTestFunctions,
		{
			id: '1',
			name: 'cec',
			type: 'huaweiCecApi',
			data: {
				baseUrl: 'https://cc-gateway.example.com:8043/cec/',
				caPem: gw.caPem,
				guid: 'g-1',
				testAgentId: '205',
			},
		},
	);
	expect(result).toEqual({
		status: 'OK',
		message: 'The CC-Gateway accepted the Guid for agent 205 and its certificate was verified.',
	});
	expect(request).toHaveBeenCalledTimes(1);
	const options = request.mock.calls[0][0];
	expect(options).toEqual(
		expect.objectContaining({
			uri: 'https://cc-gateway.example.com:8043/cec/agentgateway/resource/onlineagent/205/agentstatus',
			method: 'GET',
			followRedirect: false,
			simple: false,
			useStream: true,
			timeout: 10_000,
			agentOptions: { ca: expect.stringContaining('-----BEGIN CERTIFICATE-----') },
		}),
	);
	expect(options.headers).toEqual(expect.objectContaining({ Guid: 'g-1' }));
	expect(options).not.toHaveProperty('rejectUnauthorized');
});

describe('the connection test accepts the Guid in every form the node accepts', () => {
	let sim: Gateway;
	beforeAll(async () => {
		sim = await startGateway();
	});
	afterAll(async () => stopGateway(sim));
	beforeEach(() => sim.sim.clearRequests());

	test.each([
		['as the Set-GUID header shows it', (g: string) => `JSESSIONID=${g}`],
		['with a trailing line break', (g: string) => `${g}\n`],
		['with spaces around it', (g: string) => `  ${g}  `],
	])('%s', async (_label, form) => {
		const agent = await sim.sim.readyAgent();
		const guid = form(agent.guid);
		const result = await connectionTest({
			baseUrl: sim.sim.url,
			caPem: sim.sim.caPem,
			guid,
			testAgentId: agent.agentId,
		});
		expect(result).toEqual({
			status: 'OK',
			message: expect.stringContaining(`accepted the Guid for agent ${agent.agentId}`),
		});
		// and the node accepts the same credential
		const run = await runWorkflow(
			operationWorkflow('agent', 'getStatus', { agentId: agent.agentId }),
			sim.credentials({ guid }),
		);
		expect(run.error).toBeUndefined();
	});

	test('an Agent ID for Connection Test without a Guid names the Guid as what is missing', async () => {
		const result = await connectionTest({
			baseUrl: sim.sim.url,
			caPem: sim.sim.caPem,
			guid: '  ',
			testAgentId: '101',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toContain('the Guid is empty');
		expect(sim.sim.requests()).toHaveLength(0);
	});
});
