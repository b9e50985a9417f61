/**
 * The credential's connection test. It reads an agent's status, a read-only query: it changes no
 * state on the gateway and, unlike an event poll, takes no event away from the agent's desktop.
 */
import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { explainRetcode } from './retcodes';
import { callGateway, gatewayOrigin, TransportError } from './transport';

const TEST_TIMEOUT_MS = 10_000;
/** Any agent ID in range: without a test agent only reachability, TLS and the envelope are proven. */
const PROBE_AGENT_ID = '101';

export async function huaweiCecApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const testAgent = String(data.testAgentId ?? '').trim();
	const guid = typeof data.guid === 'string' && data.guid !== '' ? data.guid : undefined;
	if (testAgent !== '' && !/^[0-9]{3,6}$/.test(testAgent)) {
		return { status: 'Error', message: 'Agent ID for Connection Test must be an agent ID such as 101' };
	}
	const checksGuid = testAgent !== '' && guid !== undefined;
	try {
		const origin = gatewayOrigin(data.baseUrl);
		const envelope = await callGateway({
			connection: {
				origin,
				caCertificate: typeof data.caCertificate === 'string' ? data.caCertificate.trim() : undefined,
				allowUnauthorizedCerts: data.allowUnauthorizedCerts === true,
			},
			method: 'GET',
			path: `/agentgateway/resource/onlineagent/${checksGuid ? testAgent : PROBE_AGENT_ID}/agentstatus`,
			guid: checksGuid ? guid : undefined,
			timeoutMs: TEST_TIMEOUT_MS,
		});
		const tls = data.allowUnauthorizedCerts === true ? 'TLS checks are OFF (insecure)' : 'its certificate was verified';
		if (!checksGuid) {
			return {
				status: 'OK',
				message: `The CC-Gateway answered and ${tls}. The Guid was not checked: set "Agent ID for Connection Test" to check it.`,
			};
		}
		if (envelope.retcode === '0') {
			return { status: 'OK', message: `The CC-Gateway accepted the Guid for agent ${testAgent} and ${tls}.` };
		}
		return { status: 'Error', message: `Agent ${testAgent}: ${envelope.retcode}: ${explainRetcode(envelope.retcode).meaning}` };
	} catch (error) {
		if (error instanceof TransportError) return { status: 'Error', message: `${error.message}. ${error.remedy}` };
		throw error;
	}
}
