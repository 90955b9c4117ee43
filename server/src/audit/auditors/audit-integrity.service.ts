import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditCheckpointsResponse, AuditVerificationResponse } from '@roundtable/shared/audit';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../platform';
import { checkpointToJson } from '../trail/audit-chain';
import { AuditCheckpointService } from '../trail/audit-checkpoint.service';
import type { AuditAttachment } from './audit-export';
import { AuditService, auditActor } from '../trail/audit.service';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import { AuditRepository } from '../trail/audit.repository';
import { assertAuditor } from './auditor.guard';

/**
 * What partners use to hold us to the trail: verification of the whole
 * chain, the signed checkpoints to keep, and the public key to check them
 * with. Auditors only; each access is recorded.
 */
@Injectable()
export class AuditIntegrityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trail: AuditRepository,
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointService,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  /**
   * Verifies every entry and every stored checkpoint in one read-only
   * snapshot, so entries appended meanwhile cannot look like tampering.
   */
  async verify(user: AuthenticatedUser): Promise<AuditVerificationResponse> {
    assertAuditor(user);
    const report = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await this.trail.setReadOnly(tx);
      return this.trail.verifyChain(tx, this.key.publicKey);
    });
    const verifiedAt = new Date().toISOString();
    await this.audit.recordAlone({
      type: 'audit.verified',
      actor: auditActor(user),
      details: {
        ok: report.ok,
        entriesChecked: report.entriesChecked,
        checkpointsChecked: report.checkpointsChecked,
        firstBrokenSeq: report.firstBroken?.seq ?? null,
        firstBrokenKind: report.firstBroken?.kind ?? null,
      },
    });
    return {
      ok: report.ok,
      verifiedAt,
      entriesChecked: report.entriesChecked,
      checkpointsChecked: report.checkpointsChecked,
      head: report.head,
      firstBroken: report.firstBroken,
      problems: report.problems,
      notes: report.notes,
      publicKeyId: this.key.keyId,
    };
  }

  /** Every signed checkpoint, oldest first: partners keep these and hand them to `npm run audit:verify`. */
  async listCheckpoints(user: AuthenticatedUser): Promise<AuditCheckpointsResponse> {
    assertAuditor(user);
    const checkpoints = (await this.checkpoints.list()).map(checkpointToJson);
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      details: { view: 'checkpoints', returned: checkpoints.length },
    });
    return { checkpoints };
  }

  /** The checkpoint public key, as a PEM file (SPKI). */
  async publicKeyFile(user: AuthenticatedUser): Promise<AuditAttachment> {
    assertAuditor(user);
    await this.audit.recordAlone({
      type: 'audit.viewed',
      actor: auditActor(user),
      details: { view: 'public-key', keyId: this.key.keyId },
    });
    return {
      filename: `roundtable-audit-${this.key.keyId}.pub.pem`,
      contentType: 'application/x-pem-file',
      body: this.key.publicKeyPem,
    };
  }
}
