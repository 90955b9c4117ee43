import type { CookieOptions } from 'express';

/** Name of the httpOnly cookie carrying the session token (plain HTTP: development and tests). */
export const SESSION_COOKIE = 'rt_session';

/**
 * Its name behind TLS. Browsers accept a `__Host-` cookie only when it is
 * Secure, host-only (no Domain) and for Path=/, so a sibling subdomain cannot
 * plant or overwrite the session cookie (session fixation by cookie tossing).
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** The session cookie's name: `__Host-rt_session` with COOKIE_SECURE, else `rt_session`. One name per deployment. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Cookie attributes: httpOnly, SameSite=Strict, Secure behind TLS, whole site. */
export function sessionCookieOptions(secure: boolean, expires?: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: '/', ...(expires ? { expires } : {}) };
}

/** Reads the session token from a raw Cookie header (WebSocket upgrades bypass Express). */
export function readSessionCookie(cookieHeader: string | undefined, name = SESSION_COOKIE): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 ? decodeURIComponent(value) : undefined;
    }
  }
  return undefined;
}
