import type { IExecuteFunctions } from 'n8n-workflow';

import type { ConnectionSettings } from '../transport';

/** What every operation gets: n8n's functions and the connection resolved once per execution. */
export interface OperationContext {
	fn: IExecuteFunctions;
	connection: ConnectionSettings;
	credentialGuid: string;
}
