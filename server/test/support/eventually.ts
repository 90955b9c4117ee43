import WebSocket from 'ws';

/** Retries an assertion until it passes or `timeoutMs` runs out (never a fixed sleep); returns its value. */
export async function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A `ws` WebSocket class that sends the session cookie and an Origin, as a browser would (for WebsocketProvider). */
export function cookieWebSocket(cookie: string, origin: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { Cookie: cookie, Origin: origin } });
    }
  } as unknown as typeof WebSocket;
}
