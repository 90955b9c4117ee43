import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AddAddendumRequest, type AddendumResponse, addendumSectionKeys } from '@roundtable/shared/lifecycle';
import { canAddAddendum, canSignOffAddendum, isRecordFinal } from '@roundtable/shared/permissions';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { MeetingLifecycleEvents } from '../lifecycle/meeting-lifecycle.events';
import { lockMeeting } from '../lifecycle/meeting-lock';
import { DocumentTemplatesService } from '../templates/document-templates.service';
import { loadPeople, personOf } from '../../identity';

const ADDENDUM_NOT_FOUND = 'No addendum with that id was found in this strategy discussion';

interface AddendumRow {
  id: string;
  meeting_id: string;
  section_key: string;
  text: string;
  added_by: string;
  added_at: Date;
  signed_off_by: string | null;
  signed_off_at: Date | null;
}

/**
 * Addenda to a concluded record: never an edit of the original, attributed
 * and dated, append-only (the database refuses any change but the chair's
 * sign-off, written once). Each sign-off tells the sealed record to add a version.
 */
@Injectable()
export class AddendaService {
  private readonly logger = new Logger(AddendaService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly templates: DocumentTemplatesService,
    private readonly events: MeetingLifecycleEvents,
  ) {}

  /** Every addendum of a meeting, oldest first, for a member. */
  async list(meetingId: string, userId: string): Promise<AddendumResponse[]> {
    return this.dataSource.transaction(async (tx) => {
      await lockMeeting(tx, meetingId, userId, 'share');
      return loadAddenda(tx, meetingId);
    });
  }

  /** Adds an addendum to a section of a concluded record. The chair, a participant or the minute-taker. */
  async add(meetingId: string, actor: AuthenticatedUser, input: AddAddendumRequest): Promise<AddendumResponse> {
    return this.dataSource.transaction(async (tx) => {
      const meeting = await lockMeeting(tx, meetingId, actor.id, 'share');
      if (!canAddAddendum(meeting.role))
        throw new DomainError('Forbidden', 'Observers are read only: they cannot add addenda');
      if (!isRecordFinal(meeting.status)) {
        throw new DomainError(
          'MeetingNotConcluded',
          'Addenda are added after the discussion concludes; until then, change the record itself',
        );
      }
      const [record] = (await this.templates.forMeeting(tx, meetingId)).filter((t) => t.kind === 'record');
      if (!addendumSectionKeys(record?.sections.map((s) => s.key) ?? []).includes(input.sectionKey)) {
        throw new DomainError('ValidationFailed', 'Select a section of this record', [
          { path: 'sectionKey', message: 'Select a section of this record' },
        ]);
      }
      const [row] = (await tx.query(
        `INSERT INTO meeting_addenda (meeting_id, section_key, text, added_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [meetingId, input.sectionKey, input.text, actor.id],
      )) as { id: string }[];
      if (!row) throw new Error('addendum not inserted');
      await this.audit.record(tx, {
        type: 'addendum.added',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'addendum', id: row.id },
        details: { sectionKey: input.sectionKey, length: input.text.length },
      });
      return this.one(tx, meetingId, row.id);
    });
  }

  /** The chair signs an addendum off, once. Fires onAddendumSignedOff after the commit. */
  async signOff(meetingId: string, actor: AuthenticatedUser, addendumId: string): Promise<AddendumResponse> {
    const addendum = await this.dataSource.transaction(async (tx) => {
      const meeting = await lockMeeting(tx, meetingId, actor.id, 'share');
      if (!canSignOffAddendum(meeting.role)) {
        throw new DomainError('Forbidden', 'Only the chair can sign off an addendum');
      }
      const rows: { signed_off_at: Date | null }[] = await tx.query(
        `SELECT signed_off_at FROM meeting_addenda WHERE id = $1 AND meeting_id = $2 FOR UPDATE`,
        [addendumId, meetingId],
      );
      const row = rows[0];
      if (!row) throw new DomainError('AddendumNotFound', ADDENDUM_NOT_FOUND);
      if (row.signed_off_at) throw new DomainError('AddendumSignedOff', 'This addendum is already signed off');
      await tx.query(`UPDATE meeting_addenda SET signed_off_by = $2, signed_off_at = clock_timestamp() WHERE id = $1`, [
        addendumId,
        actor.id,
      ]);
      await this.audit.record(tx, {
        type: 'addendum.signed-off',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'addendum', id: addendumId },
        details: {},
      });
      return this.one(tx, meetingId, addendumId);
    });
    this.logger.log({ event: 'addendum-signed-off', meetingId, addendumId, by: actor.id }, 'addendum signed off');
    await this.events.emitAddendumSignedOff(meetingId, addendumId);
    return addendum;
  }

  private async one(tx: EntityManager, meetingId: string, addendumId: string): Promise<AddendumResponse> {
    const found = (await loadAddenda(tx, meetingId)).find((a) => a.id === addendumId);
    if (!found) throw new DomainError('AddendumNotFound', ADDENDUM_NOT_FOUND);
    return found;
  }
}

async function loadAddenda(tx: EntityManager, meetingId: string): Promise<AddendumResponse[]> {
  const rows: AddendumRow[] = await tx.query(
    `SELECT id, meeting_id, section_key, text, added_by, added_at, signed_off_by, signed_off_at
       FROM meeting_addenda WHERE meeting_id = $1 ORDER BY added_at, id`,
    [meetingId],
  );
  const people = await loadPeople(
    tx,
    rows.flatMap((r) => [r.added_by, r.signed_off_by]),
  );
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meeting_id,
    sectionKey: r.section_key,
    text: r.text,
    addedBy: personOf(people, r.added_by),
    addedAt: new Date(r.added_at).toISOString(),
    signedOffBy: r.signed_off_by ? personOf(people, r.signed_off_by) : null,
    signedOffAt: r.signed_off_at ? new Date(r.signed_off_at).toISOString() : null,
  }));
}
