import { Injectable } from '@nestjs/common';
import { documentName, type DocumentKind } from '@roundtable/shared/realtime';
import type { DocumentTemplate } from '@roundtable/shared/templates';
import * as Y from 'yjs';
import { LiveDocuments, type TextSection } from '../../meeting';
import { CollabDocumentRegistry } from './collab-document-registry';
import { documentSections } from './document-text';

/** The meeting area's view of its live documents, served by the collab engine. */
@Injectable()
export class CollabLiveDocuments extends LiveDocuments {
  constructor(private readonly registry: CollabDocumentRegistry) {
    super();
  }

  encodeState(meetingId: string, kind: DocumentKind): Promise<Uint8Array> {
    return this.registry.encodeState(documentName(meetingId, kind));
  }

  settle(meetingId: string, kind: DocumentKind): Promise<void> {
    return this.registry.settle(documentName(meetingId, kind));
  }

  async sections(meetingId: string, kind: DocumentKind, template: DocumentTemplate): Promise<TextSection[]> {
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, await this.encodeState(meetingId, kind));
      return documentSections(doc, template);
    } finally {
      doc.destroy();
    }
  }
}
