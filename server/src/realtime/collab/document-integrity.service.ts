import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parseCollabDocumentName } from '@roundtable/shared/realtime';
import * as Y from 'yjs';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../audit';
import { replayChecked } from './document-integrity';
import { DocumentRepository } from './document.repository';

/**
 * Checks, once, the log of a document stored before updates were checked on
 * arrival (docs/REALTIME.md, "Integrity"): updates that can never be applied
 * are quarantined (kept, attributed, audited), each clientID is bound to the
 * user who first wrote with it, and the snapshot is rebuilt from what could be
 * applied. Runs before such a document is served or read.
 */
@Injectable()
export class DocumentIntegrityService {
  private readonly logger = new Logger('DocumentIntegrity');
  /** One check per document at a time in this process; callers share it. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentRepository,
    private readonly audit: AuditService,
  ) {}

  /** Checks and repairs the document's stored log if it has not been checked yet; resolves once it has been. */
  ensureChecked(documentName: string): Promise<void> {
    const running = this.running.get(documentName);
    if (running) return running;
    const check = this.check(documentName).finally(() => this.running.delete(documentName));
    this.running.set(documentName, check);
    return check;
  }

  private async check(documentName: string): Promise<void> {
    if (!(await this.documents.findClientOwners(documentName)).unchecked) return;
    const started = Date.now();
    const [log, legacy] = await Promise.all([
      this.documents.readLog(documentName),
      this.documents.findLegacySnapshot(this.dataSource.manager, documentName),
    ]);
    const replay = replayChecked(legacy, log);
    try {
      const meetingId = parseCollabDocumentName(documentName)?.meetingId ?? null;
      const stored = await this.dataSource.transaction(async (tx) => {
        // The appends' own lock: no update lands while the log is being repaired, and another
        // instance checking the same document waits, then finds it done.
        await this.documents.lockLog(tx, documentName);
        if (!(await this.documents.isUnchecked(tx, documentName))) return false;
        await this.documents.quarantine(tx, documentName, replay.poison);
        for (const { id, userId, problem } of replay.poison) {
          await this.audit.record(tx, {
            type: 'document.update-quarantined',
            meetingId,
            subject: { type: 'document', id: documentName },
            details: { updateId: id, problem, ...(userId ? { sentBy: userId } : {}) },
          });
        }
        await this.documents.bindFirstWriters(tx, documentName, replay.firstWriters);
        const empty = replay.lastId === '0' && !legacy;
        await this.documents.replaceCheckedSnapshot(
          tx,
          documentName,
          empty ? null : { state: Y.encodeStateAsUpdate(replay.doc), upToId: replay.lastId },
        );
        return true;
      });
      if (stored) {
        this.logger.log(
          {
            document: documentName,
            updates: log.length,
            quarantined: replay.poison.length,
            clientIds: replay.firstWriters.size,
            legacyPendingDropped: replay.baseHadPending,
            ms: Date.now() - started,
          },
          replay.poison.length > 0
            ? 'document checked: updates that cannot be applied quarantined'
            : 'document checked',
        );
      }
    } finally {
      replay.doc.destroy();
    }
  }
}
