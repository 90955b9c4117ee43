// @ts-check
/**
 * Summary statistics for latency samples. Percentiles use the nearest-rank
 * method (the smallest sample with at least p% of samples at or below it), so
 * a reported p99 is always a latency some edit really had.
 */

/**
 * Nearest-rank percentile of values sorted ascending.
 * @param {readonly number[]} sorted ascending
 * @param {number} p 0 < p <= 100
 * @returns {number}
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside (0, 100]`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return /** @type {number} */ (sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
}

/**
 * @typedef {{ count: number, min: number, mean: number, p50: number, p95: number, p99: number, max: number }} Summary
 */

/**
 * Count, min, mean, p50/p95/p99 and max of some samples (in any order).
 * @param {readonly number[]} values
 * @returns {Summary}
 */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  let sum = 0;
  for (const v of list) sum += v;
  return {
    count: list.length,
    min: list[0] ?? NaN,
    mean: list.length ? sum / list.length : NaN,
    p50: percentile(list, 50),
    p95: percentile(list, 95),
    p99: percentile(list, 99),
    max: list[list.length - 1] ?? NaN,
  };
}

/**
 * Median of some values (nearest rank, as above).
 * @param {readonly number[]} values
 */
export function median(values) {
  return percentile(Array.from(Float64Array.from(values).sort()), 50);
}
