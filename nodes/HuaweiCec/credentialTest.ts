/**
 * The credential's connection test, as the node offers it to n8n (`testedBy`). Its code is loaded
 * on first use (credentialTestRun.ts): n8n loads every node at start, and most never test.
 */
import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

export async function huaweiCecApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { testCredential } = await import('./credentialTestRun');
	return await testCredential.call(this, credential);
}
