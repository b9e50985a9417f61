/**
 * Voice Call › Transfer, run as real workflows through n8n-core's engine against the simulator
 * over HTTPS: the exact body the gateway receives, outputs, gateway refusals and Continue On Fail.
 */
import type { IDataObject } from 'n8n-workflow';

import { facts, runWorkflow } from '../harness/engine';
import { jsonOf, startGateway, stopGateway, type Gateway } from '../harness/fixtures';
import { CEC, transferWorkflow } from '../harness/workflows';

let gw: Gateway;
beforeAll(async () => {
	gw = await startGateway();
});
afterAll(async () => stopGateway(gw));
beforeEach(() => gw.sim.clearRequests());

let nextAgent = 1000;
async function agentInCall(call?: {
	direction?: 'inbound' | 'outbound';
	media?: 'voice' | 'video';
}) {
	return gw.sim.readyAgent({ agentId: String(nextAgent++), call });
}

/** Valid pairs and the options a user would typically add for them, with the body expected on the wire. */
const VALID: Array<{
	deviceType: number;
	mode: number;
	address: string;
	options: Record<string, unknown>;
	wire: IDataObject;
	ruleSet?: string;
}> = [
	{ deviceType: 1, mode: 0, address: '3', options: {}, wire: {} },
	{
		deviceType: 1,
		mode: 2,
		address: '3',
		options: { callAppData: 'case=1' },
		wire: { callappdata: 'case=1' },
	},
	{ deviceType: 2, mode: 0, address: '49998', options: {}, wire: {} },
	{ deviceType: 2, mode: 2, address: '49998', options: { skillId: 7 }, wire: { skillId: 7 } },
	{
		deviceType: 2,
		mode: 3,
		address: '49998',
		options: { ruleSet: 'extended' },
		wire: {},
		ruleSet: 'extended',
	},
	{ deviceType: 3, mode: 0, address: '1000', options: {}, wire: {} },
	{ deviceType: 3, mode: 1, address: '1000', options: {}, wire: {} },
	{ deviceType: 4, mode: 0, address: '990', options: {}, wire: {} },
	{ deviceType: 4, mode: 2, address: '990', options: {}, wire: {} },
	{
		deviceType: 5,
		mode: 1,
		address: '88880001',
		options: { mediaAbility: 0 },
		wire: { mediaability: 0 },
	},
	{
		deviceType: 5,
		mode: 2,
		address: '88880001',
		options: { caller: '40040' },
		wire: { caller: '40040' },
	},
	{
		deviceType: 5,
		mode: 3,
		address: '88880001',
		options: { caller: '40040', mediaAbility: 2 },
		wire: { caller: '40040', mediaability: 2 },
	},
	{ deviceType: 5, mode: 4, address: '88880001', options: {}, wire: { holdflag: true } },
	{
		deviceType: 5,
		mode: 4,
		address: '88880001',
		options: { holdFlag: false },
		wire: { holdflag: false },
	},
];

describe('every valid (deviceType, mode) reaches the gateway with the exact body', () => {
	test.each(VALID)(
		'deviceType $deviceType mode $mode $options',
		async ({ deviceType, mode, address, options, wire, ruleSet }) => {
			if (ruleSet === 'extended') {
				await gw.sim.close();
				gw = await startGateway({ ruleSet: 'extended' });
			}
			const agent = await agentInCall();
			const result = await runWorkflow(
				transferWorkflow({ agentId: Number(agent.agentId), deviceType, address, mode, options }),
				gw.credentials({ guid: agent.guid }),
			);
			expect(result.error).toBeUndefined();
			const posts = gw.transferPosts();
			expect(posts).toHaveLength(1);
			expect(posts[0].path).toBe(`/agentgateway/resource/voicecall/${agent.agentId}/transfer`);
			expect(JSON.parse(posts[0].body)).toEqual({ devicetype: deviceType, address, mode, ...wire });
			expect(posts[0].headers['content-type']).toBe('application/json; charset=UTF-8');
			expect(jsonOf(result.output(CEC))).toEqual([
				expect.objectContaining({
					success: true,
					retcode: '0',
					message: 'success',
					result: {},
					agentId: Number(agent.agentId),
					deviceType,
					address,
					mode,
				}),
			]);
			expect(result.trace(CEC)).not.toContain(agent.guid);
			if (ruleSet === 'extended') {
				await gw.sim.close();
				gw = await startGateway();
			}
		},
	);
});

