// @ts-check
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, percentile, summarize } from './stats.js';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns the sample at the rank ceil(p/100 × n)', () => {
    assert.equal(percentile(oneToHundred, 50), 50);
    assert.equal(percentile(oneToHundred, 95), 95);
    assert.equal(percentile(oneToHundred, 99), 99);
    assert.equal(percentile(oneToHundred, 100), 100);
    assert.equal(percentile([15, 20, 35, 40, 50], 30), 20); // the textbook example
    assert.equal(percentile([15, 20, 35, 40, 50], 40), 20);
    assert.equal(percentile([15, 20, 35, 40, 50], 50), 35);
  });

  it('gives the only sample for any p, and the maximum for p99 of fewer than 100 samples', () => {
    assert.equal(percentile([7], 1), 7);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99), 10);
  });

  it('refuses no samples and percentiles outside (0, 100]', () => {
    assert.throws(() => percentile([], 50), RangeError);
    assert.throws(() => percentile([1], 0), RangeError);
    assert.throws(() => percentile([1], 101), RangeError);
  });
});

describe('summarize', () => {
  it('sorts numerically (not as strings) before ranking', () => {
    const s = summarize([10, 9, 100, 1, 2]);
    assert.deepEqual(s, { count: 5, min: 1, mean: 24.4, p50: 9, p95: 100, p99: 100, max: 100 });
  });

  it('takes the median of unsorted values', () => {
    assert.equal(median([3, 1, 2]), 2);
  });
});
