/**
 * The integration agent credential: its connection test (sign in and out once, says which step
 * failed, never forces anyone out, respects and sets the wrong-password block), the field checks,
 * the skill queue dropdown, and the failures of the way there (a reset, a redirect, an answer of
 * unknown shape) in the node's words.
 */
import { OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import { CredentialTestContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HuaweiCecIntegrationAgentApi } from '../../credentials/HuaweiCecIntegrationAgentApi.credentials';
import { HuaweiCec } from '../../nodes/HuaweiCec/HuaweiCec.node';
import {
	parseIntegrationCredentials,
	SessionError,
} from '../../nodes/HuaweiCec/helpers/integration';
import { huaweiCecIntegrationAgentApiTest } from '../../nodes/HuaweiCec/integrationCredentialTest';
import { listSkillQueues } from '../../nodes/HuaweiCec/methods/loadOptions';
import { facts, runWorkflow } from '../harness/engine';
import { CEC, operationWorkflow } from '../harness/workflows';
import { startSimulator, type Simulator } from '../simulator';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ authMode: 'static', pollHoldMs: 0, idleSignOutMs: 0 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.clearRequests();
	sim.clearFaults();
});

let next = 31001;
function agent(password = 'pw#1') {
	const agentId = String(next++);
	sim.createAgent(agentId, password);
	sim.setAgentProfile(agentId, { inspector: true });
	return {
		agentId,
		data: (more: IDataObject = {}): ICredentialDataDecryptedObject =>
			({
				baseUrl: sim.url,
				caPem: sim.caPem,
				agentId,
				password,
				phoneNumber: '7001',
				...more,
			}) as ICredentialDataDecryptedObject,
	};
}

async function connectionTest(data: IDataObject) {
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
	return await huaweiCecIntegrationAgentApiTest.call(
		context as unknown as ICredentialTestFunctions,
		{
			id: '2',
			name: 'integration',
			type: 'huaweiCecIntegrationAgentApi',
			data: data as never,
		},
	);
}

