/**
 * Supervisor › Force Rest: `POST qualitycontrol/{agentid}/forcerest/{workNo}/{time}/{reason}`
 * (cec_07_0445), through the integration agent (inspector rights). Puts the agent on rest for
 * 1-86399 seconds with a rest reason code 1-255. A repeat starts the rest again.
 */
import type { INodeProperties } from 'n8n-workflow';

import { wholeNumber } from '../../helpers/schema';
import { supervisorDescription, supervisorPrepare, supervisorSchema } from './target';

export const isAction = false;
export const authentication = 'integrationAgent';

const LABELS = { duration: 'Duration (Seconds)', reason: 'Reason Code' };

const properties: INodeProperties[] = [
	{
		displayName: 'Duration (Seconds)',
		name: 'duration',
		type: 'number',
		required: true,
		default: 600,
		typeOptions: { minValue: 1, maxValue: 86399 },
		description: 'How long the agent rests, 1 to 86399 seconds',
	},
	{
		displayName: 'Reason Code',
		name: 'reason',
		type: 'number',
		required: true,
		default: 1,
		typeOptions: { minValue: 1, maxValue: 255 },
		description: 'The rest reason code configured in the contact centre, 1 to 255',
	},
];

export const description = supervisorDescription('forceRest', properties);

const inRange = (label: string, min: number, max: number) =>
	wholeNumber(label, `${min} to ${max}`).refine((n) => n >= min && n <= max, {
		error: (issue) => `${label} must be between ${min} and ${max}; got ${String(issue.input)}`,
	});

export const prepare = supervisorPrepare({
	action: 'forceRest',
	label: 'force rest',
	schema: supervisorSchema({
		duration: inRange(LABELS.duration, 1, 86399),
		reason: inRange(LABELS.reason, 1, 255),
	}),
	fields: ['duration', 'reason'],
	labels: LABELS,
	repeat: "A repeat puts the agent on rest again, restarting the rest's duration.",
	request: (input) => ({
		path: `qualitycontrol/{agentid}/forcerest/${input.workNo}/${input.duration}/${input.reason}`,
		facts: { duration: input.duration, reason: input.reason },
	}),
});
