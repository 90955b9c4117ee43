import type { Request, Response } from 'express';
import { readSessionCookie, SessionCookie, sessionCookieName, sessionCookieOptions } from './session-cookie';

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

describe('SessionCookie', () => {
  const response = () => ({ cookie: jest.fn(), clearCookie: jest.fn() });

  it('issues and clears the cookie under one name with the same attributes, expiring with the session', () => {
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    for (const cookieSecure of [true, false]) {
      const cookie = new SessionCookie({ cookieSecure });
      const res = response();
      cookie.issue(res as unknown as Response, 'token', expiresAt);
      cookie.clear(res as unknown as Response);
      const name = sessionCookieName(cookieSecure);
      expect(res.cookie).toHaveBeenCalledWith(name, 'token', sessionCookieOptions(cookieSecure, expiresAt));
      expect(res.clearCookie).toHaveBeenCalledWith(name, sessionCookieOptions(cookieSecure));
    }
  });

  it('reads the token from the parsed cookies by its name only', () => {
    const cookie = new SessionCookie({ cookieSecure: true });
    expect(cookie.read({ cookies: { '__Host-rt_session': 'abc' } } as unknown as Request)).toBe('abc');
    expect(cookie.read({ cookies: { rt_session: 'abc' } } as unknown as Request)).toBeUndefined();
    expect(cookie.read({} as Request)).toBeUndefined();
  });
});