describe('expressions', () => {
	test('every field can come from the item, numbers as strings included', async () => {
		const agent = await agentInCall();
		const result = await runWorkflow(
			transferWorkflow(
				{
					agentId: '={{ $json.agent }}',
					deviceType: '={{ $json.target }}',
					address: '={{ $json.number }}',
					mode: '={{ $json.how }}',
					options: {
						caller: '={{ $json.cli }}',
						holdFlag: '={{ $json.hold }}',
						guid: '={{ $json.token }}',
						callAppData: '={{ JSON.stringify($json.crm) }}',
					},
				},
				[
					{
						agent: agent.agentId,
						target: '5',
						number: 88880001,
						how: '4',
						cli: '40040',
						hold: 'false',
						token: agent.guid,
						crm: { case: 7 },
					},
				],
			),
			gw.credentials(),
		);
		expect(result.error).toBeUndefined();
		expect(JSON.parse(gw.transferPosts()[0].body)).toEqual({
			devicetype: 5,
			address: '88880001',
			mode: 4,
			caller: '40040',
			holdflag: false,
			callappdata: '{"case":7}',
		});
		expect(result.trace(CEC)).not.toContain(agent.guid);
	});
});

describe('gateway refusals', () => {
	test('wrong Guid → 000-003 explained, with the gateway message as description', async () => {
		const agent = await agentInCall();
		const result = await runWorkflow(
			transferWorkflow({ agentId: Number(agent.agentId), deviceType: 1, address: '3', mode: 2 }),
			gw.credentials({ guid: 'not-the-right-one.AgentGateway0' }),
		);
		expect(result.error?.message).toBe(
			"000-003: the agent's Guid is not accepted — it may have expired or rotated",
		);
		expect(result.error?.description).toContain("use the agent's current Guid".replace(/^u/, 'U'));
		expect(result.error?.description).toContain('Gateway message:');
		expect(gw.transferPosts()).toHaveLength(1);
	});

	test('agent not signed in → 100-006', async () => {
		gw.sim.createAgent('1900', 'pw');
		const result = await runWorkflow(
			transferWorkflow({ agentId: 1900, deviceType: 1, address: '3', mode: 2 }),
			gw.credentials({ guid: 'whatever.AgentGateway0' }),
		);
		expect(result.error?.message).toBe('100-006: the agent is not signed in');
	});

	test('agent without a call → 200-012', async () => {
		gw.sim.createAgent('1901', 'pw');
		const guid = await gw.sim.signIn('1901', 'pw');
		const result = await runWorkflow(
			transferWorkflow({ agentId: 1901, deviceType: 1, address: '3', mode: 2 }),
			gw.credentials({ guid }),
		);
		expect(result.error?.message).toBe('200-012: the agent has no call to transfer');
	});

	test('blind transfer of an outbound call to an external number is refused by the gateway', async () => {
		const agent = await agentInCall({ direction: 'outbound' });
		const result = await runWorkflow(
			transferWorkflow({
				agentId: Number(agent.agentId),
				deviceType: 5,
				address: '88880001',
				mode: 1,
			}),
			gw.credentials({ guid: agent.guid }),
		);
		expect(result.error?.message).toMatch(/^\d{3}-\d{3}: /);
		expect(gw.sim.agentState(agent.agentId).call).not.toBeNull();
	});

	test('a transfer that succeeded leaves the agent without a call; a second one gets 200-012 (no retry, no duplicate)', async () => {
		const agent = await agentInCall();
		const params = { agentId: Number(agent.agentId), deviceType: 1, address: '3', mode: 0 };
		const first = await runWorkflow(transferWorkflow(params), gw.credentials({ guid: agent.guid }));
		expect(first.error).toBeUndefined();
		const second = await runWorkflow(
			transferWorkflow(params),
			gw.credentials({ guid: agent.guid }),
		);
		expect(second.error?.message).toContain('200-012');
		expect(gw.transferPosts()).toHaveLength(2);
	});
});

