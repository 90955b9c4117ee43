import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { createAdapter as CreateAdapter } from '@socket.io/redis-adapter';
import type { RedisClientType } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import { describeError } from '../errors/log-safe-error';

/**
 * socket.io through Redis: a broadcast to a meeting's room on one instance
 * reaches that room's sockets on every instance. Connected before the app
 * starts (Nest creates the socket.io server before module init).
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly redisLogger = new Logger('RedisIoAdapter');
  private pub: RedisClientType | null = null;
  private sub: RedisClientType | null = null;
  /** socket.io's adapter over `pub` and `sub`, made once they are connected. */
  private adapter: ReturnType<typeof CreateAdapter> | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    // Loaded here, not at boot: a single instance (no REDIS_URL) never uses them.
    const [{ createClient }, { createAdapter }] = await Promise.all([
      import('redis'),
      import('@socket.io/redis-adapter'),
    ]);
    const pub: RedisClientType = createClient({
      url: this.redisUrl,
      socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000) },
    });
    const sub = pub.duplicate();
    for (const [name, client] of [
      ['pub', pub],
      ['sub', sub],
    ] as const) {
      client.on('error', (error: unknown) =>
        this.redisLogger.warn({ client: name, err: describeError(error) }, 'socket.io Redis connection error'),
      );
    }
    await Promise.all([pub.connect(), sub.connect()]);
    this.pub = pub;
    this.sub = sub;
    this.adapter = createAdapter(pub, sub);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (!this.adapter) throw new Error('RedisIoAdapter.connect() must complete before the app starts');
    server.adapter(this.adapter);
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled([this.pub?.close(), this.sub?.close()]);
    this.pub = null;
    this.sub = null;
    this.adapter = null;
  }
}
