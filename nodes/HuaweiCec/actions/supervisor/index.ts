import type { INodeProperties } from 'n8n-workflow';

import * as forceBusy from './forceBusy.operation';
import * as forceIdle from './forceIdle.operation';
import * as forceRest from './forceRest.operation';
import * as forceSignOut from './forceSignOut.operation';
import * as setSkills from './setSkills.operation';

export { forceBusy, forceIdle, forceRest, forceSignOut, setSkills };

const NEEDS =
	'Needs Authentication: Integration Agent, with inspector rights; the agent must be in its VDN.';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['supervisor'] } },
		options: [
			{
				name: 'Force Busy',
				value: 'forceBusy',
				description: `Set an agent busy so no call is offered to it. ${NEEDS} A repeat is harmless.`,
				action: 'Force an agent busy',
			},
			{
				name: 'Force Idle',
				value: 'forceIdle',
				description: `Set an agent idle, ready for calls, e.g. back from a long rest. ${NEEDS} A repeat is harmless.`,
				action: 'Force an agent idle',
			},
			{
				name: 'Force Rest',
				value: 'forceRest',
				description: `Put an agent on rest for a time, with a reason code. ${NEEDS} A repeat restarts the rest.`,
				action: 'Force an agent to rest',
			},
			{
				name: 'Force Sign Out',
				value: 'forceSignOut',
				description: `Sign an agent out, e.g. at the end of a shift. ${NEEDS} A repeat is refused and changes nothing.`,
				action: 'Force an agent to sign out',
			},
			{
				name: 'Set Skills',
				value: 'setSkills',
				description: `Replace an agent's skill queues, e.g. move agents between queues at 18:00. ${NEEDS} A repeat is harmless.`,
				action: 'Set the skill queues of an agent',
			},
		],
		default: 'forceIdle',
	},
	...forceBusy.description,
	...forceIdle.description,
	...forceRest.description,
	...forceSignOut.description,
	...setSkills.description,
];
