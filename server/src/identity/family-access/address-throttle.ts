import { TokenBucket } from '../../platform';

/** Buckets kept before idle ones are dropped (an address idle for a full window has a full bucket anyway). */
const MAX_TRACKED = 10_000;

/**
 * Per-key limits (record links' addresses, service-account tokens; the
 * project's token buckets, as the live channels use per connection):
 * `perWindow` tries, refilled evenly over `windowMs`. In-process: each
 * instance counts its own, a bound per instance. Family sign-in counts across
 * instances instead (SharedThrottlerStorage).
 */
export class AddressThrottle {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
  ) {}

  /** Takes one try for the address; false when it has none left. */
  take(address: string): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED) this.buckets.clear();
      bucket = new TokenBucket((this.perWindow * 1000) / this.windowMs, this.perWindow);
      this.buckets.set(address, bucket);
    }
    return bucket.take();
  }
}
