/** Connection attempts at start before giving up (Redis starting alongside the app gets about two seconds). */
const ATTEMPTS = 6;
const RETRY_DELAY_MS = 400;
const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Checks once, before anything else starts, that Redis answers on REDIS_URL.
 * The clients the app keeps reconnect forever, which is right after start
 * (a lost Redis comes back, /api/health says degraded meanwhile) but would
 * make a misconfigured instance hang at boot without a word. So start fails
 * fast instead, with the reason.
 */
export async function assertRedisReachable(redisUrl: string): Promise<void> {
  const { createClient } = await import('redis');
  const client = createClient({
    url: redisUrl,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number, cause: Error) =>
        retries >= ATTEMPTS - 1 ? new RedisUnreachableError(redisUrl, cause) : RETRY_DELAY_MS,
    },
  });
  client.on('error', () => undefined); // every failed attempt is reported; the last one is thrown below
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw error instanceof RedisUnreachableError ? error : new RedisUnreachableError(redisUrl, error);
  }
  await client.close();
}

export class RedisUnreachableError extends Error {
  constructor(redisUrl: string, cause: unknown) {
    super(
      `Redis at ${safeAddress(redisUrl)} (REDIS_URL) did not answer: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'With REDIS_URL set, every instance needs Redis to start; start Redis, fix REDIS_URL, or unset it to run a single instance.',
    );
    this.name = 'RedisUnreachableError';
  }
}

/** The URL without its credentials, for the message. */
function safeAddress(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}
