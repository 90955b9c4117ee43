import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MeetingEventsState } from '@roundtable/shared/meeting-events';
import type { DataSource } from 'typeorm';
import {
  ActionsService,
  AgendaService,
  AttendanceService,
  CompartmentsService,
  DecisionsService,
  MeetingsService,
  SafetyPlanScoresService,
  SharingDecisionsService,
} from '../../meeting';
import type { AuthenticatedUser } from '../../platform';

/**
 * What a client gets when it joins a meeting's room (and again on every
 * reconnect): its role, the decisions, the action log, the agenda, the safety
 * plan's scores, the attendance register, and the restricted compartments and
 * sharing decisions as this reader may see them.
 */
@Injectable()
export class MeetingStateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly decisions: DecisionsService,
    private readonly actions: ActionsService,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly scores: SafetyPlanScoresService,
    private readonly attendance: AttendanceService,
    private readonly compartments: CompartmentsService,
    private readonly sharingDecisions: SharingDecisionsService,
  ) {}

  /**
   * The meeting's state for a member, read in one REPEATABLE READ snapshot so
   * everything is from the same moment. MeetingNotFound for
   * a non-member, exactly as for a meeting that does not exist.
   */
  stateFor(actor: AuthenticatedUser, meetingId: string): Promise<MeetingEventsState> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const role = await this.meetings.lockRole(tx, meetingId, actor.id);
      // Need-to-know: each compartment and sharing decision as this reader may see it.
      const reader = { userId: actor.id, role, agency: actor.agency };
      const audiences = await this.compartments.audiences(tx, meetingId);
      return {
        meetingId,
        userId: actor.id,
        role,
        decisions: await this.decisions.listForMeeting(tx, meetingId),
        actions: await this.actions.listForMeeting(tx, meetingId),
        agenda: await this.agenda.current(tx, meetingId),
        safetyScores: await this.scores.forMeeting(tx, meetingId),
        attendance: await this.attendance.forMeeting(tx, meetingId),
        compartments: await this.compartments.listFor(tx, meetingId, reader),
        sharingDecisions: await this.sharingDecisions.listFor(tx, meetingId, reader, audiences),
      };
    });
  }
}
