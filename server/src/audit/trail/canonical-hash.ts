import { createHash } from 'node:crypto';
import { canonicalize } from './canonical-json.mjs';

/**
 * The RFC 8785 canonical JSON of a value: the form the audit chain hashes, so
 * a hash written to the trail (a plan version's) can be recomputed anywhere
 * from the same content, whatever its key order.
 */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError('the value has no JSON form');
  return json;
}

/** SHA-256 (hex) of the canonical JSON of a value. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
