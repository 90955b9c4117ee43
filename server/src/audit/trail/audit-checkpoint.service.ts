import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../platform';
import { type AuditCheckpoint, signCheckpoint } from './audit-chain';
import { AUDIT_SIGNING_KEY } from './audit.tokens';
import type { AuditSigningKey } from './audit-signing-key';
import { AuditRepository } from './audit.repository';
import { AuditTreeService } from './audit-tree.service';
import { auditLogOrigin, signTreeCheckpoint } from './tree-checkpoint';

/** How often the checkpointer looks at the chain head (it signs only when there is something new). */
const TICK_MS = 5_000;

/**
 * Signs the chain head every N entries or M minutes with a key the database
 * cannot reach, so that truncating the tail or recomputing the whole chain is
 * caught against checkpoints that partners have kept. Each checkpoint also
 * extends the Merkle tree to the head and signs its root as a C2SP signed
 * note (RFC 9162 signed tree head), which inclusion and consistency proofs
 * are checked against.
 */
@Injectable()
export class AuditCheckpointService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<AuditCheckpoint | null> | null = null;
  /** The log's C2SP origin line and key name. */
  readonly origin: string;

  constructor(
    private readonly trail: AuditRepository,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tree: AuditTreeService,
  ) {
    this.origin = auditLogOrigin(config.publicUrl);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), Math.min(TICK_MS, this.config.auditCheckpointIntervalMs));
    this.timer.unref();
  }

  /** Stops the timer and signs whatever was added since the last checkpoint (while the database is still open). */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checkpointNow().catch((error: unknown) =>
      this.logger.error(`final audit checkpoint failed: ${(error as Error).message}`),
    );
  }

  /** Signs the current head if it is newer than the last checkpoint; returns the new checkpoint, if any. */
  checkpointNow(): Promise<AuditCheckpoint | null> {
    this.running ??= this.signHead().finally(() => (this.running = null));
    return this.running;
  }

  /** Every checkpoint, oldest first (partners fetch and keep these). */
  list(): Promise<AuditCheckpoint[]> {
    return this.trail.listCheckpoints();
  }

  private async tick(): Promise<void> {
    try {
      const { headSeq, lastSize, lastSignedAt } = await this.trail.checkpointState();
      const due =
        headSeq - lastSize >= this.config.auditCheckpointEveryEntries ||
        (headSeq > lastSize && Date.now() - lastSignedAt >= this.config.auditCheckpointIntervalMs);
      if (due) await this.checkpointNow();
    } catch (error) {
      this.logger.error(`audit checkpoint failed: ${(error as Error).message}`);
    }
  }

  private async signHead(): Promise<AuditCheckpoint | null> {
    const head = await this.trail.findHead();
    if (!head) return null;
    const { lastSize } = await this.trail.checkpointState();
    if (head.seq <= lastSize) return null;
    // The Merkle tree catches up with the head here, off the trail's write path.
    const rootHash = await this.tree.extendTo(head.seq);
    const note = signTreeCheckpoint(this.key.privateKey, this.origin, head.seq, rootHash);
    const checkpoint = signCheckpoint(this.key.privateKey, head.seq, head.hash, new Date().toISOString());
    // Another instance may sign the same head at the same moment; one row is enough.
    await this.trail.insertCheckpoint(checkpoint, { rootHash, note });
    return checkpoint;
  }
}
