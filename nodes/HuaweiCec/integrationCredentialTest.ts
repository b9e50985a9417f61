/**
 * The integration agent credential's connection test (the node's `testedBy`): signs in once, never
 * forcing anyone out, and signs out again; the message says which step failed. A wrong password
 * blocks further sign-ins of that credential like a run's would.
 */
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { legacyHelper } from './credentialTest';
import { testSignInOut } from './transport/session';

export async function huaweiCecIntegrationAgentApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { ok, message } = await testSignInOut(legacyHelper(this.helpers), credential.data ?? {});
	return { status: ok ? 'OK' : 'Error', message };
}
