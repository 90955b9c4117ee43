import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../platform';
import { readSessionCookie, sessionCookieOptions } from '../auth/session-cookie';

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
 * The family cookie on HTTP requests and responses: the one place that issues,
 * reads and clears it. httpOnly, SameSite=Strict, Secure behind TLS, whole site:
 * the same attributes as the professional session cookie, under another name,
 * so neither ever stands in for the other.
 */
@Injectable()
export class FamilyCookie {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'cookieSecure'>) {}

  get name(): string {
    return familyCookieName(this.config.cookieSecure);
  }

  read(req: Request): string | undefined {
    return (req.cookies as Record<string, string> | undefined)?.[this.name];
  }

  issue(res: Response, token: string, expiresAt: Date): void {
    res.cookie(this.name, token, sessionCookieOptions(this.config.cookieSecure, expiresAt));
  }

  clear(res: Response): void {
    res.clearCookie(this.name, sessionCookieOptions(this.config.cookieSecure));
  }
}