describe('the connection test', () => {
	test('the node offers both credentials, each shown for its Authentication, each with its test', () => {
		const node = new HuaweiCec();
		expect(node.description.credentials).toEqual([
			expect.objectContaining({
				name: 'huaweiCecApi',
				testedBy: 'huaweiCecApiTest',
				displayOptions: { show: { authentication: ['agentGuid'] } },
			}),
			expect.objectContaining({
				name: 'huaweiCecIntegrationAgentApi',
				testedBy: 'huaweiCecIntegrationAgentApiTest',
				displayOptions: { show: { authentication: ['integrationAgent'] } },
			}),
		]);
		const auth = node.description.properties.find((p) => p.name === 'authentication');
		expect(auth?.default).toBe('agentGuid');
		const props = Object.fromEntries(
			new HuaweiCecIntegrationAgentApi().properties.map((p) => [p.name, p]),
		);
		expect(props.password.typeOptions?.password).toBe(true);
		expect(props.password.description).toContain('LOGIN_PWD_DECRYPT_ENABLE');
		expect(props.authMode.default).toBe('dynamic');
	});

	test('a credential without data: the fields are named, nothing is sent', async () => {
		const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
		const result = await huaweiCecIntegrationAgentApiTest.call(
			context as unknown as ICredentialTestFunctions,
			{ id: '2', name: 'integration', type: 'huaweiCecIntegrationAgentApi' },
		);
		expect([result.status, result.message]).toEqual(['Error', expect.stringContaining('Base URL')]);
	});

	test('signs in and out once; the agent is signed out afterwards', async () => {
		const a = agent();
		const result = await connectionTest(a.data());
		expect(result).toEqual({
			status: 'OK',
			message: `Signed integration agent ${a.agentId} in and out again; the gateway's certificate was verified.`,
		});
		expect(
			sim
				.requests()
				.map((r) => `${r.method} ${r.path.replace('/agentgateway/resource/', '')} ${r.retcode}`),
		).toEqual([`PUT onlineagent/${a.agentId} 0`, `DELETE onlineagent/${a.agentId}/logout 0`]);
		expect(sim.agentState(a.agentId).signedIn).toBe(false);
	});

	test('already signed in: says so and does not take it over', async () => {
		const a = agent();
		await sim.signIn(a.agentId, 'pw#1');
		const result = await connectionTest(a.data());
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Step 1 of 2, sign-in: 100-002');
		expect(result.message).toContain('does not take it over');
		expect(sim.requests().filter((r) => r.path.endsWith('/forcelogin'))).toHaveLength(0);
	});

	test('a wrong password: one attempt, then blocked for the test and for runs', async () => {
		const a = agent();
		const first = await connectionTest(a.data({ password: 'nope' }));
		expect(first.message).toContain('Step 1 of 2, sign-in: 100-004: wrong agent ID or password');
		const second = await connectionTest(a.data({ password: 'nope' }));
		expect(second.message).toContain('Not signing in integration agent');
		expect(sim.requests().filter((r) => r.method === 'PUT')).toHaveLength(1);
		const run = await runWorkflow(
			operationWorkflow(
				'agent',
				'getStatusByWorkNo',
				{ authentication: 'integrationAgent', workNo: '101' },
				[{}],
				{
					credentials: { huaweiCecIntegrationAgentApi: { id: '2', name: 'i' } },
				},
			),
			{ huaweiCecIntegrationAgentApi: a.data({ password: 'nope' }) },
		);
		expect(run.error?.message).toContain('refused with 100-004');
		expect(sim.requests().filter((r) => r.method === 'PUT')).toHaveLength(1);
	});

	test('a locked account, a refused sign-in, a failed sign-out, no way there: each names its step', async () => {
		const locked = agent();
		sim.setAgentProfile(locked.agentId, { locked: true });
		expect((await connectionTest(locked.data())).message).toContain('110-016');

		const phone = agent();
		expect((await connectionTest(phone.data({ phoneNumber: '+' }))).status).toBe('OK');

		const out = agent();
		sim.injectFault({ kind: 'http500', pathIncludes: '/logout' });
		expect((await connectionTest(out.data())).message).toContain(
			'Step 2 of 2, sign-out: The gateway answered HTTP 500',
		);

		const refused = await connectionTest(agent().data({ baseUrl: 'https://127.0.0.1:1' }));
		expect(refused.message).toContain('Step 1 of 2, sign-in: Signing in integration agent');
		expect(refused.message).toContain('refused the connection');
	});

	test('fields are checked before anything is sent', async () => {
		const a = agent();
		const cases: Array<[IDataObject, string]> = [
			[{ agentId: '12' }, 'Agent ID must be'],
			[{ password: 'x'.repeat(33) }, 'longer than 32'],
			[{ phoneNumber: '' }, 'Softphone Number'],
			[{ ip: 'fe80::1' }, 'IPv4'],
			[{ baseUrl: 'http://x' }, 'https'],
		];
		for (const [more, text] of cases) {
			const result = await connectionTest(a.data(more));
			expect([result.status, result.message]).toEqual(['Error', expect.stringContaining(text)]);
		}
		expect(sim.requests()).toHaveLength(0);
	});

	test('the sign-in body: the vendor defaults, or the chosen options', () => {
		const parsed = parseIntegrationCredentials({
			baseUrl: 'https://gw.example:8043',
			agentId: 1001,
			password: '',
			phoneNumber: '7001',
			authMode: 'static',
			stateAfterSignIn: 3,
			autoAnswer: false,
			ip: '10.1.2.3',
			ifSignedInElsewhere: 'fail',
		});
		expect(parsed).toEqual(
			expect.objectContaining({
				agentId: '1001',
				authMode: 'static',
				ifSignedInElsewhere: 'fail',
				signIn: {
					status: 3,
					autoAnswer: false,
					autoEnterIdle: true,
					releasePhone: true,
					checkInWebm: true,
					ip: '10.1.2.3',
				},
			}),
		);
		expect(parsed.key).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(parsed)).not.toContain('"password":"x"');
		expect(() =>
			parseIntegrationCredentials({ baseUrl: 'https://gw', agentId: '1', phoneNumber: '1' }),
		).toThrow(SessionError);
	});
});

