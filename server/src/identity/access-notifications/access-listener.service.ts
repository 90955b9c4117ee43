import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Client, Notification } from 'pg';
import { LiveConnectionRegistry } from '../../platform';
import { ACCESS_NOTIFY_CHANNEL, parseAccessNotification } from './access-notification';
import { AccessNotificationRepository } from './access-notification.repository';

/** Reconnect delays after the listening connection drops: doubling from 100 ms up to 10 s. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 10_000;

/**
 * Listens on a dedicated PostgreSQL connection for access changes committed
 * by other processes — above all the admin CLI, which has no connections of
 * its own to close — and applies them to this process's live connections at
 * once (collab WebSockets and socket.io alike). Works with or without Redis.
 * While the connection is down, the session sweep still catches revocations.
 */
@Injectable()
export class AccessListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AccessListener');
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = FIRST_RETRY_MS;
  private stopped = false;
  private readyWaiters: (() => void)[] = [];

  constructor(
    private readonly channel: AccessNotificationRepository,
    private readonly registry: LiveConnectionRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The first LISTEN is awaited so that a server that is up already hears every change.
    await this.connect().catch(() => this.scheduleReconnect());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Whether the LISTEN is in place now. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Resolves once the LISTEN is in place (tests; a health check). */
  ready(): Promise<void> {
    return this.client ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private async connect(): Promise<void> {
    const client = this.channel.newListenerClient();
    client.on('notification', (message) => this.receive(message));
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'access listener connection failed; reconnecting');
      this.dropped(client);
    });
    client.on('end', () => this.dropped(client));
    try {
      await this.channel.listen(client);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.logger.warn({ err: (error as Error).message }, 'access listener could not connect; retrying');
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.retryMs > FIRST_RETRY_MS) this.logger.log('access listener reconnected');
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }

  private dropped(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().catch(() => this.scheduleReconnect());
    }, delay);
    this.retryTimer.unref();
  }

  private receive(message: Notification): void {
    if (message.channel !== ACCESS_NOTIFY_CHANNEL) return;
    const change = parseAccessNotification(message.payload);
    if (!change) {
      this.logger.warn('ignored a malformed access notification');
      return;
    }
    // Local only: every instance hears the NOTIFY itself, so nothing is fanned out again.
    const closed = this.registry.applyLocally(change);
    this.logger.log({ kind: change.kind, closed }, 'applied an access change from PostgreSQL');
  }
}
