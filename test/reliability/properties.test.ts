/**
 * Generated inputs across the whole input space: the node's validation accepts exactly what the
 * independent oracle of docs/gateway.md accepts, produces the oracle's body, and every refusal
 * names the field it refuses.
 */
import fc from 'fast-check';

import { LABELS } from '../../nodes/HuaweiCec/actions/voiceCall/transfer.schema';
import { checkTransfer } from '../harness/transferSchema';
import { mostlyValidInputArb, transferInputArb } from './inputs';
import { oracle } from './oracle';

const SEED = 20261124;
const RUNS = 4000;

describe('validation equals the oracle', () => {
	// The whole space is mostly refusals; the biased one makes sure acceptance is exercised too.
	// Each must exercise both verdicts, or the comparison proves little.
	test.each([
		['the whole input space', transferInputArb, 1, 3000],
		['mostly valid inputs', mostlyValidInputArb, 200, 200],
	] as const)('%s', (_name, arb, minAccepted, minRefused) => {
		let accepted = 0;
		let refused = 0;
		fc.assert(
			fc.property(arb, (input) => {
				const mine = checkTransfer(input);
				const theirs = oracle(input);
				expect(mine.ok).toBe(theirs.accept);
				if (mine.ok && theirs.accept) {
					accepted++;
					expect(mine.value.body).toEqual(theirs.body);
				}
				if (!mine.ok) {
					refused++;
					// The message names the field the builder has to fix, as the editor labels it.
					expect(LABELS).toHaveProperty([mine.field]);
					expect(mine.message).toContain(LABELS[mine.field]);
					expect(mine.description).toContain(`Fix the field "${LABELS[mine.field]}"`);
				}
			}),
			{ seed: SEED, numRuns: RUNS },
		);
		expect(accepted).toBeGreaterThanOrEqual(minAccepted);
		expect(refused).toBeGreaterThanOrEqual(minRefused);
	});
});
