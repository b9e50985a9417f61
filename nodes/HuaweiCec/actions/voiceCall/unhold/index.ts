import { callAction } from '../callAction';

export const unhold = callAction({
	value: 'unhold',
	name: 'Unhold',
	action: 'Take a held call back to an agent',
	description: "Take a call on the agent's hold list back to the agent, by its call ID (from Get Call Info before it was held). Not idempotent.",
	agentDescription: 'ID of the signed-in agent who holds the call (101-59999)',
	method: 'POST',
	path: (agentId) => `voicecall/${agentId}/gethold`,
	effectName: 'unhold',
	retcodes: {
		'000-002': { meaning: 'the agent has no held call with that ID', remedy: 'nothing was changed; use the call ID the call had before it was held' },
		'100-007': { meaning: 'the gateway could not take the call back (the agent is in another call, or it failed)', remedy: 'release or hold the other call first, then try again' },
	},
	callIdField: {
		displayName: 'Held Call ID',
		name: 'callId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.callId }}',
		description: 'ID of the held call to take back, as Get Call Info showed it before the call was held',
	},
});
