import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  parseBearerServiceToken,
  SERVICE_TOKEN_PATTERN,
  sealedRecordExportJsonSchema,
} from '@roundtable/shared/integrations';
import { newServiceToken } from '../../identity/service-accounts/service-token';

const COMMITTED = path.resolve(__dirname, '../../../../docs/schemas/sealed-record-export.v1.json');

describe('the published sealed record export schema', () => {
  it('is the committed docs/schemas/sealed-record-export.v1.json (UPDATE_EXPORT_SCHEMA=1 rewrites it)', () => {
    const generated = `${JSON.stringify(sealedRecordExportJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_EXPORT_SCHEMA === '1') writeFileSync(COMMITTED, generated);
    expect(readFileSync(COMMITTED, 'utf8')).toBe(generated);
  });
});

describe('parseBearerServiceToken', () => {
  it('accepts every token the server issues, with any case of "Bearer" and spaces around', () => {
    fc.assert(
      fc.property(fc.constantFrom('Bearer', 'bearer', 'BEARER'), fc.nat(3), fc.nat(2), (scheme, gap, trail) => {
        const { token } = newServiceToken();
        const parsed = parseBearerServiceToken(`${scheme}${' '.repeat(gap + 1)}${token}${' '.repeat(trail)}`);
        expect(parsed).toEqual({ ok: true, token });
      }),
      { numRuns: 200 },
    );
  });

  it('never accepts a string that is not the prefix and 43 base64url characters, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (junk) => {
        const parsed = parseBearerServiceToken(`Bearer ${junk}`);
        if (parsed.ok) expect(parsed.token).toMatch(SERVICE_TOKEN_PATTERN);
        else expect(parsed.message).toMatch(/token/);
      }),
      { numRuns: 500 },
    );
    for (const header of [
      undefined,
      '',
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer rt_sa_short',
      `rt_sa_${'a'.repeat(43)}`,
    ]) {
      expect(parseBearerServiceToken(header).ok).toBe(false);
    }
    expect(parseBearerServiceToken(`Bearer rt_sa_${'a'.repeat(44)}`).ok).toBe(false);
    expect(parseBearerServiceToken(undefined)).toMatchObject({ reason: 'missing' });
    expect(parseBearerServiceToken('Bearer nope')).toMatchObject({ reason: 'malformed' });
  });
});
