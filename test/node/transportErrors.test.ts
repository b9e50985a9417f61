/**
 * The transport's words for what went wrong, checked on the exported functions with synthetic
 * errors and answers: which cause each Node/axios/n8n error code becomes, whether the message says
 * nothing was sent or that the request may have been sent, and what the answer reader makes of odd
 * answers (redirects without a target, empty bodies, JSON that is not an envelope).
 */
import { Readable } from 'node:stream';

import { parseConnection } from '../../nodes/HuaweiCec/transport/connection';
import { parseEnvelope, readCapped } from '../../nodes/HuaweiCec/transport/envelope';
import {
	classifyNetworkError,
	READ_ONLY,
	TransportError,
	type FailureContext,
	type RequestEffect,
} from '../../nodes/HuaweiCec/transport/errors';
import { callGateway } from '../../nodes/HuaweiCec/transport/request';

const TRANSFER: RequestEffect = { kind: 'action', name: 'transfer' };
const WHERE = 'https://cc-gateway.example.com:8043';

const ctx = (overrides: Partial<FailureContext> = {}): FailureContext => ({
	where: WHERE,
	timeoutMs: 5000,
	effect: TRANSFER,
	cancelled: false,
	timedOut: false,
	caConfigured: false,
	...overrides,
});

/** An error as Node raises it, wrapped the way axios and then n8n wrap it. */
function wrapped(code: string | undefined, extra: Record<string, unknown> = {}): Error {
	const node = Object.assign(new Error(`node: ${code ?? 'no code'}`), code ? { code } : {}, extra);
	const axios = Object.assign(new Error('axios'), { cause: node });
	return Object.assign(new Error('n8n'), { cause: axios });
}

describe("classifyNetworkError: n8n's SSRF protection", () => {
	test.each([
		[
			'the host and its address',
			{ hostname: 'cc-gateway.example.com', ip: '10.0.0.5' },
			'(cc-gateway.example.com → 10.0.0.5)',
		],
		['only the address', { hostname: '', ip: '10.0.0.5' }, '(10.0.0.5)'],
		['only the host', { hostname: 'cc-gateway.example.com', ip: 42 }, '(cc-gateway.example.com)'],
	])(
		'a blocked request names %s and how to allow the gateway; nothing was sent',
		(_label, where, shown) => {
			const blocked = Object.assign(new Error('Request to private address blocked'), {
				name: 'SsrfBlockedIpError',
				...where,
			});
			const e = classifyNetworkError(Object.assign(new Error('n8n'), { cause: blocked }), ctx());
			expect(e.kind).toBe('blockedByPolicy');
			expect(e.message).toBe(`n8n's SSRF protection blocked the request to the gateway ${shown}`);
			expect(e.remedy).toContain('N8N_SSRF_ALLOWED_HOSTNAMES=cc-gateway.example.com');
			expect(e.remedy).toContain('Nothing was sent: the transfer did not happen.');
			expect(e.mayHaveReachedGateway).toBe(false);
		},
	);

	test('a blocked host name without any address shown still says nothing was sent, even if the user stopped the run meanwhile', () => {
		const blocked = Object.assign(new Error('Host is listed'), {
			name: 'SsrfBlockedHostnameError',
		});
		const e = classifyNetworkError(blocked, ctx({ cancelled: true, effect: READ_ONLY }));
		expect(e.kind).toBe('blockedByPolicy');
		expect(e.message).toBe("n8n's SSRF protection blocked the request to the gateway");
		expect(e.remedy).toMatch(/Nothing was sent\.$/);
		expect(e.mayHaveReachedGateway).toBe(false);
	});
});

