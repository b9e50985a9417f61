import type { INodeProperties } from 'n8n-workflow';

import { operationSelector, toolDescriptionFields, type OperationText } from '../../helpers/fields';
import * as callOut from './callOut.operation';
import * as getCallInfo from './getCallInfo.operation';
import * as hangUp from './hangUp.operation';
import * as hold from './hold.operation';
import * as transfer from './transfer.operation';
import * as unhold from './unhold.operation';

export { callOut, getCallInfo, hangUp, hold, transfer, unhold };

const CHANGES = 'Changes the call, never retried:';
const ONCE = 'Each use acts again and is never retried: use it once per decision.';
const GUARD =
	'If it asks for a call ID, pass the one Get Call Info returned: nothing is sent unless the agent is still in that call.';

const OPERATIONS: OperationText[] = [
	{
		name: 'Call Out',
		value: 'callOut',
		description: 'Places a new call, never retried: a free agent calls a number',
		action: 'Place a call',
		tool: `Places a new call: a free agent of the contact center calls a number, e.g. a call-back. ${ONCE}`,
	},
	{
		name: 'Get Call Info',
		value: 'getCallInfo',
		description: "Read-only, safe to repeat: the agent's current call, its ID, caller and number",
		action: 'Get call info',
		tool: 'Read-only, safe to repeat: reads the call an agent is in now (call ID, caller, called number, skill, media, begin time), or hasCall false. Changes nothing. The call ID it returns is the one the call actions ask for.',
	},
	{
		name: 'Hang Up',
		value: 'hangUp',
		description: `${CHANGES} ends the agent's call, disconnecting the customer`,
		action: 'Hang up a call',
		tool: `Changes a call: ends the agent's current call and disconnects the customer. ${ONCE} ${GUARD}`,
	},
	{
		name: 'Hold',
		value: 'hold',
		description: `${CHANGES} puts the agent's call on hold; the customer waits`,
		action: 'Hold a call',
		tool: `Changes a call: puts the agent's current call on hold; the customer waits. ${ONCE} ${GUARD}`,
	},
	{
		name: 'Transfer',
		value: 'transfer',
		description: `${CHANGES} hands the agent's call to a queue, agent, IVR or number`,
		action: 'Transfer a call',
		tool: `Changes a call: hands the agent's live call to a skill queue, another agent, an IVR flow or a number. ${ONCE} ${GUARD}`,
	},
	{
		name: 'Unhold',
		value: 'unhold',
		description: `${CHANGES} takes a held call back to the agent, by its call ID`,
		action: 'Unhold a call',
		tool: `Changes a call: takes a held call back to the agent. Pass the held call's ID as Get Call Info returned it before the hold. ${ONCE}`,
	},
];

export const toolDescription = toolDescriptionFields('voiceCall', OPERATIONS);

export const description: INodeProperties[] = [
	operationSelector('voiceCall', OPERATIONS, 'transfer'),
	...transfer.description,
	...getCallInfo.description,
	...callOut.description,
	...hangUp.description,
	...hold.description,
	...unhold.description,
];
