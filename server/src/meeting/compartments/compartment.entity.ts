import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { Audience } from '@roundtable/shared/need-to-know';
import type { DocumentKind } from '@roundtable/shared/realtime';

/**
 * A restricted compartment (docs/SECURITY.md "Need-to-know"): restricted
 * information beside a section of a meeting's record (or safety plan). Its
 * text is its own Yjs document, `compartmentDocumentName(meetingId, id)`,
 * opened only by its audience; this row says who that is.
 */
@Entity('compartments')
export class CompartmentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  /** The shared document it sits beside: the record, or (moved from it) the safety plan. */
  @Column({ name: 'document_kind', type: 'text', default: 'record' })
  documentKind: DocumentKind;

  @Column({ name: 'section_key', type: 'text' })
  sectionKey: string;

  /** The agency that controls it: its members (and the chair, with a reason) widen or lift it. */
  @Column({ name: 'owner_agency', type: 'text' })
  ownerAgency: Agency;

  /** null once lifted: every member reads it. Only ever widened. */
  @Column({ type: 'jsonb', nullable: true })
  audience: Audience | null;

  /** null for information the start-up migration moved out of the shared record. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ type: 'int', default: 1 })
  revision: number;
}
