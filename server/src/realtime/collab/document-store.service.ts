import { Injectable, Logger } from '@nestjs/common';
import * as Y from 'yjs';
import { describeError } from '../../platform';
import { DocumentIntegrityService } from './document-integrity.service';
import { DocumentRepository } from './document.repository';

/**
 * The stored state of a shared document that is not loaded in memory: its
 * snapshot and the log after it (DocumentRepository), replayed as a load does.
 */
@Injectable()
export class DocumentStore {
  private readonly logger = new Logger(DocumentStore.name);

  constructor(
    private readonly documents: DocumentRepository,
    private readonly integrity: DocumentIntegrityService,
  ) {}

  /**
   * The document's state as stored (`Y.encodeStateAsUpdate` of the snapshot
   * and the log after it, applied in order as a load does), for a document
   * that is not loaded in memory. An update that does not apply is logged and skipped.
   */
  async encodeState(documentName: string): Promise<Uint8Array> {
    await this.integrity.ensureChecked(documentName);
    const stored = await this.documents.load(documentName);
    const doc = new Y.Doc({ gc: true });
    try {
      for (const update of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)]) {
        try {
          Y.applyUpdate(doc, update, 'load');
        } catch (error) {
          this.logger.error({ document: documentName, err: describeError(error) }, 'stored update does not apply');
        }
      }
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }
}