describe('classifyNetworkError: failures before anything reached the gateway', () => {
	test.each([
		[
			'EHOSTUNREACH',
			'unreachable',
			`The network has no route to the gateway at ${WHERE}`,
			'VPN, firewall, routing',
		],
		[
			'ENETUNREACH',
			'unreachable',
			`The network has no route to the gateway at ${WHERE}`,
			'VPN, firewall, routing',
		],
		[
			'ENETDOWN',
			'unreachable',
			`The network has no route to the gateway at ${WHERE}`,
			'VPN, firewall, routing',
		],
		[
			'ECONNREFUSED',
			'refused',
			`The gateway at ${WHERE} refused the connection`,
			'port is 8043 by default',
		],
		[
			'EAI_AGAIN',
			'dnsFailed',
			'The gateway host name "cc-gateway.example.com" could not be resolved',
			"use the gateway's IP address",
		],
		[
			'CERT_HAS_EXPIRED',
			'expiredCertificate',
			"The gateway's TLS certificate is outside its validity period (CERT_HAS_EXPIRED)",
			'must renew its certificate',
		],
		[
			'CERT_NOT_YET_VALID',
			'expiredCertificate',
			"The gateway's TLS certificate is outside its validity period (CERT_NOT_YET_VALID)",
			"the clock of n8n's host is wrong",
		],
		[
			'ERR_TLS_CERT_ALTNAME_INVALID',
			'wrongHostCertificate',
			'The gateway\'s TLS certificate was not issued for "cc-gateway.example.com"',
			'the host name (or IP address) the certificate was issued for',
		],
		[
			'ERR_SSL_WRONG_VERSION_NUMBER',
			'tlsFailed',
			'The TLS handshake with the gateway failed (ERR_SSL_WRONG_VERSION_NUMBER)',
			"gateway's HTTPS port",
		],
		[
			'EPROTO',
			'tlsFailed',
			'The TLS handshake with the gateway failed (EPROTO)',
			"gateway's HTTPS port",
		],
		[
			'CERT_REVOKED',
			'tlsFailed',
			'The TLS handshake with the gateway failed (CERT_REVOKED)',
			'CA Certificate is the right one',
		],
	])(
		'%s → %s: the message names the cause, the remedy what to check, and that the transfer did not happen',
		(code, kind, message, remedy) => {
			const e = classifyNetworkError(wrapped(code), ctx());
			expect(e).toBeInstanceOf(TransportError);
			expect(e.kind).toBe(kind);
			expect(e.message).toBe(message);
			expect(e.remedy).toContain(remedy);
			expect(e.remedy).toMatch(/Nothing was sent: the transfer did not happen\.$/);
			expect(e.mayHaveReachedGateway).toBe(false);
		},
	);

	test('an untrusted certificate although the credential has a CA points at the CA field and NODE_EXTRA_CA_CERTS', () => {
		const e = classifyNetworkError(
			wrapped('SELF_SIGNED_CERT_IN_CHAIN'),
			ctx({ caConfigured: true }),
		);
		expect(e.kind).toBe('untrustedCertificate');
		expect(e.message).toContain('although the credential has a CA Certificate');
		expect(e.remedy).toContain('NODE_EXTRA_CA_CERTS');
		expect(e.mayHaveReachedGateway).toBe(false);
	});
});

describe('classifyNetworkError: failures after the request may have reached the gateway', () => {
	test.each([
		[
			'an AbortError (the helper aborted the body)',
			Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }),
		],
		["axios' ERR_CANCELED", wrapped('ERR_CANCELED')],
		['ECONNRESET', wrapped('ECONNRESET')],
	])('%s is a lost connection: the transfer may or may not have happened', (_label, error) => {
		const e = classifyNetworkError(error, ctx());
		expect(e.kind).toBe('connectionLost');
		expect(e.message).toBe('The connection to the gateway closed before its answer was complete');
		expect(e.remedy).toContain('The transfer may or may not have happened');
		expect(e.remedy).toContain('never retries a transfer by itself');
		expect(e.mayHaveReachedGateway).toBe(true);
	});

	test.each([
		[
			'an unknown code is shown',
			wrapped('ESOMETHINGNEW'),
			'The request to the gateway failed (ESOMETHINGNEW)',
		],
		[
			"axios' ERR_BAD_RESPONSE says nothing useful and is not shown",
			wrapped('ERR_BAD_RESPONSE'),
			'The request to the gateway failed',
		],
		[
			"axios' ERR_BAD_REQUEST is not shown either",
			wrapped('ERR_BAD_REQUEST'),
			'The request to the gateway failed',
		],
		['an error without any code', new Error('socket hang up'), 'The request to the gateway failed'],
		['something that is not an error at all', 'boom', 'The request to the gateway failed'],
	])('unknown: %s, and the query is said to be safe to repeat', (_label, error, message) => {
		const e = classifyNetworkError(error, ctx({ effect: READ_ONLY }));
		expect(e.kind).toBe('unknown');
		expect(e.message).toBe(message);
		expect(e.remedy).toBe(
			'This is a read-only query: it changed nothing on the gateway and is safe to run again.',
		);
		expect(e.mayHaveReachedGateway).toBe(true);
	});

	test('the user stopping the execution wins over the connection error it caused', () => {
		const e = classifyNetworkError(wrapped('ECONNRESET'), ctx({ cancelled: true }));
		expect(e.kind).toBe('cancelled');
		expect(e.message).toBe(
			'The execution was stopped while the request to the gateway was under way',
		);
		expect(e.remedy).toContain('The transfer may or may not have happened');
		expect(e.mayHaveReachedGateway).toBe(true);
	});

	test("a TimeoutError (the helper's own timer) is the timeout, with the limit and how to raise it", () => {
		const e = classifyNetworkError(
			Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
			ctx({ timeoutMs: 1234 }),
		);
		expect(e.kind).toBe('timeout');
		expect(e.message).toBe('The gateway did not answer within 1234 ms');
		expect(e.remedy).toContain('Raise Options › Timeout');
		expect(e.mayHaveReachedGateway).toBe(true);
	});

	test('a TransportError passes through unchanged', () => {
		const original = new TransportError('tooLarge', 'big', 'remedy', true);
		expect(classifyNetworkError(original, ctx())).toBe(original);
	});
});

