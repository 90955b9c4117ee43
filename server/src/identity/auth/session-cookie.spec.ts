import { readSessionCookie, sessionCookieName, sessionCookieOptions } from './session-cookie';

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

describe('session cookie name', () => {
  it('is __Host-rt_session behind TLS and rt_session otherwise, and is read by that name only', () => {
    expect(sessionCookieName(true)).toBe('__Host-rt_session');
    expect(sessionCookieName(false)).toBe('rt_session');
    expect(readSessionCookie('__Host-rt_session=abc', sessionCookieName(true))).toBe('abc');
    expect(readSessionCookie('rt_session=abc', sessionCookieName(true))).toBeUndefined();
    expect(readSessionCookie('__Host-rt_session=abc')).toBeUndefined();
  });
});
