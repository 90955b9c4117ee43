import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../platform';

/** The httpOnly cookie holding the handle of the browser's sign-in in flight. */
export const OIDC_TRANSACTION_COOKIE = 'rt_oidc';
const COOKIE_PATH = '/api/auth/oidc';

/**
 * The OIDC transaction cookie: set when a flow starts, read and cleared at the
 * callback. Lax, not Strict: the provider's redirect back is a cross-site
 * navigation that must carry it.
 */
@Injectable()
export class OidcTransactionCookie {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'cookieSecure'>) {}

  /** The handle the request carries, if any. */
  read(req: Request): string | undefined {
    return (req.cookies as Record<string, string> | undefined)?.[OIDC_TRANSACTION_COOKIE];
  }

  issue(res: Response, handle: string, expiresAt: Date): void {
    res.cookie(OIDC_TRANSACTION_COOKIE, handle, this.options(expiresAt));
  }

  clear(res: Response): void {
    res.clearCookie(OIDC_TRANSACTION_COOKIE, this.options());
  }

  private options(expires?: Date): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      path: COOKIE_PATH,
      ...(expires ? { expires } : {}),
    };
  }
}
