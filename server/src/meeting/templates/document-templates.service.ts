import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_KINDS } from '@roundtable/shared/realtime';
import type { DocumentTemplate, DocumentTemplateSet } from '@roundtable/shared/templates';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../platform';
import { DocumentTemplateRepository } from './document-template.repository';

/**
 * Document templates: the deployment's (DOCUMENT_TEMPLATES_FILE, validated at
 * boot, or the built-in record and Signs of Safety safety plan) and each
 * meeting's own copy, taken when it is created and never changed after.
 */
@Injectable()
export class DocumentTemplatesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'documentTemplates'>,
    private readonly repository: DocumentTemplateRepository,
  ) {}

  /** The templates a meeting created now gets. */
  current(): DocumentTemplateSet {
    return this.config.documentTemplates.map(copy);
  }

  /**
   * Stores the current templates as the meeting's own, inside the transaction
   * that creates it; `record`, when given, is its type's record template
   * (MeetingTypesService) in place of the strategy discussion's.
   */
  async copyForMeeting(tx: EntityManager, meetingId: string, record?: DocumentTemplate): Promise<void> {
    const templates = this.config.documentTemplates.map((t) => (record && t.kind === 'record' ? record : t));
    await this.repository.insertForMeeting(tx, meetingId, templates);
  }

  /**
   * The templates a meeting was created with, in DOCUMENT_KINDS order. A
   * meeting created by a path that did not copy them (none should) gets the
   * current ones, stored on this first read so they never change afterwards.
   */
  async forMeeting(manager: EntityManager, meetingId: string): Promise<DocumentTemplateSet> {
    let rows = await this.repository.findByMeeting(manager, meetingId);
    if (rows.length < DOCUMENT_KINDS.length) {
      await this.copyForMeeting(manager, meetingId);
      rows = await this.repository.findByMeeting(manager, meetingId);
    }
    return DOCUMENT_KINDS.map((kind) => {
      const row = rows.find((r) => r.kind === kind);
      if (!row) throw new Error(`meeting ${meetingId} has no ${kind} template`);
      return { kind, sections: row.sections };
    });
  }
}

function copy(template: DocumentTemplate): DocumentTemplate {
  return { kind: template.kind, sections: template.sections.map((s) => ({ ...s })) };
}