/** What a function threw; fails the test when it threw nothing. */
function thrown(run: () => unknown): TransportError {
	try {
		run();
	} catch (error) {
		return error as TransportError;
	}
	throw new Error('expected a TransportError, but the answer was accepted');
}

describe('parseEnvelope: answers that are not a CC-Gateway envelope', () => {
	const call = { guid: 'g-secret-1', effect: TRANSFER };
	const body = (text: string) => Buffer.from(text, 'utf8');

	test('a redirect without a Location says so without a target, and that the transfer may have happened', () => {
		const e = thrown(() => parseEnvelope(302, '', body(''), call, WHERE));
		expect(e).toBeInstanceOf(TransportError);
		expect(e.message).toBe(
			'The gateway answered with a redirect (HTTP 302), which this node does not follow',
		);
		expect(e).toEqual(
			expect.objectContaining({ kind: 'redirect', httpStatus: 302, mayHaveReachedGateway: true }),
		);
		expect(e.remedy).toContain(`check the Base URL (${WHERE})`);
		expect(e.remedy).toContain('The transfer may or may not have happened');
	});

	test('a redirect to a URL holding the Guid shows the target without the Guid', () => {
		expect(() =>
			parseEnvelope(301, '', body(''), call, WHERE, 'https://sso.example.com/login?sid=g-secret-1'),
		).toThrow(
			'The gateway answered with a redirect (HTTP 301 to https://sso.example.com/login?sid=<guid>), which this node does not follow',
		);
	});

	test('an HTTP error status with an empty body gives the status alone', () => {
		expect(() => parseEnvelope(502, 'text/html', body('   '), call, WHERE)).toThrow(
			/^The gateway answered HTTP 502$/,
		);
	});

	test('an empty HTTP 200 without a content type is "not JSON", with nothing quoted', () => {
		expect(() => parseEnvelope(200, '', body(''), call, WHERE)).toThrow(
			/^The gateway's answer is not JSON \(HTTP 200\)$/,
		);
	});

	test.each([
		['a JSON array', '[{"retcode":"0"}]'],
		['JSON null', 'null'],
		['a retcode that is an object', '{"retcode":{"code":"0"}}'],
	])('%s is not an envelope, and the transfer may have happened', (_label, text) => {
		const e = thrown(() => parseEnvelope(200, 'application/json', body(text), call, WHERE));
		expect(e.kind).toBe('notEnvelope');
		expect(e.message).toBe(
			"The gateway's answer is JSON but has no retcode, so it is not a CC-Gateway answer",
		);
		expect(e.remedy).toContain('The transfer may or may not have happened');
	});

	test('a numeric retcode is read as text; a message that is not text becomes empty; the Guid is cut out of a list result', () => {
		const envelope = parseEnvelope(
			200,
			'application/json',
			body('{"retcode":0,"message":{"x":1},"result":[{"note":"guid=g-secret-1"},"g-secret-1"]}'),
			call,
			WHERE,
		);
		expect(envelope).toEqual({
			retcode: '0',
			message: '',
			result: [{ note: 'guid=<guid>' }, '<guid>'],
		});
	});

	test('a missing result is null', () => {
		expect(
			parseEnvelope(200, 'application/json', body('{"retcode":"0","message":"ok"}'), call, WHERE)
				.result,
		).toBeNull();
	});
});

