import { Injectable } from '@nestjs/common';
import type { AuditConsistencyProofResponse, AuditInclusionProofResponse } from '@roundtable/shared/audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import type { TreeCheckpoint } from '../trail/audit-tree.repository';
import { AuditTreeService } from '../trail/audit-tree.service';
import { AuditService, auditActor } from '../trail/audit.service';
import { parseTilePath } from '../trail/tlog-tiles';
import { assertAuditor } from './auditor.guard';

export const NO_SIGNED_CHECKPOINT = 'No checkpoint of the Merkle tree has been signed yet: try again in a few minutes';
export const NO_SUCH_ENTRY = 'There is no audit entry with this number';
export const NO_SUCH_TILE =
  'There is no such tile of the audit tree (yet): see https://c2sp.org/tlog-tiles for the paths';

const hex = (b: Buffer): string => b.toString('hex');

/**
 * Inclusion and consistency proofs of the audit trail's Merkle tree, against
 * signed checkpoints only (a proof against an unsigned root proves nothing to
 * a partner). Auditors only; each read is recorded like the other audit reads.
 */
@Injectable()
export class AuditProofService {
  constructor(
    private readonly tree: AuditTreeService,
    private readonly audit: AuditService,
  ) {}

  /** The latest checkpoint's C2SP signed note. */
  async latestCheckpoint(user: AuthenticatedUser): Promise<string> {
    assertAuditor(user);
    const checkpoint = await this.tree.latestCheckpoint();
    if (!checkpoint) throw new DomainError('NotFound', NO_SIGNED_CHECKPOINT);
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      details: { view: 'checkpoint', treeSize: checkpoint.treeSize },
    });
    return checkpoint.note;
  }

  /** The inclusion proof of entry `seqParam` in the checkpoint of `size` entries (default: the latest). */
  async inclusion(user: AuthenticatedUser, seqParam: string, size?: number): Promise<AuditInclusionProofResponse> {
    assertAuditor(user);
    if (!/^[1-9][0-9]{0,15}$/.test(seqParam) || !Number.isSafeInteger(Number(seqParam)))
      throw new DomainError('NotFound', NO_SUCH_ENTRY);
    const seq = Number(seqParam);
    const checkpoint = await this.checkpoint(size);
    if (seq > checkpoint.treeSize) {
      if (size === undefined)
        throw new DomainError(
          'NotFound',
          `Entry ${seq} is not covered by a signed checkpoint (the latest covers ${checkpoint.treeSize} entries)`,
        );
      throw new DomainError('ValidationFailed', `Entry ${seq} is not in the checkpoint of ${size} entries`, [
        { path: 'size', message: `size must be at least ${seq}` },
      ]);
    }
    const [leaf, entryHash] = await Promise.all([this.tree.leaf(seq - 1), this.tree.entryHash(seq)]);
    if (!leaf || !entryHash) throw new DomainError('NotFound', NO_SUCH_ENTRY);
    const proof = await this.tree.inclusionProof(seq - 1, checkpoint.treeSize);
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      subject: { type: 'audit-entry', id: String(seq) },
      details: { view: 'inclusion-proof', seq, treeSize: checkpoint.treeSize },
    });
    return {
      seq,
      leafIndex: seq - 1,
      treeSize: checkpoint.treeSize,
      entryHash: hex(entryHash),
      leafHash: hex(leaf),
      proof: proof.map(hex),
      rootHash: hex(checkpoint.rootHash),
      checkpoint: checkpoint.note,
    };
  }

  /** The consistency proof between the checkpoints of `from` and `to` entries (default: the latest). */
  async consistency(user: AuthenticatedUser, from: number, to?: number): Promise<AuditConsistencyProofResponse> {
    assertAuditor(user);
    const older = await this.checkpoint(from, 'from');
    const newer = await this.checkpoint(to, 'to');
    if (older.treeSize > newer.treeSize)
      throw new DomainError('ValidationFailed', 'from must not be larger than the latest checkpoint', [
        { path: 'from', message: 'from must not be larger than to' },
      ]);
    const proof = await this.tree.consistencyProof(older.treeSize, newer.treeSize);
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      details: { view: 'consistency-proof', from: older.treeSize, to: newer.treeSize },
    });
    return {
      from: older.treeSize,
      to: newer.treeSize,
      proof: proof.map(hex),
      fromRootHash: hex(older.rootHash),
      toRootHash: hex(newer.rootHash),
      fromCheckpoint: older.note,
      toCheckpoint: newer.note,
    };
  }

  /** A C2SP tlog-tiles tile (`path` after `tile/`); 404 for a path that is not a tile or a tile not stored yet. */
  async tile(user: AuthenticatedUser, path: string): Promise<Buffer> {
    assertAuditor(user);
    const request = parseTilePath(path);
    const tile = request ? await this.tree.tile(request) : null;
    if (!tile) throw new DomainError('NotFound', NO_SUCH_TILE);
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      details: { view: 'tile', tile: path },
    });
    return tile;
  }

  /** The signed checkpoint of exactly this size (or the latest): 404 when there is none. */
  private async checkpoint(size: number | undefined, name = 'size'): Promise<TreeCheckpoint> {
    const checkpoint = size === undefined ? await this.tree.latestCheckpoint() : await this.tree.checkpointAt(size);
    if (checkpoint) return checkpoint;
    if (size === undefined) throw new DomainError('NotFound', NO_SIGNED_CHECKPOINT);
    throw new DomainError(
      'NotFound',
      `There is no signed checkpoint of ${size} entries (${name}): use a tree size from GET /api/audit/checkpoints`,
    );
  }
}
