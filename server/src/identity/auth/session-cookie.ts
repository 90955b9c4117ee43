import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../platform';

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

/**
 * A token cookie on HTTP requests and responses: the one place that issues,
 * reads and clears it, under this deployment's name (`__Host-` behind TLS)
 * and the session attributes. Each kind of session has its own name, so one
 * never stands in for another.
 */
export abstract class TokenCookie {
  /** The plain-HTTP name; behind TLS it gets the `__Host-` prefix. */
  protected abstract readonly baseName: string;

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'cookieSecure'>) {}

  /** `__Host-<name>` behind TLS (COOKIE_SECURE), else the plain name. */
  get name(): string {
    return this.config.cookieSecure ? `__Host-${this.baseName}` : this.baseName;
  }

  /** The token the request carries, if any (Express has parsed the cookies). */
  read(req: Request): string | undefined {
    return (req.cookies as Record<string, string> | undefined)?.[this.name];
  }

  /** Sets the cookie to a session's token, expiring with the session. */
  issue(res: Response, token: string, expiresAt: Date): void {
    res.cookie(this.name, token, sessionCookieOptions(this.config.cookieSecure, expiresAt));
  }

  /** Clears the cookie (signed out). */
  clear(res: Response): void {
    res.clearCookie(this.name, sessionCookieOptions(this.config.cookieSecure));
  }
}

/** The professional session cookie: `__Host-rt_session` behind TLS, else `rt_session`. */
@Injectable()
export class SessionCookie extends TokenCookie {
  protected readonly baseName = SESSION_COOKIE;
}