describe('the skill queue dropdown', () => {
	function loadContext(parameters: IDataObject, credentials: IDataObject) {
		return {
			getCurrentNodeParameter: (name: string) => parameters[name],
			getNode: () => ({ name: 'Huawei CEC' }) as INode,
			getCredentials: async () => credentials,
			// exactly what this.helpers.httpRequest runs in n8n-core 2.41
			helpers: {
				httpRequest: async (options: IHttpRequestOptions) =>
					await Container.get(OutboundHttp).requests().request(options),
			},
		} as unknown as ILoadOptionsFunctions;
	}

	test('lists the VDN’s queues by name (ID), in n8n’s order', async () => {
		const a = agent();
		sim.setQueue(9, { name: 'Austria' });
		sim.setQueue(99, { name: '' });
		const run = await runWorkflow(
			operationWorkflow(
				'queue',
				'getStatistics',
				{ authentication: 'integrationAgent', skillIds: [9] },
				[{}],
				{
					credentials: { huaweiCecIntegrationAgentApi: { id: '2', name: 'i' } },
				},
			),
			{ huaweiCecIntegrationAgentApi: a.data() },
		);
		expect(run.output(CEC)[0].json).toEqual(
			expect.objectContaining({ skillId: 9, description: 'Austria' }),
		);
		const ctx = loadContext({ authentication: 'integrationAgent' }, a.data());
		const options = await listSkillQueues.call(ctx);
		// a queue without a name is listed by its ID, in n8n's order among the names
		expect(options.filter((o) => o.value !== 99).slice(0, 4)).toEqual([
			{ name: 'Austria (9)', value: 9 },
			{ name: 'Billing (2)', value: 2 },
			{ name: 'General (1)', value: 1 },
			{ name: 'Sales (3)', value: 3 },
		]);
		expect(options).toContainEqual({ name: '99', value: 99 });
	});

	test('under the Agent’s Guid authentication it says to use an expression', async () => {
		await expect(
			listSkillQueues.call(loadContext({ authentication: 'agentGuid' }, {})),
		).rejects.toThrow('Skill queues are listed through the integration agent');
	});

	test('a failure says to enter the ID instead', async () => {
		const ctx = loadContext(
			{ authentication: 'integrationAgent' },
			agent().data({ phoneNumber: '' }),
		);
		await expect(listSkillQueues.call(ctx)).rejects.toThrow(
			'The skill queues of the VDN could not be read',
		);
	});
});

describe('failures on the way there', () => {
	const run = (
		a: ReturnType<typeof agent>,
		resource: string,
		operation: string,
		params: IDataObject,
	) =>
		runWorkflow(
			operationWorkflow(
				resource,
				operation,
				{ authentication: 'integrationAgent', ...params },
				[{}],
				{
					credentials: { huaweiCecIntegrationAgentApi: { id: '2', name: 'i' } },
					onError: 'continueErrorOutput',
				},
			),
			{ huaweiCecIntegrationAgentApi: a.data() },
		);

	test('a supervisor action whose connection is reset may have happened, and says what a repeat does', async () => {
		const a = agent();
		sim.createAgent('31901', 'pw');
		await sim.signIn('31901', 'pw');
		sim.injectFault({ kind: 'reset', pathIncludes: '/forceidle/' });
		const [failed] = (await run(a, 'supervisor', 'forceIdle', { workNo: '31901' })).errorOutput(
			CEC,
		);
		expect(facts(failed)).toEqual(
			expect.objectContaining({ errorKind: 'transport', fate: 'unknown', workNo: 31901 }),
		);
		expect(String(facts(failed).description)).toContain(
			'The force idle may or may not have happened. Repeating it is harmless',
		);
	});

	test('a query refused before the gateway (a redirect) and an answer of unknown shape', async () => {
		const a = agent();
		sim.injectFault({ kind: 'http500', pathIncludes: '/queryacdstat' });
		const [http] = (await run(a, 'queue', 'getStatistics', { skillIds: '1' })).errorOutput(CEC);
		expect(facts(http)).toEqual(
			expect.objectContaining({ errorKind: 'transport', cause: 'httpStatus' }),
		);
		expect(String(facts(http).description)).toContain('read-only query');
		sim.injectFault({ kind: 'noRetcode', pathIncludes: '/agentbyskill/' });
		const [shape] = (await run(a, 'queue', 'getAgents', { skillId: 1 })).errorOutput(CEC);
		expect(facts(shape).errorKind).toBe('transport');
	});
});
