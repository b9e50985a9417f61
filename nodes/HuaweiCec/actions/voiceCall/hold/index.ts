import { callAction } from '../callAction';

export const hold = callAction({
	value: 'hold',
	name: 'Hold',
	action: "Put an agent's call on hold",
	description: "Put the agent's current call on hold; the customer waits and the call joins the agent's hold list (its ID is the one Get Call Info showed). Not idempotent.",
	agentDescription: 'ID of the signed-in agent whose current call is held (101-59999)',
	method: 'POST',
	path: (agentId) => `voicecall/${agentId}/hold`,
	effectName: 'hold',
	retcodes: {
		'200-017': { meaning: 'the agent has no talking call to hold', remedy: 'nothing was changed' },
		'100-007': { meaning: 'the gateway failed while holding the call', remedy: 'check the agent desktop: the call may or may not be on hold' },
	},
});
