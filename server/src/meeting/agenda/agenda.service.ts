import { Injectable } from '@nestjs/common';
import type { AgendaState, SetAgendaRequestSchema } from '@roundtable/shared/agenda';
import { canManageMeeting } from '@roundtable/shared/permissions';
import { templateFor } from '@roundtable/shared/templates';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { type ChangeOutcome, MeetingChangesService } from '../changes/meeting-changes.service';
import { invalidField } from '../decisions/decision-rules';
import { refuseWhenConcluded } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { DocumentTemplatesService } from '../templates/document-templates.service';
import { AgendaRepository } from './agenda.repository';

export type SetAgendaInput = z.output<typeof SetAgendaRequestSchema>;

export const AGENDA_CHAIR_ONLY = 'Only the chair can move the discussion to another section of the record';
export const AGENDA_CONCLUDED =
  'This strategy discussion has concluded: the discussion can no longer be moved to another section';
const NO_SUCH_SECTION = 'This strategy discussion’s record has no section with that key';

/**
 * The agenda (issue 15): the section of the record the room is discussing
 * now. The chair moves it with `agenda:set` through MeetingChangesService
 * (membership, request ledger, one transaction, `agenda.moved` audit entry);
 * anyone else, or a move after the conclusion, is refused and changes nothing.
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly changes: MeetingChangesService,
    private readonly agendas: AgendaRepository,
    private readonly locks: MeetingLockRepository,
    private readonly templates: DocumentTemplatesService,
  ) {}

  /** The meeting's agenda, read in the caller's transaction (the join snapshot). */
  current(manager: EntityManager, meetingId: string): Promise<AgendaState> {
    return this.agendas.find(manager, meetingId);
  }

  /** Moves the discussion to a section of the meeting's own record template, or to none (null). */
  move(actor: AuthenticatedUser, input: SetAgendaInput): Promise<ChangeOutcome<AgendaState>> {
    return this.changes.apply(actor, input, 'agenda:set', async (ctx) => {
      if (!canManageMeeting(ctx.role)) throw new DomainError('Forbidden', AGENDA_CHAIR_ONLY);
      // The meeting row is share-locked by the change: no conclusion slips in before this move commits.
      refuseWhenConcluded(await this.locks.findStatus(ctx.tx, ctx.meetingId), AGENDA_CONCLUDED);
      if (input.sectionKey !== null) {
        const record = templateFor(await this.templates.forMeeting(ctx.tx, ctx.meetingId), 'record');
        if (!record.sections.some((s) => s.key === input.sectionKey)) throw invalidField('sectionKey', NO_SUCH_SECTION);
      }
      const before = await this.agendas.find(ctx.tx, ctx.meetingId);
      const data = await this.agendas.move(ctx.tx, ctx.meetingId, input.sectionKey, ctx.actor.id);
      return {
        data,
        activity: { kind: 'agenda-moved', actor: ctx.actor.displayName, agency: ctx.actor.agency },
        audit: {
          subject: { type: 'meeting', id: ctx.meetingId },
          details: { event: 'agenda:set', from: before.sectionKey, to: data.sectionKey, revision: data.revision },
        },
      };
    });
  }
}
