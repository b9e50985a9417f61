/**
 * The three ways of sending the same N transfers: a bare undici keep-alive loop (the floor), our
 * node in a workflow, and n8n's HTTP Request node configured as a user would.
 */
import type { INodeType } from 'n8n-workflow';
import { Agent, request } from 'undici';

import { nodeTypes, runWorkflow, type WorkflowJson } from '../test/harness/engine';
import { CEC, TRIGGER, operationWorkflow, transferWorkflow } from '../test/harness/workflows';
import type { ChildGateway as BenchGateway } from '../test/simulator/child';

/** The transfer every benchmark sends: a three-party transfer keeps the call, so it can repeat. */
export const BODY = { devicetype: 5, address: '88880001', mode: 4, holdflag: true } as const;

export type Items = Array<{ agentId: string; guid: string; callId?: string }>;

export function itemsFor(gw: BenchGateway, n: number): Items {
	return Array.from({ length: n }, (_, i) => gw.agents[i % gw.agents.length]);
}

/** The floor: one keep-alive connection pool, one request after another, nothing else. */
export async function floor(gw: BenchGateway, items: Items): Promise<number> {
	const agent = new Agent({ connect: { ca: gw.caPem } });
	const payload = JSON.stringify(BODY);
	const t0 = process.hrtime.bigint();
	for (const item of items) {
		const res = await request(
			`${gw.url}/agentgateway/resource/voicecall/${item.agentId}/transfer`,
			{
				method: 'POST',
				dispatcher: agent,
				headers: { guid: item.guid, 'content-type': 'application/json; charset=UTF-8' },
				body: payload,
			},
		);
		const envelope = (await res.body.json()) as { retcode: string };
		if (envelope.retcode !== '0') throw new Error(`floor: retcode ${envelope.retcode}`);
	}
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	await agent.close();
	return ms;
}

/**
 * `literal`: every field a fixed value and the Guid in the credential (one agent), so no n8n
 * expression is evaluated per item: what is left is the node's own cost plus n8n's per-item basics.
 */
export async function ourNode(
	gw: BenchGateway,
	items: Items,
	concurrency = 1,
	literal = false,
	insecure = false,
	guarded = false,
): Promise<number> {
	const first = gw.agents[0];
	const workflow = transferWorkflow(
		{
			agentId: literal ? Number(first.agentId) : '={{ $json.agentId }}',
			deviceType: BODY.devicetype,
			address: BODY.address,
			mode: BODY.mode,
			options: {
				...(literal ? {} : { guid: '={{ $json.guid }}' }),
				...(concurrency > 1 ? { concurrency } : {}),
				...(guarded ? { onlyIfCallId: '={{ $json.callId }}' } : {}),
			},
		},
		items,
	);
	const credentials = {
		huaweiCecApi: {
			baseUrl: gw.url,
			guid: literal ? first.guid : '',
			caPem: insecure ? '' : gw.caPem,
			ignoreSslIssues: insecure,
		},
	};
	const t0 = process.hrtime.bigint();
	const result = await runWorkflow(workflow, credentials);
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	if (result.error) throw result.error;
	const out = result.output(CEC);
	if (out.length !== items.length || out.some((o) => o.json.success !== true))
		throw new Error('our node: not every item succeeded');
	return ms;
}

/** Each item with its agent's current call ID, for the guarded transfers (a three-party transfer keeps the call). */
export async function withCallIds(gw: BenchGateway, items: Items): Promise<Items> {
	const workflow = operationWorkflow(
		'voiceCall',
		'getCallInfo',
		{ agentId: '={{ $json.agentId }}', options: { guid: '={{ $json.guid }}' } },
		gw.agents,
	);
	const result = await runWorkflow(workflow, {
		huaweiCecApi: { baseUrl: gw.url, guid: '', caPem: gw.caPem, ignoreSslIssues: false },
	});
	const callIds = new Map(
		result.output(CEC).map((o) => [String(o.json.agentId), String(o.json.callId)]),
	);
	return items.map((item) => ({ ...item, callId: callIds.get(item.agentId) }));
}

/** Voice Call › Get Call Info for every item: the read-only query Wait for Outcome repeats. */
export async function ourQuery(gw: BenchGateway, items: Items): Promise<number> {
	const workflow = operationWorkflow(
		'voiceCall',
		'getCallInfo',
		{ agentId: '={{ $json.agentId }}', options: { guid: '={{ $json.guid }}' } },
		items,
	);
	const credentials = {
		huaweiCecApi: { baseUrl: gw.url, guid: '', caPem: gw.caPem, ignoreSslIssues: false },
	};
	const t0 = process.hrtime.bigint();
	const result = await runWorkflow(workflow, credentials);
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	if (result.error) throw result.error;
	const out = result.output(CEC);
	if (out.length !== items.length || out.some((o) => o.json.hasCall !== true))
		throw new Error('Get Call Info: not every item saw its call');
	return ms;
}

const HTTP_TYPE = 'n8n-nodes-base.httpRequest';

export function registerHttpNode(node: INodeType): void {
	nodeTypes.register(HTTP_TYPE, node);
}

/** n8n's HTTP Request node as a user would set it up for this call: JSON body, Guid header. */
function httpRequestWorkflow(url: string, items: Items): WorkflowJson {
	const base = transferWorkflow({}, items);
	return {
		...base,
		nodes: [
			base.nodes[0],
			{
				id: 'h',
				name: 'HTTP Request',
				type: HTTP_TYPE,
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'POST',
					url: `={{ "${url}/agentgateway/resource/voicecall/" + $json.agentId + "/transfer" }}`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Guid', value: '={{ $json.guid }}' }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify(BODY),
					// The HTTP Request node cannot take a per-credential CA; users skip verification instead.
					options: { allowUnauthorizedCerts: true },
				},
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
	};
}

export async function httpRequestNode(gw: BenchGateway, items: Items): Promise<number> {
	const t0 = process.hrtime.bigint();
	const result = await runWorkflow(httpRequestWorkflow(gw.url, items), {});
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	if (result.error) throw result.error;
	const out = result.output('HTTP Request');
	if (out.length !== items.length || out.some((o) => o.json.retcode !== '0'))
		throw new Error('HTTP Request node: not every item succeeded');
	return ms;
}
