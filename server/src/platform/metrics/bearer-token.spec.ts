import { bearerTokenMatches } from './bearer-token';

describe('bearerTokenMatches', () => {
  const token = 'k3y-with-enough-entropy-0123456789';

  it('accepts the exact token after "Bearer" (any case, surrounding blanks)', () => {
    expect(bearerTokenMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerTokenMatches(`bearer  ${token} `, token)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['empty header', ''],
    ['the scheme alone', 'Bearer'],
    ['the token without the scheme', token],
    ['another scheme', `Basic ${token}`],
    ['a prefix of the token', `Bearer ${token.slice(0, -1)}`],
    ['the token with more after it', `Bearer ${token}x`],
    ['two tokens', `Bearer ${token} ${token}`],
    ['another case', `Bearer ${token.toUpperCase()}`],
  ])('refuses %s', (_label, header) => {
    expect(bearerTokenMatches(header, token)).toBe(false);
  });
});
