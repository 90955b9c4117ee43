import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MeetingStatusSchema } from '@roundtable/shared/lifecycle';
import { MeetingRoleSchema } from '@roundtable/shared/schemas';
import { z } from 'zod';
import { LiveConnectionRegistry } from '../live-connections/live-connections.registry';
import { ClusterBus } from './cluster-bus.service';

/** The Redis channel every instance listens on for access changes. */
export const ACCESS_CHANNEL = 'roundtable:access';

const MessageSchema = z.object({
  from: z.string(),
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('close-session'), sessionId: z.string() }),
    z.object({ kind: z.literal('close-user'), userId: z.string() }),
    z.object({ kind: z.literal('revoke-meeting-access'), meetingId: z.string(), userId: z.string() }),
    z.object({ kind: z.literal('change-role'), meetingId: z.string(), userId: z.string(), role: MeetingRoleSchema }),
    z.object({ kind: z.literal('meeting-status'), meetingId: z.string(), status: MeetingStatusSchema }),
    z.object({ kind: z.literal('close-family-session'), sessionId: z.string() }),
    z.object({ kind: z.literal('close-family-participant'), participantId: z.string() }),
    z.object({ kind: z.literal('close-family-document'), documentName: z.string() }),
  ]),
});

/**
 * Sign-outs, disabled accounts, removals, role changes and conclusions made
 * on one instance reach the live connections on every other instance (one
 * Redis round trip, well inside a second). A lost message is covered by the
 * checks every event and upgrade makes against PostgreSQL, and by the
 * session sweep.
 */
@Injectable()
export class AccessChangeRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AccessChangeRelay');
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly bus: ClusterBus,
    private readonly registry: LiveConnectionRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.bus.enabled) return;
    this.unsubscribe = await this.bus.subscribe(ACCESS_CHANNEL, (raw) => this.receive(raw));
    this.registry.setFanout((change) =>
      this.bus.publish(ACCESS_CHANNEL, Buffer.from(JSON.stringify({ from: this.bus.instanceId, change }))),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.registry.setFanout(null);
    await this.unsubscribe?.();
  }

  private receive(raw: Buffer): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const message = MessageSchema.safeParse(parsed);
    if (!message.success) {
      this.logger.warn('ignored a malformed access-change message');
      return;
    }
    if (message.data.from === this.bus.instanceId) return;
    const closed = this.registry.applyLocally(message.data.change);
    this.logger.debug({ kind: message.data.change.kind, closed }, 'applied an access change from another instance');
  }
}
