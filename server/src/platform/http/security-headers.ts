import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** One year: browsers remember HTTPS-only for this long (helmet's default, the HSTS preload minimum). */
export const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** Powerful features no page of Roundtable uses; denied so an injected script could not ask for them either. */
export const PERMISSIONS_POLICY = [
  'camera=()',
  'microphone=()',
  'geolocation=()',
  'display-capture=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
  'hid=()',
].join(', ');

/**
 * The Content-Security-Policy of every response. No inline script or style,
 * no eval, nothing from another origin: a payload that reached the DOM
 * (stored in a record, a name, a reason) cannot run. Inline `style`
 * attributes are blocked too: the client sets colours through the CSSOM
 * (`element.style.x = …`, React's `style` prop, ProseMirror's decoration
 * styles), which CSP does not govern.
 */
export function contentSecurityPolicy(tls: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    // Same-origin fetches and the WebSockets (/collab, /socket.io): 'self' covers ws(s): to the same host.
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(tls ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * The OpenAPI page (`/api/docs`, swagger-ui) ships inline <style> blocks:
 * there alone styles may be inline. Scripts stay 'self' only; the page holds
 * no case data.
 */
const API_DOCS_PAGE = /^\/api\/docs(\/|$)/;

function serializeCsp(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

/**
 * helmet with Roundtable's policy: strict CSP, HSTS only behind TLS (over
 * plain HTTP it means nothing and would pin a local development host),
 * no referrer, same-origin opener and resource policies, plus
 * Permissions-Policy, which helmet does not set.
 */
export function securityHeaders(options: { tls: boolean }): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options.tls) },
      strictTransportSecurity: options.tls ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
    (req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
      if (API_DOCS_PAGE.test(req.path)) {
        const directives = contentSecurityPolicy(options.tls);
        directives['style-src'] = ["'self'", "'unsafe-inline'"];
        res.setHeader('Content-Security-Policy', serializeCsp(directives));
      }
      next();
    },
  ];
}

/**
 * API responses carry case data: no browser or proxy cache may keep them.
 * Mounted on /api before the routes, so every answer (errors too) has it.
 */
export function noStoreApiResponses(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
}
