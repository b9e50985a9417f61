import { callAction } from '../callAction';

export const hangUp = callAction({
	value: 'hangUp',
	name: 'Hang Up',
	action: "End an agent's call",
	description: "End the agent's current call (the customer is disconnected). Not idempotent. Calls on hold stay on hold.",
	agentDescription: 'ID of the signed-in agent whose current call is ended (101-59999)',
	method: 'DELETE',
	path: (agentId) => `voicecall/${agentId}/release`,
	effectName: 'hang-up',
	retcodes: {
		'200-017': { meaning: 'the agent has no call to hang up', remedy: 'nothing was changed: the agent was not in a call (a call on hold is not hung up by this)' },
		'100-007': { meaning: 'the gateway failed while ending the call', remedy: 'check the agent desktop: the call may or may not have ended' },
	},
});
