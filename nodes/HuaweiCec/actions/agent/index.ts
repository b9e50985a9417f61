import type { ResourceDefinition } from '../types';
import { getStatus } from './getStatus';

export const agent: ResourceDefinition = { value: 'agent', name: 'Agent', operations: [getStatus] };
