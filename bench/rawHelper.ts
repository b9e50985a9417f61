/**
 * The bench floor inside n8n: a node type of the benchmark's own (never shipped) whose execute does
 * nothing but call n8n-core's request helper (`this.helpers.httpRequest`) once per item with the
 * options our node sends (stream, returnFullResponse, ignoreHttpStatusErrors, disableFollowRedirect,
 * agentOptions.ca, timeout), read the body and check the retcode. It runs in the same engine, from
 * the same pinned items, as our node, and maps the agent and the Guid with the same two expressions
 * (n8n evaluates them per item for any node); what our node takes beyond it is the node's own work.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { nodeTypes, runWorkflow, type WorkflowJson } from '../test/harness/engine';
import { transferWorkflow, TRIGGER } from '../test/harness/workflows';
import type { ChildGateway } from '../test/simulator/child';
import { BODY, type Items } from './throughput';

const RAW_TYPE = 'bench.rawHelper';
const RAW = 'Raw Helper';

class RawHelper implements INodeType {
	description = {
		displayName: RAW,
		name: 'rawHelper',
		group: ['output'],
		version: 1,
		description: 'n8n-core request helper, called once per item',
		defaults: { name: RAW },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'CA', name: 'ca', type: 'string', default: '' },
			{ displayName: 'In Flight', name: 'concurrency', type: 'number', default: 1 },
			{ displayName: 'Agent ID', name: 'agentId', type: 'string', default: '' },
			{ displayName: 'Guid', name: 'guid', type: 'string', default: '' },
		],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// Read once per run: the floor does no per-item parameter work at all.
		const url = this.getNodeParameter('url', 0) as string;
		const ca = this.getNodeParameter('ca', 0) as string;
		const concurrency = this.getNodeParameter('concurrency', 0) as number;
		const payload = JSON.stringify(BODY);
		const out = new Array<INodeExecutionData>(items.length);
		const one = async (i: number) => {
			const agentId = this.getNodeParameter('agentId', i) as string;
			const guid = this.getNodeParameter('guid', i) as string;
			const response = (await this.helpers.httpRequest({
				url: `${url}/agentgateway/resource/voicecall/${agentId}/transfer`,
				method: 'POST',
				headers: {
					accept: 'application/json',
					Guid: guid,
					'Content-Type': 'application/json; charset=UTF-8',
				},
				body: payload,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				agentOptions: { ca },
				timeout: 10_000,
			})) as { body: AsyncIterable<Buffer> };
			const chunks: Buffer[] = [];
			for await (const chunk of response.body) chunks.push(chunk);
			const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as IDataObject;
			if (envelope.retcode !== '0')
				throw new Error(`raw helper: retcode ${String(envelope.retcode)}`);
			out[i] = { json: envelope, pairedItem: { item: i } };
		};
		// Up to `concurrency` at once; the items cycle through 50 agents, so no agent is sent twice at once below 50.
		let next = 0;
		const worker = async () => {
			while (next < items.length) await one(next++);
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
		return [out];
	}
}

export function registerRawHelper(): void {
	nodeTypes.register(RAW_TYPE, new RawHelper());
}

function rawWorkflow(gw: ChildGateway, items: Items, concurrency: number): WorkflowJson {
	const base = transferWorkflow({}, items);
	return {
		...base,
		nodes: [
			base.nodes[0],
			{
				id: 'r',
				name: RAW,
				type: RAW_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					url: gw.url,
					ca: gw.caPem,
					concurrency,
					agentId: '={{ $json.agentId }}',
					guid: '={{ $json.guid }}',
				},
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: RAW, type: 'main', index: 0 }]] } },
	};
}

/** n8n-core's request helper in a loop, `concurrency` at a time; ms for all items. */
export async function rawHelper(gw: ChildGateway, items: Items, concurrency = 1): Promise<number> {
	const t0 = process.hrtime.bigint();
	const result = await runWorkflow(rawWorkflow(gw, items, concurrency), {});
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	if (result.error) throw result.error;
	if (result.output(RAW).length !== items.length)
		throw new Error('raw helper: not every item succeeded');
	return ms;
}
