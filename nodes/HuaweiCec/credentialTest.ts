/**
 * The credential's connection test (the node's `testedBy`: n8n's declarative test cannot apply a
 * per-credential CA). It reads an agent's status, a read-only query: it changes no state on the
 * gateway and, unlike an event poll, takes no event away from the agent's desktop.
 */
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IHttpRequestOptions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { guidProblem, normalizeGuid } from './helpers/guid';
import { explainRetcode } from './transport';
import {
	callGateway,
	parseConnection,
	READ_ONLY,
	TransportError,
	type Connection,
	type HttpHelper,
} from './transport';

const TEST_TIMEOUT_MS = 10_000;
/** Any agent ID in range: without a test agent only reachability, TLS and the envelope are proven. */
const PROBE_AGENT_ID = '101';

/**
 * n8n gives a credential test only its legacy request helper (no httpRequest). This maps our
 * request onto it: same CA, TLS switch, timeout, no redirects, the answer as a stream. It has no
 * abort signal, so the deadline ends the wait and drops a late answer.
 */
export function legacyHelper(helpers: ICredentialTestFunctions['helpers']): HttpHelper {
	return async (options: IHttpRequestOptions) => {
		const signal = options.abortSignal as AbortSignal | undefined;
		const pending = helpers.request({
			uri: options.url,
			method: options.method,
			headers: options.headers,
			qs: options.qs,
			body: options.body,
			json: false,
			useStream: true,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			timeout: options.timeout,
			agentOptions: options.agentOptions,
			...(options.skipSslCertificateValidation ? { rejectUnauthorized: false } : {}),
		}) as Promise<{ body?: { destroy?: () => void } }>;
		if (!signal) return await pending;
		return await new Promise((resolve, reject) => {
			const onAbort = () => reject(new Error('aborted'));
			if (signal.aborted) onAbort();
			signal.addEventListener('abort', onAbort, { once: true });
			pending.then(
				(response) => {
					signal.removeEventListener('abort', onAbort);
					if (signal.aborted) response.body?.destroy?.();
					resolve(response);
				},
				(error: unknown) => {
					signal.removeEventListener('abort', onAbort);
					reject(error);
				},
			);
		});
	};
}

export async function huaweiCecApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const testAgent = String(data.testAgentId ?? '').trim();
	const guid = normalizeGuid(typeof data.guid === 'string' ? data.guid : '');
	if (testAgent !== '' && !/^[0-9]{3,6}$/.test(testAgent)) {
		return {
			status: 'Error',
			message: `Agent ID for Connection Test must be an agent ID such as 101; got "${testAgent.slice(0, 20)}"`,
		};
	}
	if (testAgent !== '' && guid === '') {
		return {
			status: 'Error',
			message:
				'Agent ID for Connection Test is set but the Guid is empty: enter the Guid to check it, or clear the Agent ID to test only the connection',
		};
	}
	const problem = testAgent !== '' ? guidProblem(guid, "The credential's Guid") : undefined;
	if (problem) return { status: 'Error', message: `${problem.message}. ${problem.fix}` };
	const checksGuid = testAgent !== '';
	let connection: Connection;
	let retcode: string;
	let answer: string;
	try {
		connection = parseConnection(data);
		({ retcode, message: answer } = await callGateway(
			{ connection, send: legacyHelper(this.helpers) },
			{
				method: 'GET',
				path: `/agentgateway/resource/onlineagent/${checksGuid ? testAgent : PROBE_AGENT_ID}/agentstatus`,
				guid: checksGuid ? guid : undefined,
				timeoutMs: TEST_TIMEOUT_MS,
				effect: READ_ONLY,
			},
		));
	} catch (error) {
		return failed(error);
	}
	// 000-002 to a well-formed agentstatus request, or an answer about the URL: the gateway does not
	// know the path, so every operation would fail the same way.
	if (retcode === '000-002' || (retcode !== '0' && /\burl\b/i.test(answer))) {
		return {
			status: 'Error',
			message: `The CC-Gateway answered ${retcode}${answer ? ` ("${answer.slice(0, 80)}")` : ''}: it does not know the request's URL. Check the Base URL and its path prefix: the node adds /agentgateway/resource/… to it, so it is usually https://<gateway>:8043 with no path${checksGuid ? `, and that ${testAgent} is a valid agent ID` : ''}.`,
		};
	}
	const tls = connection.skipTlsChecks
		? 'TLS checks are OFF (insecure)'
		: 'its certificate was verified';
	if (!checksGuid) {
		return {
			status: 'OK',
			message: `The CC-Gateway answered and ${tls}. The Guid was not checked: set "Agent ID for Connection Test" to check it.`,
		};
	}
	if (retcode === '0') {
		return {
			status: 'OK',
			message: `The CC-Gateway accepted the Guid for agent ${testAgent} and ${tls}.`,
		};
	}
	return {
		status: 'Error',
		message: `Agent ${testAgent}: ${retcode}: ${explainRetcode(retcode).meaning}`,
	};
}

function failed(error: unknown): INodeCredentialTestResult {
	if (error instanceof TransportError)
		return { status: 'Error', message: `${error.message}. ${error.remedy}` };
	return {
		status: 'Error',
		message: `The connection test failed: ${error instanceof Error ? error.message : String(error)}`,
	};
}
