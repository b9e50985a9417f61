/**
 * Voice Call › Transfer: `POST voicecall/{agentid}/transfer` (cec_07_1225). Moves the agent's
 * current call; not idempotent. The fields come from the rules table (transfer.rules.ts), the item
 * schema is transfer.schema.ts; Wait for Outcome watches the call afterwards (transfer.outcome.ts).
 */
import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { agentRequest } from '../../helpers/agentRequest';
import { guardAction } from '../../helpers/callGuard';
import {
	agentIdField,
	callAppDataOption,
	mediaAbilityOption,
	onlyIfCallIdOption,
	optionsCollection,
	sortedByName,
} from '../../helpers/fields';
import { readItem } from '../../helpers/item';
import type { RetcodeTable } from '../../helpers/retcodes';
import { LIMITS } from '../../helpers/schema';
import type { Prepare } from '../operation';
import { watchOutcome } from './transfer.outcome';
import {
	ADDRESS_MAX_CHARS,
	DEFAULT_MODE,
	DEVICE_TYPES,
	DEVICE_TYPE_VALUES,
	TARGET_DEFAULT,
	WAIT_LIMIT_S,
	modeInfo,
	modesFor,
	type DeviceType,
	type ModeInfo,
} from './transfer.rules';
import { LABELS, transferSchema, type TransferRequest } from './transfer.schema';

export const isAction = true;

// ---- Fields. Target-specific labels and mode lists come from the rules table, so the editor only
// offers modes the gateway accepts for the chosen target.

const modeOption = (m: ModeInfo): INodePropertyOptions => ({
	name: m.name,
	value: m.value,
	description: m.description,
});

/** The first choice of every Mode field: resolved per item from the item's own target. */
function targetDefaultOption(deviceType?: DeviceType): INodePropertyOptions {
	const meant = deviceType ? modeInfo(deviceType, DEFAULT_MODE[deviceType])?.name : undefined;
	return {
		name: meant ? `Target's Default (${meant})` : "Target's Default",
		value: TARGET_DEFAULT,
		description: meant
			? `${meant}, the safest mode for this target`
			: 'Per item, the safest mode of its target: Release After Transfer where it exists (the agent keeps the call if nobody answers), Blind for IVR',
	};
}

function addressField(deviceType: DeviceType): INodeProperties {
	const target = DEVICE_TYPES[deviceType];
	return {
		displayName: target.addressLabel,
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: target.addressHint.replace(/^.*e\.g\. /, ''),
		description: `${target.addressHint}. At most ${ADDRESS_MAX_CHARS} characters.`,
		displayOptions: { show: { deviceType: [deviceType] } },
	};
}

/** Shown while Transfer To is an expression: one Address for whatever target each item has. */
const mappedAddressField: INodeProperties = {
	displayName: 'Address',
	name: 'address',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.address }}',
	description: `What the item's target needs: ${DEVICE_TYPE_VALUES.map((d) => `${DEVICE_TYPES[d].name}: ${DEVICE_TYPES[d].addressLabel}`).join('; ')}. At most ${ADDRESS_MAX_CHARS} characters.`,
	displayOptions: { hide: { deviceType: [...DEVICE_TYPE_VALUES] } },
};

/** Mode numbers mean different things per target; each is named for every target that has it. */
function mappedModeOptions(): INodePropertyOptions[] {
	const values = [
		...new Set(DEVICE_TYPE_VALUES.flatMap((d) => modesFor(d, 'extended').map((m) => m.value))),
	].sort();
	return values.map((value) => {
		const uses = DEVICE_TYPE_VALUES.flatMap((d) => {
			const m = modeInfo(d, value);
			return m
				? [
						{
							name: m.name,
							text: `${m.name} for ${DEVICE_TYPES[d].name}${m.extendedOnly ? ' (Rule Set: Extended)' : ''}`,
						},
					]
				: [];
		});
		return {
			name: `${value}: ${[...new Set(uses.map((u) => u.name))].join(' / ')}`,
			value,
			description: uses.map((u) => u.text).join('; '),
		};
	});
}

const mappedModeField: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	default: TARGET_DEFAULT,
	description:
		"How the call moves. Target's Default suits every target; a fixed number must be one the item's target accepts.",
	options: [targetDefaultOption(), ...mappedModeOptions()],
	displayOptions: { hide: { deviceType: [...DEVICE_TYPE_VALUES] } },
};

function modeFields(deviceType: DeviceType): INodeProperties[] {
	const base: INodeProperties = {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: TARGET_DEFAULT,
		description: `How the call moves to the ${DEVICE_TYPES[deviceType].name.toLowerCase()}`,
		options: [
			targetDefaultOption(deviceType),
			...sortedByName(modesFor(deviceType, 'documented').map(modeOption)),
		],
		displayOptions: { show: { deviceType: [deviceType] } },
	};
	if (modesFor(deviceType, 'extended').length === modesFor(deviceType, 'documented').length)
		return [base];
	// Modes of the vendor's newer pages appear only once the builder opts into the extended rule set.
	return [
		{
			...base,
			displayOptions: {
				show: { deviceType: [deviceType] },
				hide: { '/options.ruleSet': ['extended'] },
			},
		},
		{
			...base,
			options: [
				targetDefaultOption(deviceType),
				...sortedByName(modesFor(deviceType, 'extended').map(modeOption)),
			],
			displayOptions: { show: { deviceType: [deviceType], '/options.ruleSet': ['extended'] } },
		},
	];
}

