import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AddAddendumRequest, type AddendumResponse, addendumSectionKeys } from '@roundtable/shared/lifecycle';
import { canAddAddendum, canSignOffAddendum, isRecordFinal } from '@roundtable/shared/permissions';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { MeetingLifecycleEvents } from '../lifecycle/meeting-lifecycle.events';
import { requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { DocumentTemplatesService } from '../templates/document-templates.service';
import { AddendumRepository } from './addendum.repository';

const ADDENDUM_NOT_FOUND = 'No addendum with that id was found in this strategy discussion';

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
    private readonly locks: MeetingLockRepository,
    private readonly repository: AddendumRepository,
  ) {}

  /** Every addendum of a meeting, oldest first, for a member. */
  async list(meetingId: string, userId: string): Promise<AddendumResponse[]> {
    return this.dataSource.transaction(async (tx) => {
      requireMeetingMember(await this.locks.lockForMember(tx, meetingId, userId, 'share'));
      return this.repository.findByMeeting(tx, meetingId);
    });
  }

  /** Adds an addendum to a section of a concluded record. The chair, a participant or the minute-taker. */
  async add(meetingId: string, actor: AuthenticatedUser, input: AddAddendumRequest): Promise<AddendumResponse> {
    return this.dataSource.transaction(async (tx) => {
      const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
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
      const addendumId = await this.repository.insert(tx, {
        meetingId,
        sectionKey: input.sectionKey,
        text: input.text,
        addedBy: actor.id,
      });
      await this.audit.record(tx, {
        type: 'addendum.added',
        actor: auditActor(actor),
        meetingId,
        subject: { type: 'addendum', id: addendumId },
        details: { sectionKey: input.sectionKey, length: input.text.length },
      });
      return this.one(tx, meetingId, addendumId);
    });
  }

  /** The chair signs an addendum off, once. Fires onAddendumSignedOff after the commit. */
  async signOff(meetingId: string, actor: AuthenticatedUser, addendumId: string): Promise<AddendumResponse> {
    const addendum = await this.dataSource.transaction(async (tx) => {
      const meeting = requireMeetingMember(await this.locks.lockForMember(tx, meetingId, actor.id, 'share'));
      if (!canSignOffAddendum(meeting.role)) {
        throw new DomainError('Forbidden', 'Only the chair can sign off an addendum');
      }
      const existing = await this.repository.lockForSignOff(tx, meetingId, addendumId);
      if (!existing) throw new DomainError('AddendumNotFound', ADDENDUM_NOT_FOUND);
      if (existing.signedOffAt) throw new DomainError('AddendumSignedOff', 'This addendum is already signed off');
      await this.repository.markSignedOff(tx, addendumId, actor.id);
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
    const found = (await this.repository.findByMeeting(tx, meetingId)).find((a) => a.id === addendumId);
    if (!found) throw new DomainError('AddendumNotFound', ADDENDUM_NOT_FOUND);
    return found;
  }
}
