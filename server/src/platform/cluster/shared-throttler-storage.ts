import { createHash } from 'node:crypto';
import type { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { describeError } from '../errors/log-safe-error';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A Redis command that has not answered within this is a failure (a partition closes nothing). */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/** After a failure, count in memory this long before trying Redis again, so an outage does not slow each limited request. */
const REDIS_RETRY_AFTER_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * Where @nestjs/throttler keeps its counters (password sign-in), and where
 * services count their own per-key limits (family sign-in, record links'
 * addresses, service-account tokens). With REDIS_URL: in Redis, shared
 * by every instance (@nest-lab/throttler-storage-redis, one atomic script per
 * hit), so N instances behind a load balancer allow the limit once, not N
 * times. Without REDIS_URL: in this process's memory (the throttler's own
 * storage), which is right for the single embedded instance.
 *
 * While Redis does not answer, counting falls back to memory, logged as a
 * warning: attempts stay limited per instance (at most N times the limit, the
 * bound before counters were shared) rather than unlimited, and nobody is
 * locked out of signing in by a Redis outage (which /api/health reports).
 *
 * The Redis client and its storage load at module init, and only with
 * REDIS_URL: a single instance never loads them.
 */
@Injectable()
export class SharedThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Throttle');
  private readonly memory = new ThrottlerStorageService();
  private redis: Redis | null = null;
  private shared: ThrottlerStorageRedisService | null = null;
  private redisFailedAt: number | null = null;
  private closed = false;
  private starting: Promise<void> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Nest calls this once for each provider this instance serves as (here also
   * the throttler module's storage): the client is made once, not once each.
   */
  onModuleInit(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  private async connect(): Promise<void> {
    const { redisUrl } = this.config;
    if (redisUrl === undefined) return;
    const [{ Redis }, { ThrottlerStorageRedisService }] = await Promise.all([
      import('ioredis'),
      import('@nest-lab/throttler-storage-redis'),
    ]);
    if (this.closed) return; // shut down while loading: a client made now would never be closed
    this.redis = new Redis(redisUrl, {
      keyPrefix: this.config.throttleRedisKeyPrefix,
      // Fail at once rather than queue while disconnected: the fallback answers instead.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
    });
    // Failures are reported once, by increment(); without a listener ioredis prints every one.
    this.redis.on('error', () => undefined);
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  /**
   * Takes one try from `key`'s limit `limit` (`perWindow` tries per `windowMs`);
   * false when none is left, and then until `windowMs` after the first refusal.
   * Stored under a SHA-256 of limit and key: no address or token reaches Redis.
   */
  async take(limit: string, key: string, perWindow: number, windowMs: number): Promise<boolean> {
    const hashed = createHash('sha256').update(`${limit}-${key}`).digest('hex');
    const { isBlocked } = await this.increment(hashed, windowMs, perWindow, windowMs, limit);
    return !isBlocked;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.shared && !this.waitingToRetryRedis()) {
      try {
        const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
        if (this.redisFailedAt !== null) this.logger.log('Redis answers again: sign-in throttles are shared again');
        this.redisFailedAt = null;
        return record;
      } catch (error) {
        if (this.redisFailedAt === null) {
          this.logger.warn(
            { err: describeError(error) },
            'Redis does not answer: throttles (sign-in, record links, service tokens) count per instance until it does',
          );
        }
        this.redisFailedAt = Date.now();
      }
    }
    return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.memory.onApplicationShutdown();
    this.redis?.disconnect();
  }

  private waitingToRetryRedis(): boolean {
    return this.redisFailedAt !== null && Date.now() - this.redisFailedAt < REDIS_RETRY_AFTER_MS;
  }
}
