import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../platform';
import type { AuditAttachmentBytes } from './audit-bundle.controller';
import { assertAuditor } from '../auditors/auditor.guard';
import { AuditCheckpointService } from '../trail/audit-checkpoint.service';
import { AuditRepository } from '../trail/audit.repository';
import { AuditService, auditActor } from '../trail/audit.service';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import { addSignatures } from '../trail/signed-note';
import { witnessKeyFromRaw } from '../witnesses/witness-key';
import { WitnessesRepository } from '../witnesses/witnesses.repository';
import { bundleFiles, bundleTarGz } from './audit-bundle';
import { AuditBundleRepository } from './audit-bundle.repository';

/**
 * The export bundle an auditor downloads to verify the trail offline
 * (`npm run audit:verify -- --export`): every entry, every signed checkpoint
 * with its witnesses' cosignatures, and the public keys, read in one
 * snapshot. Auditors only; each download is recorded.
 */
@Injectable()
export class AuditBundleService {
  private readonly logger = new Logger('AuditBundle');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly trail: AuditRepository,
    private readonly bundles: AuditBundleRepository,
    private readonly witnesses: WitnessesRepository,
    private readonly checkpoints: AuditCheckpointService,
    private readonly audit: AuditService,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  async export(user: AuthenticatedUser): Promise<AuditAttachmentBytes> {
    assertAuditor(user);
    // Sign the head first, so a checkpoint vouches for (nearly) all of the bundle.
    await this.checkpoints
      .checkpointNow()
      .catch((error: unknown) => this.logger.error(`checkpoint before export failed: ${(error as Error).message}`));
    const exportedAt = new Date();
    const files = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await this.trail.setReadOnly(tx);
      const entries = await this.bundles.entries(tx);
      const notes = await this.bundles.checkpointNotes(tx);
      const cosignatures = await this.witnesses.cosignatures(tx);
      const witnesses = await this.witnesses.list(tx);
      const checkpoints = notes.map(({ size, note }) => {
        const lines = cosignatures.filter((c) => c.treeSize === size).map((c) => c.signature);
        return { size, note: lines.length ? addSignatures(note, lines) : note };
      });
      return bundleFiles({
        exportedAt: exportedAt.toISOString(),
        entries,
        checkpoints,
        logPublicKeyPem: this.key.publicKeyPem,
        witnesses: witnesses.map((w) => ({
          verifierKey: witnessKeyFromRaw(w.name, Buffer.from(w.public_key)).verifierKey,
          agency: w.agency,
          status: w.retired_at ? 'retired' : 'active',
        })),
      });
    });
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as {
      entries: number;
      checkpoints: number;
    };
    await this.audit.recordAlone({
      type: 'audit.exported',
      actor: auditActor(user),
      details: { format: 'bundle', rows: manifest.entries, checkpoints: manifest.checkpoints },
    });
    const stamp = exportedAt
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    return {
      filename: `roundtable-audit-bundle-${stamp}.tar.gz`,
      contentType: 'application/gzip',
      body: await bundleTarGz(files, exportedAt),
    };
  }
}
