/**
 * Transfer's item schema without a workflow run, for the tests that check thousands of inputs: the
 * schema the operation reads each item with, and the error n8n would show for a refused one.
 */
import type { INode } from 'n8n-workflow';

import { LABELS, transferSchema } from '../../nodes/HuaweiCec/actions/voiceCall/transfer.schema';
import { invalidItem } from '../../nodes/HuaweiCec/helpers/errors';
import { checkItem } from '../../nodes/HuaweiCec/helpers/schema';

const NODE: INode = {
	id: 'cec',
	name: 'Huawei CEC',
	type: 'n8n-nodes-huawei-cec.huaweiCec',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The request of one item's parameters, or the first refused field with n8n's error texts. */
export function checkTransfer(raw: unknown) {
	const checked = checkItem(transferSchema, raw);
	if (checked.ok) return checked;
	const error = invalidItem(NODE, 0, checked.refusal, LABELS);
	return {
		ok: false as const,
		field: checked.refusal.field,
		message: error.message,
		description: error.description ?? '',
	};
}
