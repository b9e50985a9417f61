/**
 * A call's outcome as a value, so errors are decided on (wrapped into n8n's error classes, or turned
 * into output items) in plain code rather than re-thrown from catch blocks.
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function settle<T>(run: () => T): Settled<T> {
	try {
		return { ok: true, value: run() };
	} catch (error) {
		return { ok: false, error };
	}
}

export async function settleAsync<T>(run: () => Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await run() };
	} catch (error) {
		return { ok: false, error };
	}
}
