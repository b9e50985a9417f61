import type { ResourceDefinition } from '../types';
import { getCallInfo } from './getCallInfo';
import { transfer } from './transfer';

export const voiceCall: ResourceDefinition = {
	value: 'voiceCall',
	name: 'Voice Call',
	operations: [transfer, getCallInfo],
};
