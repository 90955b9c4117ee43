import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

/** HTTP request logging: one line a request, with a correlation id, and nothing that may carry case content. */
export function httpLogging(config: Pick<AppConfig, 'logLevel'>): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: () => randomUUID(),
      // Only method, path and status: no query strings, cookies or bodies (they may carry case content).
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customSuccessMessage: (req, res) => `${req.method} ${String(req.url).split('?')[0]} ${res.statusCode}`,
      // originalUrl: inside Nest's middleware mount, req.url is relative to it.
      autoLogging: { ignore: (req) => (req as { originalUrl?: string }).originalUrl === '/api/health' },
    },
    forRoutes: ['*path'],
  };
}