describe('many items, mixed outcomes', () => {
	test('Continue On Fail: one output per input, in order, pairedItem set, failures explained', async () => {
		const a = await agentInCall();
		const b = await agentInCall();
		gw.sim.createAgent('1902', 'pw');
		const noCall = await gw.sim.signIn('1902', 'pw');
		const items = [
			{ agentId: a.agentId, guid: a.guid, deviceType: 1, address: '3', mode: 2 },
			{ agentId: a.agentId, guid: a.guid, deviceType: 1, address: '3', mode: 4 }, // invalid: never sent
			{ agentId: '1902', guid: noCall, deviceType: 1, address: '3', mode: 2 }, // 200-012
			{ agentId: b.agentId, guid: 'stale.AgentGateway0', deviceType: 3, address: '1000', mode: 1 }, // 000-003
			{ agentId: b.agentId, guid: b.guid, deviceType: 3, address: '1000', mode: 1 },
		];
		const result = await runWorkflow(
			transferWorkflow(
				{
					agentId: '={{ $json.agentId }}',
					deviceType: '={{ $json.deviceType }}',
					address: '={{ $json.address }}',
					mode: '={{ $json.mode }}',
					options: { guid: '={{ $json.guid }}' },
				},
				items,
				{ onError: 'continueRegularOutput' },
			),
			gw.credentials(),
		);
		expect(result.error).toBeUndefined();
		const out = result.output(CEC);
		expect(out.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(out.map((o) => facts(o).success === true)).toEqual([true, false, false, false, true]);
		expect(facts(out[1])).toEqual(
			expect.objectContaining({ errorKind: 'validation', field: 'mode', fate: 'notSent' }),
		);
		expect(facts(out[2])).toEqual(
			expect.objectContaining({
				errorKind: 'gateway',
				retcode: '200-012',
				meaning: 'the agent has no call to transfer',
			}),
		);
		expect(facts(out[3])).toEqual(
			expect.objectContaining({ retcode: '000-003', gatewayMessage: expect.any(String) }),
		);
		expect(gw.transferPosts()).toHaveLength(4);
		const text = result.trace(CEC);
		for (const secret of [a.guid, b.guid, noCall]) expect(text).not.toContain(secret);
	});

	test('without Continue On Fail an invalid item anywhere in the batch stops it before anything is sent', async () => {
		const a = await agentInCall();
		const b = await agentInCall();
		const result = await runWorkflow(
			transferWorkflow(
				{
					agentId: '={{ $json.agentId }}',
					deviceType: 1,
					address: '3',
					mode: '={{ $json.mode }}',
					options: { guid: '={{ $json.guid }}' },
				},
				[
					{ agentId: a.agentId, guid: a.guid, mode: 2 },
					{ agentId: b.agentId, guid: b.guid, mode: 9 },
					{ agentId: a.agentId, guid: a.guid, mode: 7 },
				],
			),
			gw.credentials(),
		);
		expect(result.error?.message).toBe(
			'Item 2: Mode 9 is not a transfer mode; for Skill Queue use 0 Blind, 2 Release After Transfer',
		);
		expect((result.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(
			1,
		);
		expect(result.error?.description).toContain('Nothing was sent for any item');
		expect(result.error?.description).toContain('Item 3 of the 3 items is invalid too');
		// the valid first item was not transferred either: running again cannot transfer it twice
		expect(gw.transferPosts()).toHaveLength(0);
	});

	test('without Continue On Fail a gateway refusal stops the run after the items before it, naming the item', async () => {
		const a = await agentInCall();
		gw.sim.createAgent('1903', 'pw');
		const noCall = { agentId: '1903', guid: await gw.sim.signIn('1903', 'pw') };
		const result = await runWorkflow(
			transferWorkflow(
				{
					agentId: '={{ $json.agentId }}',
					deviceType: 1,
					address: '3',
					mode: 2,
					options: { guid: '={{ $json.guid }}' },
				},
				[
					{ agentId: a.agentId, guid: a.guid },
					{ agentId: noCall.agentId, guid: noCall.guid },
					{ agentId: a.agentId, guid: a.guid },
				],
			),
			gw.credentials(),
		);
		expect(result.error?.message).toBe('200-012: the agent has no call to transfer');
		expect((result.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(
			1,
		);
		expect(gw.transferPosts().map((r) => r.path)).toEqual([
			`/agentgateway/resource/voicecall/${a.agentId}/transfer`,
			`/agentgateway/resource/voicecall/${noCall.agentId}/transfer`,
		]);
	});
});

describe('invalid input is never sent', () => {
	test.each([
		[
			'agent ID 100',
			{ agentId: 100, deviceType: 1, address: '3', mode: 0 },
			'Agent ID must be between 101 and 59999; got 100',
		],
		[
			'agent ID 60000',
			{ agentId: 60000, deviceType: 1, address: '3', mode: 0 },
			'Rule Set to Extended',
		],
		[
			'a 25-character address',
			{ agentId: 101, deviceType: 4, address: '1'.repeat(25), mode: 0 },
			'at most 24 characters',
		],
		[
			'the vendor example (Agent, mode 3)',
			{ agentId: 101, deviceType: 2, address: '49998', mode: 3 },
			'Rule Set to Extended',
		],
		[
			'IVR with mode 2',
			{ agentId: 101, deviceType: 3, address: '1000', mode: 2 },
			'for IVR use 0 Blind, 1 Hang-Up',
		],
		[
			'External Number with mode 0',
			{ agentId: 101, deviceType: 5, address: '8888', mode: 0 },
			'for External Number use 1 Blind',
		],
		[
			'16385 bytes of call data',
			{
				agentId: 101,
				deviceType: 1,
				address: '3',
				mode: 0,
				options: { callAppData: 'x'.repeat(16385) },
			},
			'16385 bytes',
		],
		[
			'a caller with letters',
			{ agentId: 101, deviceType: 5, address: '8888', mode: 2, options: { caller: '12ab' } },
			'Caller Number may hold only digits',
		],
		[
			'agent ID "../1" from an expression',
			{ agentId: '={{ "../1" }}', deviceType: 1, address: '3', mode: 0 },
			'Agent ID must be a whole number',
		],
	])('%s', async (_label, params, words) => {
		const agent = await agentInCall();
		const result = await runWorkflow(
			transferWorkflow(params),
			gw.credentials({ guid: agent.guid }),
		);
		expect(result.error?.message).toContain(words);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(gw.transferPosts()).toHaveLength(0);
	});

	test('no Guid anywhere: says where to get one, sends nothing', async () => {
		const result = await runWorkflow(
			transferWorkflow({ agentId: 101, deviceType: 1, address: '3', mode: 0 }),
			gw.credentials(),
		);
		expect(result.error?.message).toBe(
			'Item 1: No Guid for this agent: the credential has none and Options › Guid is not set',
		);
		expect(result.error?.description).toContain('Set-GUID');
		expect(gw.transferPosts()).toHaveLength(0);
	});

	test.each([
		['CR/LF', 'abc\r\nX-Evil: 1'],
		['a space', 'abc def'],
		['NUL', 'abc\u0000'],
	])('a Guid holding %s is refused before sending', async (_label, guid) => {
		const result = await runWorkflow(
			transferWorkflow({ agentId: 101, deviceType: 1, address: '3', mode: 0, options: { guid } }),
			gw.credentials(),
		);
		expect(result.error?.message).toContain('which an HTTP header cannot carry');
		// n8n keeps the node's own parameters with the error; our message and description never hold the value
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain(guid);
		expect(gw.transferPosts()).toHaveLength(0);
	});

	test.each([
		['20 KB long', 'a'.repeat(20_000), 'is 20000 characters long; a Guid has at most 512'],
		['not ASCII', 'abcé-12.AgentGateway0', 'holds characters that are not ASCII'],
		['only white space', '   ', 'Options › Guid is empty for this item'],
	])(
		'a Guid %s is refused before sending, as a validation failure of the field guid',
		async (_label, guid, words) => {
			const result = await runWorkflow(
				transferWorkflow(
					{
						agentId: 101,
						deviceType: 1,
						address: '3',
						mode: 0,
						options: { guid: '={{ $json.guid }}' },
					},
					[{ guid }],
					{ onError: 'continueRegularOutput' },
				),
				gw.credentials(),
			);
			const out = facts(result.output(CEC)[0]);
			expect(String(out.error)).toContain(words);
			expect(out).toEqual(
				expect.objectContaining({
					error: expect.any(String),
					errorKind: 'validation',
					field: 'guid',
					fate: 'notSent',
				}),
			);
			expect(JSON.stringify(out)).not.toContain(guid.trim() || 'never-empty');
			expect(gw.transferPosts()).toHaveLength(0);
		},
	);
});

describe('the Guid as people paste it', () => {
	test.each([
		['as the Set-GUID header shows it', (g: string) => `JSESSIONID=${g}`],
		['with a line break after it', (g: string) => `${g}\r\n`],
	])('%s is accepted and sent bare', async (_label, shape) => {
		const a = await agentInCall();
		const result = await runWorkflow(
			transferWorkflow(
				{
					agentId: Number(a.agentId),
					deviceType: 1,
					address: '3',
					mode: 2,
					options: { guid: '={{ $json.guid }}' },
				},
				[{ guid: shape(a.guid) }],
			),
			gw.credentials(),
		);
		expect(result.error).toBeUndefined();
		expect(facts(result.output(CEC)[0]).success).toBe(true);
		// the simulator accepts only the agent's exact Guid
		expect(gw.transferPosts().map((r) => r.retcode)).toEqual(['0']);
	});
});
