import type { INodeProperties } from 'n8n-workflow';

import { operationSelector, toolDescriptionFields, type OperationText } from '../../helpers/fields';
import * as forceBusy from './forceBusy.operation';
import * as forceIdle from './forceIdle.operation';
import * as forceRest from './forceRest.operation';
import * as forceSignOut from './forceSignOut.operation';
import * as setSkills from './setSkills.operation';

export { forceBusy, forceIdle, forceRest, forceSignOut, setSkills };

/** Every supervisor action needs the integration agent's inspector rights over the agent's VDN. */
const OPERATIONS: OperationText[] = [
	{
		name: 'Force Busy',
		value: 'forceBusy',
		description: "Sets an agent's state, a repeat is harmless: busy, so no call is offered to it",
		action: 'Force agent busy',
		tool: 'Sets an agent busy so no call is offered to it. A repeat is harmless. Pass the work number of the agent.',
	},
	{
		name: 'Force Idle',
		value: 'forceIdle',
		description: "Sets an agent's state, a repeat is harmless: idle, ready for calls",
		action: 'Force agent idle',
		tool: 'Sets an agent idle, ready for calls, e.g. back from a long rest. A repeat is harmless. Pass the work number of the agent.',
	},
	{
		name: 'Force Rest',
		value: 'forceRest',
		description:
			"Sets an agent's state, a repeat restarts the rest: rest for a time, with a reason",
		action: 'Force agent rest',
		tool: 'Puts an agent on rest for a number of seconds with a reason code. A repeat restarts the rest. Pass the work number of the agent.',
	},
	{
		name: 'Force Sign Out',
		value: 'forceSignOut',
		description: 'Signs an agent out, a repeat is refused and changes nothing: e.g. at shift end',
		action: 'Force agent sign-out',
		tool: 'Signs an agent out, e.g. at the end of a shift. A repeat is refused and changes nothing. Pass the work number of the agent.',
	},
	{
		name: 'Set Skills',
		value: 'setSkills',
		description: "Replaces an agent's skill queues, a repeat is harmless",
		action: 'Set agent skills',
		tool: "Replaces an agent's skill queues with the ones given. A repeat is harmless. Pass the work number of the agent and the skill queue IDs.",
	},
];

export const toolDescription = toolDescriptionFields('supervisor', OPERATIONS);

export const description: INodeProperties[] = [
	operationSelector('supervisor', OPERATIONS, 'forceIdle'),
	...forceBusy.description,
	...forceIdle.description,
	...forceRest.description,
	...forceSignOut.description,
	...setSkills.description,
];
