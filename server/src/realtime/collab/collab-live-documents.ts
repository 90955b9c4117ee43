import { Injectable } from '@nestjs/common';
import {
  COMPARTMENT_FRAGMENT,
  compartmentDocumentName,
  documentName,
  type DocumentKind,
} from '@roundtable/shared/realtime';
import { FAMILY_PLAN_FRAGMENT, familyPlanDocumentName } from '@roundtable/shared/fgdm';
import type { DocumentTemplate } from '@roundtable/shared/templates';
import * as Y from 'yjs';
import { LiveDocuments, type TextBlock, type TextSection } from '../../meeting';
import { CollabDocumentRegistry } from './collab-document-registry';
import { documentBlocks, documentSections } from './document-text';

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

  sections(meetingId: string, kind: DocumentKind, template: DocumentTemplate): Promise<TextSection[]> {
    return this.readDocument(documentName(meetingId, kind), (doc) => documentSections(doc, template));
  }

  compartmentBlocks(meetingId: string, compartmentId: string): Promise<TextBlock[]> {
    return this.readDocument(compartmentDocumentName(meetingId, compartmentId), (doc) =>
      documentBlocks(doc.getXmlFragment(COMPARTMENT_FRAGMENT)),
    );
  }

  async familyPlanBlocks(meetingId: string): Promise<TextBlock[]> {
    const name = familyPlanDocumentName(meetingId);
    await this.registry.settle(name);
    return this.readDocument(name, (doc) => documentBlocks(doc.getXmlFragment(FAMILY_PLAN_FRAGMENT)));
  }

  /** Reads a stored document into a throwaway Y.Doc. */
  private async readDocument<T>(name: string, read: (doc: Y.Doc) => T): Promise<T> {
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, await this.registry.encodeState(name));
      return read(doc);
    } finally {
      doc.destroy();
    }
  }
}
