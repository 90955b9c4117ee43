import type { CookieOptions } from 'express';

/** Name of the httpOnly cookie carrying the session token. */
export const SESSION_COOKIE = 'rt_session';

/** Cookie attributes: httpOnly, SameSite=Strict, Secure behind TLS, whole site. */
export function sessionCookieOptions(secure: boolean, expires?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/', ...(expires ? { expires } : {}) };
}

/** Reads the session token from a raw Cookie header (WebSocket upgrades bypass Express). */
export function readSessionCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 ? decodeURIComponent(value) : undefined;
    }
  }
  return undefined;
}
