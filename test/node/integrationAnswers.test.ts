/**
 * The typed queries of helpers/integration.ts against scripted gateway answers (the shapes the pages
 * describe, and shapes they do not), and how each kind of failure reads as n8n's error
 * (helpers/integrationItem.ts): a session not had, the way there, a refusal, an unknown shape.
 */
import { Readable } from 'node:stream';

import type { IHttpRequestOptions, INode } from 'n8n-workflow';

import {
	getAgentByWorkNo,
	getAgentsBySkill,
	getQueueStatistics,
	IntegrationAnswerError,
	listVdnSkillQueues,
	SessionError,
} from '../../nodes/HuaweiCec/helpers/integration';
import { integrationFailure } from '../../nodes/HuaweiCec/helpers/integrationItem';
import { READ_ONLY, TransportError } from '../../nodes/HuaweiCec/transport';

let nextAgent = 4800;
/** A gateway that signs in and answers every other request with `answer`. */
function gateway(answer: { retcode: string; result?: unknown; message?: string }) {
	const paths: string[] = [];
	const httpRequest = async (options: IHttpRequestOptions) => {
		const path = new URL(options.url).pathname.replace('/agentgateway/resource/', '');
		paths.push(path);
		const signIn = options.method === 'PUT';
		const body = signIn ? { retcode: '0', message: '', result: {} } : { message: '', ...answer };
		return {
			statusCode: 200,
			headers: signIn
				? { 'set-guid': 'JSESSIONID=g-1.AgentGateway0', 'set-cookie': ['LB=1; Path=/', 'junk'] }
				: {},
			body: Readable.from([Buffer.from(JSON.stringify(body))]),
		};
	};
	const credentials = {
		baseUrl: 'https://gateway.invalid:8043',
		agentId: String(nextAgent++),
		password: 'pw',
		phoneNumber: '7001',
	};
	return { fn: { helpers: { httpRequest } }, credentials, paths };
}

const refusedWith = async (p: Promise<unknown>) => {
	const error = await p.catch((e: unknown) => e);
	expect(error).toBeInstanceOf(IntegrationAnswerError);
	return error as IntegrationAnswerError;
};

describe('getQueueStatistics', () => {
	test('numbers given as digits are read; missing figures are 0; the body lists the IDs', async () => {
		const g = gateway({
			retcode: '0',
			result: [{ deviceNo: '4', queueSize: '2', queueTime: 31, pilotNbr: 4004 }],
		});
		expect(await getQueueStatistics(g.fn, g.credentials, [4])).toEqual([
			{
				skillId: 4,
				waitingCalls: 2,
				longestWaitSeconds: 31,
				agentsSignedIn: 0,
				agentsAvailable: 0,
				accessCode: '4004',
				description: '',
			},
		]);
		expect(g.paths.at(-1)).toBe(`queuedevice/${g.credentials.agentId}/queryacdstat`);
	});

	test('1 to 100 IDs; a refusal and unknown shapes fail loudly', async () => {
		const g = gateway({ retcode: '0', result: {} });
		await expect(getQueueStatistics(g.fn, g.credentials, [])).rejects.toThrow(RangeError);
		expect((await refusedWith(getQueueStatistics(g.fn, g.credentials, [1]))).kind).toBe(
			'unknownShape',
		);
		const noId = gateway({ retcode: '0', result: [{ queueSize: 1 }] });
		expect(
			(await refusedWith(getQueueStatistics(noId.fn, noId.credentials, [1]))).message,
		).toContain('a queue without deviceNo');
		const refused = gateway({ retcode: '000-002', message: 'skills invalid' });
		const error = await refusedWith(getQueueStatistics(refused.fn, refused.credentials, [1]));
		expect([error.kind, error.retcode, error.gatewayMessage]).toEqual([
			'refused',
			'000-002',
			'skills invalid',
		]);
	});
});

describe('agents', () => {
	test('agentbyworkno answers an object or a list of one', async () => {
		const row = { workno: 1002, name: 'Li', status: 8, skilllist: [{ id: 2 }, 'x'], vdnid: '1' };
		for (const result of [row, [row]]) {
			const g = gateway({ retcode: '0', result });
			expect(await getAgentByWorkNo(g.fn, g.credentials, 1002)).toEqual({
				workNo: 1002,
				name: 'Li',
				status: 8,
				ctiStatus: undefined,
				groupId: undefined,
				skills: [{ id: 2 }],
				mediaType: '',
				vdnId: 1,
				phoneNumber: '',
			});
		}
		const bad = gateway({ retcode: '0', result: { name: 'no number' } });
		expect((await refusedWith(getAgentByWorkNo(bad.fn, bad.credentials, 1))).kind).toBe(
			'unknownShape',
		);
	});

	test('agentbyskill: none signed in is an empty list, whatever empty looks like', async () => {
		for (const result of [null, {}, []]) {
			const g = gateway({ retcode: '0', result });
			expect(await getAgentsBySkill(g.fn, g.credentials, 3)).toEqual([]);
		}
		const bad = gateway({ retcode: '0', result: 'three' });
		expect((await refusedWith(getAgentsBySkill(bad.fn, bad.credentials, 3))).kind).toBe(
			'unknownShape',
		);
	});
});

