import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries `Bearer <expected>`. Compares
 * SHA-256 digests in constant time, so neither the token's content nor its
 * length leaks through timing.
 */
export function bearerTokenMatches(header: string | undefined, expected: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  const given = match?.[1] ?? '';
  const equal = timingSafeEqual(digest(given), digest(expected));
  return match !== null && equal;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
