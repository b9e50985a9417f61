import type { INodeProperties } from 'n8n-workflow';

import * as callOut from './callOut.operation';
import * as getCallInfo from './getCallInfo.operation';
import * as hangUp from './hangUp.operation';
import * as hold from './hold.operation';
import * as transfer from './transfer.operation';
import * as unhold from './unhold.operation';

export { callOut, getCallInfo, hangUp, hold, transfer, unhold };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['voiceCall'] } },
		options: [
			{
				name: 'Call Out',
				value: 'callOut',
				description:
					'Have a free agent call a number, e.g. a scheduled call-back; outputs the new call ID when the gateway returns one. Not idempotent: each run acts again, and it is never retried.',
				action: 'Place a new call from a free agent',
			},
			{
				name: 'Get Call Info',
				value: 'getCallInfo',
				description:
					"Read the call an agent is in now: call ID, caller, called number, skill, media and begin time, or hasCall false when it has none. Read-only: changes nothing, safe to repeat, takes no event from the agent's desktop.",
				action: 'Get the current call of an agent without changing anything',
			},
			{
				name: 'Hang Up',
				value: 'hangUp',
				description:
					"End the agent's current call: the customer is disconnected; held calls stay held. Not idempotent: each run acts again, and it is never retried.",
				action: 'End the call of an agent and disconnect the customer',
			},
			{
				name: 'Hold',
				value: 'hold',
				description:
					"Put the agent's current call on hold: the customer waits and the call joins the agent's hold list under the ID Get Call Info showed. Not idempotent: each run acts again, and it is never retried.",
				action: 'Put the call of an agent on hold',
			},
			{
				name: 'Transfer',
				value: 'transfer',
				description:
					"Hand the agent's live call to a skill queue, another agent, an IVR flow, a system access code or an external number; optionally watch whether it left the agent. Not idempotent: each run acts again, and it is never retried.",
				action: 'Transfer the live call of an agent',
			},
			{
				name: 'Unhold',
				value: 'unhold',
				description:
					"Take a call on the agent's hold list back to the agent, by its call ID. Not idempotent: each run acts again, and it is never retried.",
				action: 'Take a held call back to an agent',
			},
		],
		default: 'transfer',
	},
	...transfer.description,
	...getCallInfo.description,
	...callOut.description,
	...hangUp.description,
	...hold.description,
	...unhold.description,
];
