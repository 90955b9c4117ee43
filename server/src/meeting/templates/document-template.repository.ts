import { Injectable } from '@nestjs/common';
import type { DocumentTemplateSet } from '@roundtable/shared/templates';
import type { EntityManager } from 'typeorm';
import { MeetingDocumentTemplateEntity } from './meeting-document-template.entity';

/** Each meeting's own copy of the document templates (meeting_document_templates). */
@Injectable()
export class DocumentTemplateRepository {
  /** Stores templates as the meeting's own, inside the caller's transaction; a kind the meeting already has is kept. */
  async insertForMeeting(tx: EntityManager, meetingId: string, templates: DocumentTemplateSet): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(MeetingDocumentTemplateEntity)
      .values(templates.map(({ kind, sections }) => ({ meetingId, kind, sections })))
      .orIgnore()
      .execute();
  }

  /** The templates stored for a meeting, in no particular order. */
  findByMeeting(manager: EntityManager, meetingId: string): Promise<MeetingDocumentTemplateEntity[]> {
    return manager.findBy(MeetingDocumentTemplateEntity, { meetingId });
  }
}
