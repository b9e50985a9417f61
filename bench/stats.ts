/** Median, min and max of repeated measurements. */
export interface Spread {
	median: number;
	min: number;
	max: number;
	runs: number;
}

export function spread(values: number[]): Spread {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);
