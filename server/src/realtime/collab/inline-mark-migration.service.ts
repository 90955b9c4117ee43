import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Audience } from '@roundtable/shared/need-to-know';
import { compartmentDocumentName, parseDocumentName } from '@roundtable/shared/realtime';
import { templateFor } from '@roundtable/shared/templates';
import type { DataSource } from 'typeorm';
import * as Y from 'yjs';
import { AuditService } from '../../audit';
import { CompartmentRepository, DocumentTemplatesService } from '../../meeting';
import { DocumentIntegrityService } from './document-integrity.service';
import { compartmentContent, removePoliceRestricted } from './inline-mark-extraction';
import { InlineMarkMigrationRepository } from './inline-mark-migration.repository';

/** Its row in `data_migrations`. */
export const INLINE_MARK_MIGRATION = 'inline-police-restricted-marks-to-compartments';

const POLICE_ONLY: Audience = { kind: 'police-only', agencies: [], userIds: [] };

/**
 * Start-up data migration (after the schema migrations, before the server
 * listens): every inline "police restricted" passage of every record and
 * safety plan moves into a new police-only compartment owned by police,
 * beside its section (created by nobody: "moved from the shared record"),
 * and leaves the shared document through an ordinary stored update
 * (deletions only, by the server). Each document in one transaction holding
 * its log lock, with a `compartment.migrated` audit entry per compartment.
 * Runs once (`data_migrations`), one instance at a time (an advisory lock);
 * a run cut short is safe to repeat: a migrated document holds no mark.
 *
 * Nothing exposed: the server's Y.Docs collect garbage, so the removed text is
 * in no state a client is sent from now on. Nothing lost: it is in the
 * compartment, and the update log (which the auditors' justified record
 * history replays) keeps who wrote it and when.
 */
@Injectable()
export class InlineMarkMigration implements OnApplicationBootstrap {
  private readonly logger = new Logger(InlineMarkMigration.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: InlineMarkMigrationRepository,
    private readonly compartments: CompartmentRepository,
    private readonly templates: DocumentTemplatesService,
    private readonly integrity: DocumentIntegrityService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  /** Runs the migration unless it has run; resolves with the compartments it created. */
  run(): Promise<number> {
    return this.repository.withLock(INLINE_MARK_MIGRATION, async () => {
      if (await this.repository.hasRun(INLINE_MARK_MIGRATION)) return 0;
      const names = await this.repository.documentsMentioningPoliceRestricted();
      let created = 0;
      for (const name of names) created += await this.migrateDocument(name);
      await this.repository.markRun(INLINE_MARK_MIGRATION, { documents: names.length, compartments: created });
      if (created > 0) {
        this.logger.log({ documents: names.length, compartments: created }, 'moved police restricted text out');
      }
      return created;
    });
  }

  private async migrateDocument(name: string): Promise<number> {
    const parsed = parseDocumentName(name);
    if (!parsed) return 0;
    const { meetingId, kind } = parsed;
    // A log stored before updates were checked on arrival is checked (and repaired) first, as a load does.
    await this.integrity.ensureChecked(name);
    return this.dataSource.transaction(async (tx) => {
      await this.repository.lockLog(tx, name);
      const doc = new Y.Doc({ gc: true });
      try {
        for (const update of await this.repository.load(tx, name)) {
          try {
            Y.applyUpdate(doc, update);
          } catch {
            // Skipped as a load skips it (and logs it there).
          }
        }
        const template = templateFor(await this.templates.forMeeting(tx, meetingId), kind);
        const { sections, update } = removePoliceRestricted(
          doc,
          template.sections.map((s) => s.key),
        );
        if (!update || sections.length === 0) return 0;
        for (const section of sections) {
          const compartment = await this.compartments.insert(tx, {
            id: randomUUID(),
            meetingId,
            documentKind: kind,
            sectionKey: section.key,
            ownerAgency: 'police',
            audience: POLICE_ONLY,
            createdBy: null,
          });
          await this.repository.append(
            tx,
            compartmentDocumentName(meetingId, compartment.id),
            compartmentContent(section.paragraphs),
          );
          await this.audit.record(tx, {
            type: 'compartment.migrated',
            actor: null,
            meetingId,
            subject: { type: 'compartment', id: compartment.id },
            details: {
              from: name,
              documentKind: kind,
              sectionKey: section.key,
              ownerAgency: 'police',
              audience: { kind: POLICE_ONLY.kind, agencies: [], userIds: [] },
              paragraphs: section.paragraphs.length,
              characters: section.paragraphs.reduce((n, p) => n + p.length, 0),
            },
          });
        }
        await this.repository.append(tx, name, update);
        return sections.length;
      } finally {
        doc.destroy();
      }
    });
  }
}
