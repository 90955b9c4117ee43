import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows the burst at once, then refuses until time refills it at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 99; // 0.99 of a token
    expect(bucket.take()).toBe(false);
    now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('sustains the rate indefinitely and never holds more than the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 3, () => now);
    for (let i = 0; i < 1000; i++) {
      now += 10; // exactly the rate
      expect(bucket.take()).toBe(true);
    }
    now += 60_000; // a long pause refills only up to the burst
    expect([1, 2, 3, 4].map(() => bucket.take())).toEqual([true, true, true, false]);
  });

  it('does not take a token when it refuses', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 1, () => now);
    expect(bucket.take()).toBe(true);
    for (let i = 0; i < 10; i++) expect(bucket.take()).toBe(false);
    now += 1000;
    expect(bucket.take()).toBe(true);
  });
});
