/**
 * What each CC-Gateway retcode means and what the builder can do about it: the shared table, in
 * words that fit any request (cec_07_0580, and the sign-in codes of cec_07_1202). An operation gives its own words for a code where they differ (a "no
 * call" means something else to a transfer than to a hang-up); unset parts fall back to this table.
 */
interface RetcodeInfo {
	meaning: string;
	remedy?: string;
	/** The code says the gateway failed part-way: the request may or may not have taken effect. */
	outcomeUnknown?: boolean;
}

export type RetcodeTable = Record<string, Partial<RetcodeInfo>>;

const README_URL = 'https://www.npmjs.com/package/n8n-nodes-huawei-cec';

const RETCODES: Record<string, RetcodeInfo> = {
	'000-001': { meaning: 'the wrong method was used to get agent events' },
	'000-002': {
		meaning: 'the gateway refused a parameter or the address in the URL',
		remedy: `check the fields against the gateway's rules (${README_URL}#operations)`,
	},
	'000-003': {
		meaning: "the agent's Guid is not accepted — it may have expired or rotated",
		remedy:
			"use the agent's current Guid (with dynamic authentication it changes every minute; map it per item in Options › Guid)",
	},
	'000-004': {
		meaning: 'the agent is being switched over to another gateway (failover)',
		remedy: 'try again in a few seconds',
	},
	'000-005': { meaning: 'the agent to be inspected is the inspector' },
	'000-006': { meaning: 'a message parameter is wrong' },
	'000-007': {
		meaning: 'the agent called this interface again before the previous call answered',
		remedy: 'do not send two requests for the same agent at once',
	},
	'100-001': { meaning: 'a sign-in parameter is empty or invalid' },
	'100-002': { meaning: 'the agent is already signed in' },
	'100-003': { meaning: 'a resource or provider was unavailable during sign-in' },
	'100-004': { meaning: 'wrong agent ID or password' },
	'100-005': { meaning: 'a sign-out parameter is invalid' },
	'100-006': {
		meaning: 'the agent is not signed in',
		remedy: 'the agent must be signed in (and its desktop polling events)',
	},
	'100-007': {
		meaning:
			"the gateway hit an error while handling the agent's operation (back end unreachable or internal error)",
		remedy:
			'check the call on the agent desktop before trying again: the operation may or may not have started',
		outcomeUnknown: true,
	},
	'100-008': { meaning: 'the agent has signed out' },
	'100-009': { meaning: "the agent's status does not allow this operation" },
	'100-010': { meaning: 'a state error occurred during sign-out' },
	'100-011': { meaning: 'a sign-in parameter is invalid' },
	'100-012': { meaning: 'the agent type is wrong' },
	'100-013': { meaning: 'the softphone number is invalid' },
	'100-014': { meaning: 'the softphone number is outside the configured range' },
	'100-015': { meaning: 'the agent is signed in elsewhere and cannot be forced out' },
	'100-016': { meaning: 'the IP address is invalid' },
	'110-016': { meaning: 'the account is locked after repeated failed sign-ins' },
	'200-002': { meaning: 'there is no call to answer' },
	'200-012': { meaning: 'the agent has no call for this operation' },
	'200-025': { meaning: 'there is no call that can be dropped' },
};

const UNKNOWN: RetcodeInfo = {
	meaning: 'the gateway refused the request with a code this node does not know',
};

export function explainRetcode(retcode: string, own: RetcodeTable = {}): RetcodeInfo {
	const shared = RETCODES[retcode] ?? UNKNOWN;
	const mine = own[retcode] ?? {};
	return {
		meaning: mine.meaning ?? shared.meaning,
		remedy: mine.remedy ?? shared.remedy,
		outcomeUnknown: mine.outcomeUnknown ?? shared.outcomeUnknown,
	};
}
