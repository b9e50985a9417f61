/**
 * Two holders of one integration agent cannot sign each other out in a loop: against a gateway that
 * keeps refusing the session (another process takes it over at once each time), a request is
 * renewed once and then fails naming the cause, and sign-ins stop at MAX_SIGN_INS_PER_MINUTE. The
 * gateway here is scripted (n8n's request helper contract), so the counts are exact.
 */
import { Readable } from 'node:stream';

import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	integrationRequest,
	MAX_SIGN_INS_PER_MINUTE,
	SessionError,
} from '../../nodes/HuaweiCec/transport/session';
import { READ_ONLY } from '../../nodes/HuaweiCec/transport';

function gateway(answer: (method: string, path: string) => { retcode: string; guid?: string }) {
	const log: string[] = [];
	let n = 0;
	const httpRequest = async (options: IHttpRequestOptions) => {
		const path = new URL(options.url).pathname.replace('/agentgateway/resource/', '');
		log.push(`${options.method} ${path}`);
		const { retcode, guid } = answer(options.method ?? 'GET', path);
		const headers: Record<string, unknown> = { 'content-type': 'application/json' };
		if (guid) headers['set-guid'] = `JSESSIONID=${guid}-${++n}.AgentGateway0`;
		return {
			statusCode: 200,
			headers,
			body: Readable.from([Buffer.from(JSON.stringify({ retcode, message: '', result: [] }))]),
		};
	};
	return { fn: { helpers: { httpRequest } }, log };
}

const credentials = (agentId: string) => ({
	baseUrl: 'https://gateway.invalid:8043',
	agentId,
	password: 'pw',
	phoneNumber: '7001',
	authMode: 'static',
});

const stats = {
	method: 'POST' as const,
	path: 'queuedevice/{agentid}/queryacdstat',
	body: { skills: [1] },
	timeoutMs: 1000,
	effect: READ_ONLY,
};

/** A gateway where someone else takes the session over right after every sign-in of ours. */
function takenOverAlways() {
	let signedIn = false;
	return gateway((method, path) => {
		if (method === 'PUT' && /^onlineagent\/\d+$/.test(path))
			return signedIn ? { retcode: '100-002' } : ((signedIn = true), { retcode: '0', guid: 'g' });
		if (method === 'PUT' && path.endsWith('/forcelogin')) return { retcode: '0', guid: 'g' };
		if (path.startsWith('agentevent/')) return { retcode: '000-003' };
		return { retcode: '000-003' };
	});
}

test('a session taken over again right after renewal: one renewal, the request sent twice, then a clear error', async () => {
	const { fn, log } = takenOverAlways();
	const error = await integrationRequest(fn, credentials('4101'), stats).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(SessionError);
	expect((error as SessionError).kind).toBe('takenOver');
	expect((error as SessionError).message).toBe(
		'Integration agent 4101 was signed out again right after n8n signed it back in (000-003)',
	);
	expect((error as SessionError).remedy).toContain('its own integration agent');
	expect(log.filter((l) => l.endsWith('queryacdstat'))).toHaveLength(2);
	expect(log.filter((l) => l.startsWith('PUT'))).toEqual([
		'PUT onlineagent/4101',
		'PUT onlineagent/4101',
		'PUT onlineagent/4101/forcelogin',
	]);
});

test(`sign-ins per credential stop at ${MAX_SIGN_INS_PER_MINUTE} a minute: then nothing is sent`, async () => {
	const { fn, log } = takenOverAlways();
	const kinds: string[] = [];
	for (let i = 0; i < MAX_SIGN_INS_PER_MINUTE; i++) {
		const error = await integrationRequest(fn, credentials('4102'), stats).catch((e: unknown) => e);
		kinds.push((error as SessionError).kind);
	}
	const signInsBefore = log.filter((l) => l.startsWith('PUT onlineagent/4102')).length;
	const sendsBefore = log.length;
	const last = await integrationRequest(fn, credentials('4102'), stats).catch((e: unknown) => e);
	expect((last as SessionError).kind).toBe('tooManySignIns');
	expect((last as SessionError).message).toContain('signed it in 6 times in the last minute');
	expect(log.length).toBe(sendsBefore);
	expect(kinds).toEqual([
		'takenOver',
		'takenOver',
		'takenOver',
		'tooManySignIns',
		'tooManySignIns',
		'tooManySignIns',
	]);
	// Every sign-in counted, none beyond the bound (two per takenOver run: first and renewal).
	expect(signInsBefore).toBeLessThanOrEqual(2 * MAX_SIGN_INS_PER_MINUTE);
});

