import type { PlanContent } from '@roundtable/shared/pathway';
import { canonicalSha256 } from '../../audit';

/**
 * A plan version's hash: SHA-256 (hex) of the canonical JSON (RFC 8785, as
 * the audit chain) of { childId, planId, version, content }. Written to the
 * trail with each change and each meeting's review, so anyone holding the
 * content can show which version a meeting reviewed.
 */
export function planVersionHash(version: {
  childId: string;
  planId: string;
  version: number;
  content: PlanContent;
}): string {
  const { childId, planId, content } = version;
  return canonicalSha256({ childId, planId, version: version.version, content });
}
