import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { describeError } from '../errors/log-safe-error';
import { LiveConnectionRegistry } from '../live-connections/live-connections.registry';
import { ClusterBus } from './cluster-bus.service';

/** A slot held this long without renewal is given back (an instance that died holds none for longer). */
const LEASE_MS = 30_000;
/** Held slots are renewed this often. */
const RENEW_EVERY_MS = 10_000;

/**
 * Takes a slot when the user holds fewer than ARGV[3] live ones: KEYS[1] is
 * the user's sorted set of slots (score: when the lease runs out). Atomic, so
 * two instances admitting the same user at once cannot overshoot.
 */
const CLAIM_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * A user's realtime connection slots (collab connections and /meetings
 * sockets together). With REDIS_URL they are counted across every instance:
 * each slot is a lease in Redis, renewed while its connection is open and
 * given back when it closes, so a cap cannot be multiplied by the number of
 * instances. Without Redis, or while Redis is away, this process counts its
 * own (LiveConnectionRegistry).
 */
@Injectable()
export class UserConnectionSlots implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ConnectionSlots');
  /** Leases this process holds: member → the user's key. */
  private readonly leases = new Map<string, string>();
  private renewer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: ClusterBus,
    private readonly liveConnections: LiveConnectionRegistry,
  ) {}

  onModuleInit(): void {
    if (!this.bus.enabled) return;
    this.renewer = setInterval(() => void this.renew(), RENEW_EVERY_MS);
    this.renewer.unref();
  }

  onApplicationShutdown(): void {
    if (this.renewer) clearInterval(this.renewer);
  }

  /**
   * Takes one of the user's `max` slots; null when none is left. Call the
   * returned function once the connection has closed (it is idempotent).
   */
  async claim(userId: string, max: number): Promise<(() => void) | null> {
    // This process's own count first: synchronous, so its concurrent requests cannot overshoot either.
    const local = this.liveConnections.claimConnectionSlot(userId, max);
    if (!local || !this.bus.enabled) return local;
    const key = `roundtable:connection-slots:${userId}`;
    const member = `${this.bus.instanceId}:${randomUUID()}`;
    const now = Date.now();
    let granted: boolean;
    try {
      granted = (await this.bus.eval(CLAIM_SCRIPT, [key], [now, now + LEASE_MS, max, member, 2 * LEASE_MS])) === 1;
    } catch (error) {
      // Redis is away (health says so): each instance keeps to the cap on its own meanwhile.
      this.logger.warn({ err: describeError(error) }, 'could not count connection slots in Redis; counting locally');
      return local;
    }
    if (!granted) {
      local();
      return null;
    }
    this.leases.set(member, key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      local();
      this.leases.delete(member);
      this.bus.zRem(key, member).catch(() => undefined); // otherwise the lease runs out by itself
    };
  }

  private async renew(): Promise<void> {
    if (this.leases.size === 0) return;
    const until = Date.now() + LEASE_MS;
    try {
      await this.bus.renewLeases([...this.leases].map(([member, key]) => ({ key, member, until })));
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'could not renew connection slots in Redis');
    }
  }
}
