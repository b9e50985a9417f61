/**
 * Options › Guid mapped per item: a value that is not text, or text no HTTP header can carry, is
 * refused for that item before anything is sent, naming Options › Guid (not the credential) and
 * never showing the value; the other items are still sent with their own Guid.
 */
import { allText } from '../harness/fixtures';
import { facts, runWorkflow } from '../harness/engine';
import { CEC, operationWorkflow } from '../harness/workflows';
import { startCanned, type CannedGateway } from './cannedGateway';

let gw: CannedGateway;
beforeAll(async () => {
	gw = await startCanned();
});
afterAll(async () => gw.close());
beforeEach(() => {
	gw.requests.length = 0;
	gw.answer({ '': { retcode: '0', message: 'success', result: { agentState: 4 } } });
});

const getStatusWithGuid = (guid: string) =>
	runWorkflow(
		operationWorkflow('agent', 'getStatus', { agentId: '101', options: { guid } }, [{}], {
			onError: 'continueRegularOutput',
		}),
		gw.credentials('credential-guid-1'),
	);

test.each([
	['a list', '={{ ["a", "b"] }}', 'a list'],
	['an object', '={{ { guid: "abc" } }}', 'an object'],
	['a number', '={{ 12345 }}', 'a number'],
	['a boolean', '={{ true }}', 'a boolean'],
])(
	'%s is refused as "must be text", naming the option; nothing is sent',
	async (_label, guid, got) => {
		const out = facts((await getStatusWithGuid(guid)).output(CEC)[0]);
		expect(out.error).toBe(`Options › Guid must be text; got ${got}`);
		expect(out).toEqual(
			expect.objectContaining({
				errorKind: 'validation',
				field: 'guid',
				fate: 'notSent',
			}),
		);
		expect(out.description).toBe(
			'Map it to the Guid string your agent desktop or CRM integration sends. Nothing was sent.',
		);
		expect(gw.requests).toHaveLength(0);
	},
);

test.each([
	['too long', 'g'.repeat(513), 'Options › Guid is 513 characters long; a Guid has at most 512'],
	['not ASCII', 'abc-ü.AgentGateway0', 'Options › Guid holds characters that are not ASCII'],
	[
		'a space inside',
		'abc def.AgentGateway0',
		'Options › Guid holds a space or control character inside it, which an HTTP header cannot carry',
	],
])(
	'%s: refused naming Options › Guid, without showing it; nothing is sent',
	async (_label, guid, message) => {
		const result = await getStatusWithGuid(guid);
		const out = facts(result.output(CEC)[0]);
		expect(out.error).toBe(message);
		expect(String(out.description)).toMatch(/A Guid looks like .* Nothing was sent\.$/);
		expect(allText(result.output(CEC))).not.toContain(guid);
		expect(gw.requests).toHaveLength(0);
	},
);

test("the item's Guid is sent as the Set-GUID header shows it, without JSESSIONID= and spaces; another item's bad Guid does not stop it", async () => {
	const result = await runWorkflow(
		operationWorkflow(
			'agent',
			'getStatus',
			{ agentId: '={{ $json.agentId }}', options: { guid: '={{ $json.guid }}' } },
			[
				{ agentId: 101, guid: '  JSESSIONID=item-guid-1 ' },
				{ agentId: 102, guid: 7 },
			],
			{ onError: 'continueRegularOutput' },
		),
		gw.credentials('credential-guid-1'),
	);
	const [first, second] = result.output(CEC).map(facts);
	expect(first).toEqual({ agentId: 101, agentState: 4, stateName: 'idle', inCall: false });
	expect(second).toEqual(
		expect.objectContaining({
			error: 'Options › Guid must be text; got a number',
			fate: 'notSent',
		}),
	);
	expect(gw.requests.map((r) => [r.url, r.guid])).toEqual([
		['/agentgateway/resource/onlineagent/101/agentstatus', 'item-guid-1'],
	]);
});