let nextAgent = 4200;

describe('sign-in answers that end the attempt', () => {
	const signInAnswer = (first: { retcode: string; guid?: string }) =>
		gateway((method, path) => {
			if (method === 'PUT' && /^onlineagent\/\d+$/.test(path)) return first;
			if (method === 'PUT') return { retcode: '0', guid: 'g' };
			return { retcode: '0' };
		});

	test.each([
		[
			'100-002 with If Signed In Elsewhere: Fail',
			{ retcode: '100-002' },
			{ ifSignedInElsewhere: 'fail' },
			'signedInElsewhere',
			'already signed in elsewhere',
		],
		[
			'a refused sign-in (100-013)',
			{ retcode: '100-013' },
			{},
			'signInRefused',
			'the softphone number is invalid',
		],
		[
			'retcode 0 without Set-GUID',
			{ retcode: '0' },
			{},
			'noGuid',
			'without a usable Set-GUID header',
		],
	])('%s: the request is not sent', async (_name, first, more, kind, text) => {
		const { fn, log } = signInAnswer(first);
		const agentId = String(nextAgent++);
		const error = await integrationRequest(fn, { ...credentials(agentId), ...more }, stats).catch(
			(e: unknown) => e,
		);
		expect((error as SessionError).kind).toBe(kind);
		expect((error as SessionError).message).toContain(text);
		expect(log.filter((l) => l.endsWith('queryacdstat'))).toHaveLength(0);
		expect(log.some((l) => l.endsWith('/forcelogin'))).toBe(false);
	});

	test('100-002 for a session of its own that lapsed here: force sign-in, whatever the setting', async () => {
		let signedIn = false;
		const { fn, log } = gateway((method, path) => {
			if (method === 'PUT' && /^onlineagent\/\d+$/.test(path))
				return signedIn ? { retcode: '100-002' } : ((signedIn = true), { retcode: '0', guid: 'g' });
			if (method === 'PUT') return { retcode: '0', guid: 'g' };
			return { retcode: '0' };
		});
		const creds = { ...credentials('4701'), ifSignedInElsewhere: 'fail' };
		const now = Date.now();
		const spy = jest.spyOn(Date, 'now');
		try {
			spy.mockReturnValue(now);
			expect((await integrationRequest(fn, creds, stats)).retcode).toBe('0');
			spy.mockReturnValue(now + 100_000); // past the 90 s a session is used without a poll
			expect((await integrationRequest(fn, creds, stats)).retcode).toBe('0');
		} finally {
			spy.mockRestore();
		}
		expect(log.filter((l) => l.startsWith('PUT'))).toEqual([
			'PUT onlineagent/4701',
			'PUT onlineagent/4701',
			'PUT onlineagent/4701/forcelogin',
		]);
	});

	test('the session check itself fails: the refusal is reported, nothing happened', async () => {
		const { fn } = gateway((method, path) => {
			if (method === 'PUT') return { retcode: '0', guid: 'g' };
			if (path.endsWith('/agentstatus'))
				throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
			return { retcode: '100-006' };
		});
		const error = await integrationRequest(fn, credentials('4702'), stats).catch((e: unknown) => e);
		expect((error as SessionError).kind).toBe('checkFailed');
		expect((error as SessionError).remedy).toContain('nothing happened');
	});
});
