/**
 * Which zod the item schemas run on in this jest project: the `node` project loads `zod/v4` from
 * zod 3.25 (what n8n 2.41 provides), the `zod4` project from zod 4. Both run the schema tests.
 */
import { z } from 'zod/v4';

import { checkTransfer } from '../harness/transferSchema';

declare const ZOD_UNDER_TEST: string;

test(`the schemas run on ${ZOD_UNDER_TEST}`, () => {
	const { major, minor } = z.core.version;
	expect(major).toBe(4);
	// zod 3.25 carries the v4 API as version 4.0; zod 4 releases are 4.1 and later.
	expect(ZOD_UNDER_TEST === 'zod 4' ? minor >= 1 : minor === 0).toBe(true);
	const refused = checkTransfer({
		agentId: '',
		deviceType: 1,
		address: '3',
		mode: 0,
		options: {},
	});
	expect(refused).toEqual(
		expect.objectContaining({ ok: false, field: 'agentId', message: 'Agent ID is required' }),
	);
});
