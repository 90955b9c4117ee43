import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';

/** Paths the client bundle never answers: the API and the realtime endpoints. */
const SERVER_PATHS = /^\/(api|collab|socket\.io)(\/|$)/;

/** Vite names every file under /assets by a hash of its content, so a browser may keep it for a year unasked. */
export const HASHED_ASSETS_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves the built client: brotli or gzip as the browser accepts, hashed
 * assets cached for a year, index.html (and so every client-side route)
 * revalidated on each load so a new release shows at once. Production
 * serves no source maps. API and realtime responses are neither compressed
 * nor touched: compressing a response that mixes secrets with what a request
 * reflects would open it to BREACH, and the client bundle holds no secrets.
 */
export function serveClient(app: NestExpressApplication, options: { clientDist: string; production: boolean }): void {
  const index = path.join(options.clientDist, 'index.html');
  if (!existsSync(index)) return;
  const compress = compression();
  app.use((req: Request, res: Response, next: NextFunction) =>
    SERVER_PATHS.test(req.path) ? next() : compress(req, res, next),
  );
  if (options.production) {
    app.use((req: Request, res: Response, next: NextFunction) =>
      req.path.endsWith('.map') ? res.sendStatus(404) : next(),
    );
  }
  app.useStaticAssets(path.join(options.clientDist, 'assets'), {
    prefix: '/assets',
    index: false,
    setHeaders: (res) => res.setHeader('Cache-Control', HASHED_ASSETS_CACHE),
  });
  app.useStaticAssets(options.clientDist, {
    index: false,
    setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
