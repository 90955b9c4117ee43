import { Injectable, Logger } from '@nestjs/common';
import { verifyConsistency } from '../trail/merkle-tree';
import { AuditService } from '../trail/audit.service';
import { TrailTreeReader } from './trail-tree.reader';
import { WitnessesRepository } from './witnesses.repository';

/**
 * Before the app signs a checkpoint of `size` entries, it checks that the
 * tree it is about to sign extends the largest checkpoint any witness has
 * cosigned (an RFC 9162 consistency proof from the witnessed root). If it
 * does not, the history the partners witnessed was changed: the app logs an
 * error, records `audit.checkpoint-refused` and signs nothing.
 */
@Injectable()
export class WitnessedConsistencyCheck {
  private readonly logger = new Logger('AuditWitnesses');

  constructor(
    private readonly witnesses: WitnessesRepository,
    private readonly tree: TrailTreeReader,
    private readonly audit: AuditService,
  ) {}

  /** True when a checkpoint of `size` entries with `root` may be signed; false (logged and audited) when not. */
  async maySign(size: number, root: Buffer): Promise<boolean> {
    const witnessed = await this.witnesses.largestWitnessed();
    if (!witnessed) return true;
    const reason = await this.inconsistency(witnessed.treeSize, witnessed.rootHash, size, root);
    if (reason === null) return true;
    this.logger.error(
      { event: 'audit-checkpoint-refused', size, witnessedSize: witnessed.treeSize, reason },
      `refused to sign an audit checkpoint of ${size} entries: ${reason}`,
    );
    await this.audit.recordAlone({
      type: 'audit.checkpoint-refused',
      outcome: 'refused',
      actor: null,
      subject: { type: 'audit-trail', id: String(size) },
      details: { size, witnessedSize: witnessed.treeSize, witnesses: witnessed.witnesses, reason },
    });
    return false;
  }

  private async inconsistency(witnessedSize: number, witnessedRoot: Buffer, size: number, root: Buffer) {
    if (size < witnessedSize) return 'it is smaller than a checkpoint already witnessed (the trail was truncated)';
    const proved = await this.tree.consistency(witnessedSize, size);
    if (proved === 'missing') return 'the trail has fewer entries than the checkpoint to sign';
    // The stored tree no longer matches the chain's hashes: entries were rewritten and rehashed.
    if (proved === 'unanchored')
      return 'the trail no longer extends the largest witnessed checkpoint (its history was rewritten)';
    if (!proved.rootTo.equals(root)) return 'the root to sign is not the root of the trail';
    return verifyConsistency(witnessedSize, size, witnessedRoot, root, proved.proof)
      ? null
      : 'the trail no longer extends the largest witnessed checkpoint (its history was rewritten)';
  }
}
