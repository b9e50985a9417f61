/** The credential's connection test as n8n calls it, with n8n-core's own credential-test context. */
import { CredentialTestContext } from 'n8n-core';
import type {
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { huaweiCecApiTest } from '../../nodes/HuaweiCec/credentialTest';

export async function connectionTest(
	data: Record<string, unknown> | undefined,
): Promise<INodeCredentialTestResult> {
	const context = new CredentialTestContext({} as IWorkflowExecuteAdditionalData);
	return await huaweiCecApiTest.call(context as unknown as ICredentialTestFunctions, {
		id: '1',
		name: 'cec',
		type: 'huaweiCecApi',
		data: data as never,
	});
}
