import { readSessionCookie, sessionCookieOptions } from './session-cookie';

describe('session cookie', () => {
  it('reads the session token among other cookies', () => {
    expect(readSessionCookie('a=1; rt_session=abc_DEF-123; b=2')).toBe('abc_DEF-123');
    expect(readSessionCookie('rt_session_other=x')).toBeUndefined();
    expect(readSessionCookie('rt_session=')).toBeUndefined();
    expect(readSessionCookie(undefined)).toBeUndefined();
  });

  it('is httpOnly and SameSite=Strict, Secure when asked', () => {
    expect(sessionCookieOptions(true)).toMatchObject({ httpOnly: true, sameSite: 'strict', secure: true, path: '/' });
    expect(sessionCookieOptions(false).secure).toBe(false);
  });
});
