import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The logger of the HTTP request being handled, so that what services log for it carries its id. */
const requestLoggers = new AsyncLocalStorage<Logger>();

/** The current request's logger (a child carrying `req`: id, method, path), or undefined outside a request. */
export function currentRequestLogger(): Logger | undefined {
  return requestLoggers.getStore();
}

/** Path without the query string; `originalUrl` because a middleware mount makes `url` relative to it. */
function pathOf(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  return url.split('?')[0] ?? '';
}

/**
 * HTTP request logging: one line a request, with a correlation id (also the
 * `correlationId` of error bodies), and nothing that may carry case content.
 * The second middleware runs the rest of the request with its logger current.
 */
export function httpLogging(logger: Logger): [Middleware, Middleware] {
  const logRequest = pinoHttp({
    logger,
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
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    autoLogging: { ignore: (req) => pathOf(req) === '/api/health' },
  });
  const bindRequestLogger: Middleware = (req, _res, next) => requestLoggers.run(req.log, next);
  return [logRequest, bindRequestLogger];
}
