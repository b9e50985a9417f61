import type { OperationDefinition } from '../../types';
import { transferFields } from './fields';

export const transfer: OperationDefinition = {
	value: 'transfer',
	name: 'Transfer',
	action: 'Transfer a call',
	description:
		"Move an agent's live call to a skill queue, another agent, an IVR flow, a system access code or an external number. Not idempotent: each run transfers again. Optionally watches the call afterwards to report whether it left the agent.",
	fields: transferFields,
	load: async () => (await import('./execute')).prepareTransfer,
};
