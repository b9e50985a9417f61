/** Agent states of the agentstatus query (docs/gateway.md). */
export const AGENT_STATES: Record<number, string> = {
	0: 'unknown',
	2: 'signed out',
	3: 'busy',
	4: 'idle',
	5: 'wrap-up',
	7: 'talking',
	8: 'rest',
	9: 'pre-rest',
};
