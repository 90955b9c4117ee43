import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DocumentKind } from '@roundtable/shared/realtime';
import type { TemplateSection } from '@roundtable/shared/templates';

/**
 * The template one of a meeting's documents was created with (a copy, never
 * changed): a later change of DOCUMENT_TEMPLATES_FILE never alters an
 * existing record's sections.
 */
@Entity('meeting_document_templates')
export class MeetingDocumentTemplateEntity {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @PrimaryColumn({ type: 'text' })
  kind: DocumentKind;

  @Column({ type: 'jsonb' })
  sections: TemplateSection[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
