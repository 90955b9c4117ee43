import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RedisClientType } from 'redis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { describeError } from '../errors/log-safe-error';
import { within } from '../time/within';

export type ClusterStatus = 'disabled' | 'up' | 'down';

type Handler = (message: Buffer) => void;

/** How long to wait between reconnection attempts to Redis, at most. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The link between Roundtable instances when REDIS_URL is set: Redis pub/sub
 * for relaying document updates, presence and access changes. Without
 * REDIS_URL it is disabled and every method is a no-op, so one instance needs
 * no Redis.
 *
 * Redis delivers at most once and loses messages while disconnected, so it is
 * never the source of truth: after the subscriber reconnects, `onResync`
 * listeners catch up from PostgreSQL.
 */
@Injectable()
export class ClusterBus implements OnModuleInit, OnApplicationShutdown {
  /** Distinguishes this process's own messages from other instances'. */
  readonly instanceId = randomUUID();
  private readonly logger = new Logger('Cluster');
  private publisher: RedisClientType | null = null;
  private subscriber: RedisClientType | null = null;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly resyncListeners = new Set<() => void>();
  private subscriberLost = false;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.redisUrl !== undefined;
  }

  /** For /api/health and metrics: disabled (no REDIS_URL), up, or down (reconnecting). */
  status(): ClusterStatus {
    if (!this.enabled) return 'disabled';
    return this.publisher?.isReady && this.subscriber?.isReady ? 'up' : 'down';
  }

  /**
   * The link's state, asking Redis (PING) when it looks up: a Redis that hangs
   * rather than drops the connection keeps both clients "ready". `down` when
   * no answer comes within `timeoutMs`.
   */
  async probe(timeoutMs: number): Promise<ClusterStatus> {
    const status = this.status();
    if (status !== 'up' || !this.publisher) return status;
    try {
      return (await within(this.publisher.ping(), timeoutMs)).settled ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.redisUrl) return;
    this.publisher = await this.createRedisClient('publisher');
    this.subscriber = await this.createRedisClient('subscriber');
    this.subscriber.on('ready', () => {
      if (!this.subscriberLost) return;
      this.subscriberLost = false;
      this.logger.log('subscriber reconnected; resynchronising from PostgreSQL');
      for (const listener of this.resyncListeners) listener();
    });
    this.subscriber.on('end', () => (this.subscriberLost = true));
    this.subscriber.on('error', () => (this.subscriberLost = true));
    // Startup waits for Redis once: an instance that cannot reach it at boot is misconfigured.
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.logger.log({ instanceId: this.instanceId }, 'connected to Redis');
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.publisher?.close(), this.subscriber?.close()]);
  }

  /** Publishes to other instances; fire and forget (losses are repaired from PostgreSQL). */
  publish(channel: string, message: Buffer): void {
    const publisher = this.publisher;
    if (!publisher || this.closed) return;
    if (!publisher.isReady) return; // queued commands would pile up while Redis is away
    publisher.publish(channel, message).catch((error: unknown) => {
      this.logger.warn({ channel, err: describeError(error) }, 'could not publish to Redis');
    });
  }

  /**
   * Receives a channel's messages (also this instance's own: filter them by
   * content). Returns the function that stops receiving them.
   */
  async subscribe(channel: string, handler: Handler): Promise<() => Promise<void>> {
    const subscriber = this.subscriber;
    if (!subscriber) return async () => undefined;
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      const set = handlers;
      await subscriber.subscribe(
        channel,
        (message: Buffer) => {
          for (const h of set) h(message);
        },
        true,
      );
    }
    handlers.add(handler);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(channel);
      if (!this.closed && subscriber.isOpen) await subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  /** Runs a Lua script on Redis (rejects when Redis is away or not configured). */
  async eval(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    const publisher = this.readyPublisher();
    return publisher.eval(script, { keys, arguments: args.map(String) });
  }

  /** Removes a member from a sorted set. */
  async zRem(key: string, member: string): Promise<void> {
    await this.readyPublisher().zRem(key, member);
  }

  /** Moves the expiry (score) of sorted-set members that still exist, in one round trip. */
  async renewLeases(leases: readonly { key: string; member: string; until: number }[]): Promise<void> {
    const multi = this.readyPublisher().multi();
    for (const { key, member, until } of leases) multi.zAdd(key, { score: until, value: member }, { XX: true });
    await multi.exec();
  }

  private readyPublisher(): RedisClientType {
    if (!this.publisher?.isReady || this.closed) throw new Error('Redis is not connected');
    return this.publisher;
  }

  /** Runs after the subscriber lost Redis and got it back: messages in between are gone. */
  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** A new client on REDIS_URL. The client library loads here: a single instance (no REDIS_URL) never needs it. */
  private async createRedisClient(purpose: string): Promise<RedisClientType> {
    const { createClient } = await import('redis');
    const client: RedisClientType = createClient({
      url: this.config.redisUrl,
      socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS) },
    });
    let wasReady = false;
    client.on('ready', () => {
      if (wasReady) this.logger.log({ purpose }, 'Redis connection restored');
      wasReady = true;
    });
    client.on('error', (error: unknown) => {
      if (wasReady) this.logger.warn({ purpose, err: describeError(error) }, 'Redis connection error');
    });
    return client;
  }
}
