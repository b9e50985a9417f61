import { agentIdField, optionsCollection } from '../../../common/fields';
import type { OperationDefinition } from '../../types';

export const callOut: OperationDefinition = {
	value: 'callOut',
	name: 'Call Out',
	action: 'Place a call from an agent',
	description:
		'Have a free agent call a number, e.g. a scheduled call-back. Not idempotent: each run places another call, and it is never retried. Outputs the new call ID when the gateway returns one.',
	fields: [
		agentIdField('ID of the signed-in, free agent who places the call (101-59999)'),
		{
			displayName: 'Number to Call',
			name: 'calledNumber',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 13800000001 or {{ $json.phone }}',
			description: 'The number the agent calls: 1-24 digits, * and #',
		},
		optionsCollection([
			{
				displayName: 'Call App Data',
				name: 'callAppData',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Call-associated data, e.g. a CRM case ID. At most 16 KB (UTF-8).',
			},
			{
				displayName: 'Caller Number',
				name: 'callerNumber',
				type: 'string',
				default: '',
				placeholder: '40040',
				description: 'Calling number the customer sees: up to 24 digits. Empty uses the platform default.',
			},
			{
				displayName: 'Media Ability',
				name: 'mediaAbility',
				type: 'options',
				default: 0,
				options: [
					{ name: 'Voice', value: 0 },
					{ name: 'Video', value: 1 },
					{ name: 'Best Available', value: 2 },
				],
				description: 'Media of the call',
			},
			{
				displayName: 'Skill ID',
				name: 'skillId',
				type: 'number',
				default: 1,
				typeOptions: { minValue: 1 },
				description: 'Skill the call is placed under',
			},
		]),
	],
	load: async () => (await import('./execute')).prepareCallOut,
};