const TRANSFER_OPTIONS: INodeProperties[] = [
	callAppDataOption,
	{
		displayName: 'Caller Number',
		name: 'caller',
		type: 'string',
		default: '',
		placeholder: '40040',
		description: `Calling number the callee sees: up to ${LIMITS.numberMaxChars} digits. Empty uses the platform default. Not carried by a blind transfer.`,
		displayOptions: { hide: { '/deviceType': [1, 2, 3, 4], '/mode': [1] } },
	},
	{
		displayName: 'Hold During Three-Party',
		name: 'holdFlag',
		type: 'boolean',
		default: true,
		description: 'Whether the customer is held while the agent reaches the third party',
		displayOptions: { hide: { '/deviceType': [1, 2, 3, 4], '/mode': [1, 2, 3, TARGET_DEFAULT] } },
	},
	mediaAbilityOption(
		'Media of the call to the external number. Best Available is negotiated with the terminal.',
		{
			hide: { '/deviceType': [1, 2, 3, 4] },
		},
	),
	onlyIfCallIdOption,
	{
		displayName: 'Skill ID',
		name: 'skillId',
		type: 'number',
		default: 1,
		typeOptions: { minValue: LIMITS.skillId.min },
		description: 'Skill the receiving agent takes the call under',
		displayOptions: { hide: { '/deviceType': [1, 3, 4, 5] } },
	},
	{
		displayName: 'Wait for Outcome',
		name: 'waitForOutcome',
		type: 'boolean',
		default: false,
		description:
			"Whether to watch the agent's call after the transfer (a read-only query about once a second, never the agent's events) until it leaves the agent or the wait limit passes, and output what was seen",
	},
	{
		displayName: 'Wait Limit',
		name: 'waitLimit',
		type: 'number',
		default: 30,
		typeOptions: { minValue: WAIT_LIMIT_S.min, maxValue: WAIT_LIMIT_S.max },
		description:
			'Seconds to watch the call for, with Wait for Outcome. The item waits this long at most.',
		displayOptions: { show: { waitForOutcome: [true] } },
	},
];

const properties: INodeProperties[] = [
	agentIdField('ID of the signed-in agent whose current call is transferred (101-59999)'),
	{
		displayName: 'Transfer To',
		name: 'deviceType',
		type: 'options',
		default: 1,
		options: sortedByName(
			DEVICE_TYPE_VALUES.map((d) => ({ name: DEVICE_TYPES[d].name, value: d })),
		),
		description: 'Kind of target the call moves to',
	},
	...DEVICE_TYPE_VALUES.map(addressField),
	mappedAddressField,
	...DEVICE_TYPE_VALUES.flatMap(modeFields),
	mappedModeField,
	optionsCollection(TRANSFER_OPTIONS),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['voiceCall'], operation: ['transfer'] } },
	properties,
);

// ---- Sending.

function describeTarget(request: TransferRequest): IDataObject {
	return {
		agentId: request.agentId,
		deviceType: request.deviceType,
		target: DEVICE_TYPES[request.deviceType].name,
		address: request.address,
		mode: request.mode,
		modeName: modeInfo(request.deviceType, request.mode)?.name ?? String(request.mode),
		...(request.onlyIfCallId !== undefined ? { expectedCallId: request.onlyIfCallId } : {}),
	};
}

const TRANSFER_EFFECT = { kind: 'action', name: 'transfer' } as const;

const TRANSFER_RETCODES: RetcodeTable = {
	'000-002': { remedy: "check the transfer target, mode and options against the gateway's rules" },
	'100-006': {
		remedy:
			'the agent must be signed in (and its desktop polling events) for its call to be transferred',
	},
	'100-007': {
		remedy:
			'check the call on the agent desktop before trying again: the transfer may or may not have started',
	},
	'200-012': {
		meaning: 'the agent has no call to transfer',
		remedy: 'the agent must be in a call when the transfer is sent',
	},
};

export const prepare: Prepare = (ctx, i) => {
	const { input: request, guid } = readItem(
		ctx,
		i,
		transferSchema,
		['agentId', 'deviceType', 'address', 'mode'],
		LABELS,
	);
	const agent = { agentId: request.agentId, guid, timeoutMs: request.timeoutMs };
	const facts = describeTarget(request);
	return {
		key: String(request.agentId),
		send: async (accepted) => {
			// The call guard and Wait for Outcome share one read of the agent's call before the transfer.
			const before = await guardAction(ctx, i, agent, {
				expectedCallId: request.onlyIfCallId,
				readAnyway: request.waitLimitMs !== undefined,
				action: 'transfer',
				facts,
			});
			const envelope = await agentRequest(ctx, i, {
				method: 'POST',
				path: `voicecall/${request.agentId}/transfer`,
				guid,
				body: request.body,
				timeoutMs: request.timeoutMs,
				effect: TRANSFER_EFFECT,
				retcodes: TRANSFER_RETCODES,
				facts,
			});
			const output: IDataObject = {
				success: true,
				retcode: envelope.retcode,
				message: envelope.message,
				result: (envelope.result ?? {}) as IDataObject,
				...facts,
				...(request.ignoredOptions.length > 0 ? { ignoredOptions: request.ignoredOptions } : {}),
			};
			// With Wait for Outcome the call was read before the transfer (none: refused, not sent).
			if (request.waitLimitMs === undefined || !before) return output;
			accepted?.();
			output.outcome = await watchOutcome(ctx, i, {
				request,
				agent,
				target: facts,
				callBefore: before,
				startedAt: Date.now(),
			});
			return output;
		},
	};
};
