import type { IExecuteFunctions } from 'n8n-workflow';

import type { GatewayClient } from '../transport';

/** What every operation gets: n8n's functions and the gateway client resolved once per execution. */
export interface OperationContext {
	fn: IExecuteFunctions;
	client: GatewayClient;
	credentialGuid: string;
}