describe('listVdnSkillQueues', () => {
	test('real and virtual queues; shapes it does not know fail', async () => {
		const g = gateway({
			retcode: '0',
			result: [
				{ id: 1, name: 'General', mediatype: 5, realFlag: 1 },
				{ id: '9', name: 'Overflow', realFlag: 0 },
				{ id: 10 },
			],
		});
		expect(await listVdnSkillQueues(g.fn, g.credentials)).toEqual([
			{ id: 1, name: 'General', mediaType: 5, real: true },
			{ id: 9, name: 'Overflow', mediaType: undefined, real: false },
			{ id: 10, name: '', mediaType: undefined, real: undefined },
		]);
		for (const result of [{}, [{ name: 'no id' }]]) {
			const bad = gateway({ retcode: '0', result });
			expect((await refusedWith(listVdnSkillQueues(bad.fn, bad.credentials))).kind).toBe(
				'unknownShape',
			);
		}
	});
});

describe("failures in n8n's words", () => {
	const node = { name: 'Huawei CEC', type: 'n8n-nodes-huawei-cec.huaweiCec' } as INode;
	const effect = { kind: 'action' as const, name: 'force idle' };
	const repeat = 'Repeating it is harmless.';

	test('a session not had: nothing was sent; its kind, retcode and field are facts', () => {
		const error = integrationFailure(
			node,
			new SessionError('credential', 'bad field', 'Fix it.', undefined, 'phoneNumber'),
			2,
			effect,
			{ workNo: 1 },
			repeat,
		);
		expect(error.context).toEqual(
			expect.objectContaining({
				errorKind: 'credential',
				session: 'credential',
				field: 'phoneNumber',
				fate: 'notSent',
				workNo: 1,
			}),
		);
		const lost = integrationFailure(
			node,
			new SessionError('signInFailed', 'x', 'y'),
			0,
			effect,
			{},
			repeat,
		);
		expect(lost.context.errorKind).toBe('transport');
		const over = integrationFailure(
			node,
			new SessionError('takenOver', 'x', 'y', '000-003'),
			0,
			effect,
			{},
			repeat,
		);
		expect(over.context).toEqual(
			expect.objectContaining({ errorKind: 'gateway', retcode: '000-003' }),
		);
	});

	test('the way there: not sent says so; maybe sent says what a repeat does', () => {
		const notSent = integrationFailure(
			node,
			new TransportError('refused', 'refused', 'Check the host. Nothing was sent.', false),
			0,
			effect,
			{},
			repeat,
		);
		expect([notSent.message, notSent.description, notSent.context.fate]).toEqual([
			'refused',
			'Check the host. Nothing was sent.',
			'notSent',
		]);
		const maybe = integrationFailure(
			node,
			new TransportError('httpStatus', 'HTTP 502', 'From a proxy.', true, 502),
			0,
			effect,
			{},
			repeat,
		);
		expect(maybe.description).toBe(
			'From a proxy. The force idle may or may not have happened. Repeating it is harmless.',
		);
		// the message alone (all an AI tool's model sees) says it may have happened
		expect([maybe.message, maybe.context.fate]).toEqual([
			"HTTP 502: the force idle may have happened; read the agent's state before trying again",
			'unknown',
		]);
		const query = integrationFailure(
			node,
			new TransportError('timeout', 'late', 'Raise the timeout.', true),
			0,
			READ_ONLY,
			{},
			repeat,
		);
		expect(query.description).toContain('read-only query');
		expect([query.message, query.context.fate]).toEqual([
			'late: a read-only query, safe to run again',
			'unknown',
		]);
	});

	test('a refusal and an unknown shape; anything else stays an error of the item', () => {
		const refused = integrationFailure(
			node,
			new IntegrationAnswerError('refused', 'GET x', '900-002', 'no right', 'x refused'),
			0,
			READ_ONLY,
			{},
			repeat,
		);
		expect(refused.message).toBe('900-002: the gateway refused the inspection');
		expect(refused.description).toContain('Gateway message: "no right".');
		const shape = integrationFailure(
			node,
			new IntegrationAnswerError('unknownShape', 'GET x', '0', '', 'odd'),
			0,
			READ_ONLY,
			{},
			repeat,
		);
		expect(shape.description).toContain('Please report');
		const other = integrationFailure(node, new Error('boom'), 3, READ_ONLY, {}, repeat);
		expect(other.message).toBe('boom');
	});
});

describe('an agent as the node outputs it', () => {
	test('the state is named by the agentstatus table; an unknown or missing one says so', async () => {
		const { agentOutput } = await import(
			'../../nodes/HuaweiCec/actions/agent/getStatusByWorkNo.operation'
		);
		const base = {
			workNo: 1,
			name: '',
			ctiStatus: undefined,
			groupId: undefined,
			skills: [],
			mediaType: '',
			vdnId: undefined,
			phoneNumber: '',
		};
		expect(agentOutput({ ...base, status: 8 })).toEqual(
			expect.objectContaining({ stateName: 'rest', status: 8 }),
		);
		expect(agentOutput({ ...base, status: 42 })).toEqual(
			expect.objectContaining({ stateName: 'unknown (42)' }),
		);
		expect(agentOutput({ ...base, status: undefined })).toEqual(
			expect.objectContaining({
				stateName: 'unknown',
				status: null,
				groupId: null,
				vdnId: null,
				ctiStatus: null,
			}),
		);
	});
});
