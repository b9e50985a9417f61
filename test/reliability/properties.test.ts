/**
 * Generated inputs across the whole input space: the node's validation accepts exactly what the
 * independent oracle of docs/gateway.md accepts, and produces the oracle's body.
 */
import fc from 'fast-check';

import {
	toWireBody,
	validateTransfer,
} from '../../nodes/HuaweiCec/actions/voiceCall/transfer.operation';
import { mostlyValidInputArb, transferInputArb } from './inputs';
import { oracle } from './oracle';

const SEED = 20261124;

describe('validation equals the oracle', () => {
	// The whole space is mostly refusals; the biased one makes sure acceptance is exercised too.
	test.each([
		['the whole input space', transferInputArb, 0],
		['mostly valid inputs', mostlyValidInputArb, 200],
	] as const)('%s', (_name, arb, minAccepted) => {
		let accepted = 0;
		fc.assert(
			fc.property(arb, (input) => {
				const mine = validateTransfer(input);
				const theirs = oracle(input);
				expect(mine.ok).toBe(theirs.accept);
				if (mine.ok && theirs.accept) {
					accepted++;
					expect(toWireBody(mine.value)).toEqual(theirs.body);
				}
				if (!mine.ok) expect(mine.message.length).toBeGreaterThan(10);
			}),
			{ seed: SEED, numRuns: 4000 },
		);
		expect(accepted).toBeGreaterThanOrEqual(minAccepted);
	});
});
