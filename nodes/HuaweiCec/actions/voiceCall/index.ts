import type { ResourceDefinition } from '../types';
import { callOut } from './callOut';
import { getCallInfo } from './getCallInfo';
import { hangUp } from './hangUp';
import { hold } from './hold';
import { transfer } from './transfer';
import { unhold } from './unhold';

export const voiceCall: ResourceDefinition = {
	value: 'voiceCall',
	name: 'Voice Call',
	operations: [transfer, getCallInfo, callOut, hangUp, hold, unhold],
};
