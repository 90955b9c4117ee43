import { Injectable } from '@nestjs/common';
import { readSessionCookie, TokenCookie } from '../auth/session-cookie';

/** Name of the httpOnly cookie carrying a family session's token (plain HTTP: development and tests). */
export const FAMILY_COOKIE = 'rt_family';
/** Its name behind TLS: Secure, host-only, Path=/ (see SECURE_SESSION_COOKIE). */
export const SECURE_FAMILY_COOKIE = `__Host-${FAMILY_COOKIE}`;

/** The family cookie's name: `__Host-rt_family` with COOKIE_SECURE, else `rt_family`. */
export function familyCookieName(secure: boolean): string {
  return secure ? SECURE_FAMILY_COOKIE : FAMILY_COOKIE;
}

/** Reads the family session token from a raw Cookie header (WebSocket upgrades and socket.io handshakes). */
export function readFamilyCookie(cookieHeader: string | undefined, secure: boolean): string | undefined {
  return readSessionCookie(cookieHeader, familyCookieName(secure));
}

/**
 * The family session cookie: httpOnly, SameSite=Strict, Secure behind TLS,
 * whole site, like the professional one but under its own name, so neither
 * ever stands in for the other.
 */
@Injectable()
export class FamilyCookie extends TokenCookie {
  protected readonly baseName = FAMILY_COOKIE;
}
