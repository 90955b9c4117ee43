import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditWitnessListResponse, WitnessConsistencyResponse } from '@roundtable/shared/audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { assertAuditor } from '../auditors/auditor.guard';
import { AuditService, auditActor } from '../trail/audit.service';
import { addSignatures } from '../trail/signed-note';
import { TrailTreeReader } from './trail-tree.reader';
import { WitnessesRepository } from './witnesses.repository';
import { WitnessesService } from './witnesses.service';

/** What witnesses read (checkpoints, proofs) and what auditors see of them. */
@Injectable()
export class WitnessLogService {
  constructor(
    private readonly tree: TrailTreeReader,
    private readonly witnesses: WitnessesService,
    private readonly audit: AuditService,
    private readonly repository: WitnessesRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The latest signed checkpoint note, with the cosignatures it has so far. */
  async latestCheckpoint(): Promise<string> {
    const latest = await this.repository.latestNote();
    if (!latest) throw new DomainError('NotFound', 'No checkpoint has been signed yet');
    const cosignatures = await this.repository.cosignatures(this.dataSource.manager, [latest.size]);
    return addSignatures(
      latest.note,
      cosignatures.map((c) => c.signature),
    );
  }

  /** RFC 9162 consistency proof from size `from` to size `to` (at most the chain's length). */
  async consistency(from: number, to: number): Promise<WitnessConsistencyResponse> {
    // From the stored tree as it is: the witness checks the proof against the root it cosigned and the
    // checkpoint's signed root, so a rewritten trail shows there as an inconsistent proof.
    const proved = await this.tree.consistency(from, to, { anchor: false });
    if (typeof proved === 'string') throw new DomainError('NotFound', `The audit trail has fewer than ${to} entries`);
    return { from, to, proof: proved.proof.map((p) => p.toString('base64')) };
  }

  /** Every witness and how far it has cosigned, for an auditor (recorded). */
  async witnessStatus(user: AuthenticatedUser): Promise<AuditWitnessListResponse> {
    assertAuditor(user);
    const status = await this.witnesses.list();
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      details: { view: 'witnesses', returned: status.witnesses.length },
    });
    return status;
  }
}