describe('readCapped: the deadline or the user stop ends the read', () => {
	test('a signal that has already fired destroys the body and nothing is returned', async () => {
		const controller = new AbortController();
		controller.abort();
		const stream = Readable.from([Buffer.from('{"retcode":"0"}')]);
		await expect(readCapped(stream, controller.signal, READ_ONLY)).rejects.toThrow('aborted');
		expect(stream.destroyed).toBe(true);
	});

	test('a body that ignores destroy and completes after the deadline fired is still not returned', async () => {
		const controller = new AbortController();
		let destroyed = 0;
		const stubborn = {
			async *[Symbol.asyncIterator]() {
				yield Buffer.from('{"retcode":');
				controller.abort();
				yield Buffer.from('"0"}');
			},
			destroy() {
				destroyed++;
			},
		};
		await expect(readCapped(stubborn, controller.signal, READ_ONLY)).rejects.toThrow('aborted');
		expect(destroyed).toBe(1);
	});
});

describe('the credential fields, read outside n8n', () => {
	test('a Base URL that is not text is "empty", and nothing was sent', () => {
		expect(() => parseConnection({ baseUrl: 8043 })).toThrow("The credential's Base URL is empty");
		expect(() => parseConnection({})).toThrow(TransportError);
	});

	const PEM_BODY = 'MIIBszCCAVmgAwIBAgIUQ';
	const withCa = (caPem: string) => () =>
		parseConnection({ baseUrl: 'https://cc-gateway.example.com:8043', caPem });

	test('a CA block that starts with its END line says the block is cut short at the start', () => {
		expect(withCa(`${PEM_BODY}\n-----END CERTIFICATE-----`)).toThrow(
			"The credential's CA Certificate has an -----END CERTIFICATE----- line without its -----BEGIN line (block 1 is cut short at the start)",
		);
	});

	test('a CA block that begins as a certificate and ends as something else names both', () => {
		expect(withCa(`-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END X509 CRL-----`)).toThrow(
			"The credential's CA Certificate block 1 begins as CERTIFICATE but ends as X509 CRL",
		);
	});
});

describe('callGateway without the node in front of it', () => {
	const connection = { baseUrl: WHERE, skipTlsChecks: false };

	test('a Guid with a line break is refused before the helper is called: nothing was sent', async () => {
		const send = jest.fn();
		const error = await callGateway(
			{ connection, send },
			{ method: 'POST', path: '/x', guid: 'abc\r\nX-Evil: 1', timeoutMs: 1000, effect: TRANSFER },
		).catch((e: unknown) => e);
		expect(error).toEqual(
			expect.objectContaining({
				kind: 'badGuid',
				message: 'The Guid holds characters an HTTP header cannot carry',
				mayHaveReachedGateway: false,
			}),
		);
		expect((error as TransportError).remedy).toBe(
			'Copy the Guid again. Nothing was sent: the transfer did not happen.',
		);
		expect(send).not.toHaveBeenCalled();
	});

	test('a helper that buffers the answer instead of streaming it: the answer is not read, and the transfer may have happened', async () => {
		const send = jest
			.fn()
			.mockResolvedValue({ statusCode: 200, headers: {}, body: '{"retcode":"0"}' });
		const error = await callGateway(
			{ connection, send },
			{ method: 'POST', path: '/x', guid: 'g', timeoutMs: 1000, effect: TRANSFER },
		).catch((e: unknown) => e);
		expect(error).toEqual(
			expect.objectContaining({
				kind: 'unknown',
				message: 'The request to the gateway failed',
				mayHaveReachedGateway: true,
			}),
		);
		expect((error as TransportError).remedy).toContain('The transfer may or may not have happened');
		expect(send).toHaveBeenCalledTimes(1);
	});
});
