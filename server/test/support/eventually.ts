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
export function cookieWebSocket(
  cookie: string,
  origin: string,
  options: { sendDelayMs?: number } = {},
): typeof WebSocket {
  const delay = options.sendDelayMs ?? 0;
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { Cookie: cookie, Origin: origin } });
      if (delay === 0) return;
      // A slow link out of the client: every frame leaves `sendDelayMs` late, in order.
      const send = this.send.bind(this) as (data: unknown) => void;
      this.send = ((data: unknown) => {
        setTimeout(() => {
          if (this.readyState === WebSocket.OPEN) send(data);
        }, delay);
      }) as WebSocket['send'];
    }
  } as unknown as typeof WebSocket;
}
