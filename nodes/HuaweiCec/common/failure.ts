import type { IDataObject } from 'n8n-workflow';

/**
 * Structured facts about a failed item (retcode, meaning, target …) kept beside the thrown error,
 * so Continue On Fail can output them without parsing error texts.
 */
const details = new WeakMap<object, IDataObject>();

export function withDetails<E extends Error>(error: E, facts: IDataObject): E {
	details.set(error, facts);
	return error;
}

export function detailsOf(error: unknown): IDataObject {
	return (error !== null && typeof error === 'object' ? details.get(error) : undefined) ?? {};
}
