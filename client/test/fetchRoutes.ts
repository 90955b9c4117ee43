import { vi } from 'vitest';

export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (request: SentRequest) => Response | undefined;

/**
 * Stubs `fetch` with `handler` (404 for anything it does not answer) and
 * returns the requests sent, in order, with their decoded bodies.
 */
export function routeFetch(handler: Handler): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit = {}) => {
      const request = {
        method: init.method ?? 'GET',
        path,
        body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      };
      sent.push(request);
      return (
        handler(request) ??
        new Response(JSON.stringify({ code: 'NotFound', message: 'Not found', correlationId: 't' }), { status: 404 })
      );
    }),
  );
  return sent;
}
