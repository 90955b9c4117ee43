import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { canScoreSafetyPlan } from '@roundtable/shared/permissions';
import type { SafetyPlanScoresResponse, SafetyScoreResponse } from '@roundtable/shared/safety-plan';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, describeError, DomainError } from '../../platform';
import { MeetingBroadcasts } from '../meeting-broadcasts';
import { refuseWhenConcluded, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { toSafetyPlanScoresResponse } from './safety-plan-score.mapper';
import { SafetyPlanScoreRepository } from './safety-plan-score.repository';

const CONCLUDED =
  'This strategy discussion has concluded: its safety plan and scores are final. Add an addendum to the record instead';

/**
 * The safety plan's Signs of Safety scaling: one current 0–10 score per
 * agency, each recorded by a chair or participant for their own agency (from
 * their account, never the request), every earlier score kept as history.
 */
@Injectable()
export class SafetyPlanScoresService {
  private readonly logger = new Logger(SafetyPlanScoresService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scores: SafetyPlanScoreRepository,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
    // Provided by the realtime area; absent where no live channel runs (e.g. the CLI).
    @Optional() private readonly broadcasts?: MeetingBroadcasts,
  ) {}

  /** Current scores by agency and the full history, for any member. */
  async list(actor: AuthenticatedUser, meetingId: string): Promise<SafetyPlanScoresResponse> {
    if (!(await this.scores.isMember(meetingId, actor.id))) {
      throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    }
    return this.load(this.dataSource.manager, meetingId);
  }

  /** Every score of a meeting, read in the caller's transaction (the join snapshot of `/meetings`); no access check. */
  forMeeting(manager: EntityManager, meetingId: string): Promise<SafetyPlanScoresResponse> {
    return this.load(manager, meetingId);
  }

  /**
   * Records the caller's agency's score, superseding its current one, with the
   * audit entry in the same transaction. Setting the score and note the agency
   * already has changes nothing (so a repeated PUT is harmless). Refused once
   * the meeting has concluded. A refusal for membership or role is audited on its own.
   */
  async record(
    actor: AuthenticatedUser,
    meetingId: string,
    input: { score: number; note: string | null },
  ): Promise<SafetyPlanScoresResponse> {
    let recorded: string | null = null;
    let response: SafetyPlanScoresResponse;
    try {
      response = await this.dataSource.transaction(async (tx) => {
        const role = requireMeetingMember(await this.locks.shareLockRole(tx, meetingId, actor.id));
        if (!canScoreSafetyPlan(role)) {
          throw new DomainError('Forbidden', "Only the chair and participants can record their agency's score");
        }
        // The share lock on the meeting orders this before or after a conclusion, never across it.
        refuseWhenConcluded(await this.locks.findStatus(tx, meetingId), CONCLUDED);
        // One writer per meeting and agency at a time, so each score supersedes the one before it.
        await this.scores.lockAgencyScores(tx, meetingId, actor.agency);
        const current = await this.scores.findCurrent(tx, meetingId, actor.agency);
        if (current && current.score === input.score && current.note === input.note) return this.load(tx, meetingId);
        const saved = await this.scores.insert(tx, {
          meetingId,
          agency: actor.agency,
          score: input.score,
          previousScore: current?.score ?? null,
          note: input.note,
          recordedBy: actor.id,
          supersedesId: current?.id ?? null,
        });
        // The score and its predecessor are codes; the note people typed stays in its row.
        await this.audit.record(tx, {
          type: 'safety-plan.scored',
          actor: auditActor(actor),
          meetingId,
          subject: { type: 'safety-plan-score', id: saved.id },
          details: { agency: actor.agency, score: input.score, previousScore: current?.score ?? null },
        });
        recorded = saved.id;
        return this.load(tx, meetingId);
      });
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'Forbidden' || error.code === 'MeetingNotFound')) {
        await this.audit.recordAlone({
          type: 'access.refused',
          outcome: 'refused',
          actor: auditActor(actor),
          meetingId,
          details: { channel: 'http', action: 'safety-plan.score', code: error.code },
        });
      }
      throw error;
    }
    if (recorded) await this.broadcast(actor, meetingId, recorded);
    return response;
  }

  /**
   * Tells the meeting's room, after the commit, with every score read afresh
   * (so of two broadcasts the later read holds both scores). Never throws: the
   * score is recorded; a client that misses this gets the scores when it rejoins.
   */
  private async broadcast(actor: AuthenticatedUser, meetingId: string, scoreId: string): Promise<void> {
    if (!this.broadcasts) return;
    try {
      const scores = await this.load(this.dataSource.manager, meetingId);
      const score: SafetyScoreResponse | undefined = scores.history.find((s) => s.id === scoreId);
      if (!score) return;
      this.broadcasts.safetyScoresChanged({
        meetingId,
        scores,
        recorded: score,
        activity: { kind: 'safety-score-recorded', actor: actor.displayName, agency: actor.agency },
      });
    } catch (error) {
      this.logger.error({ meetingId, err: describeError(error) }, 'could not broadcast a safety plan score');
    }
  }

  private async load(manager: EntityManager, meetingId: string): Promise<SafetyPlanScoresResponse> {
    return toSafetyPlanScoresResponse(meetingId, await this.scores.findHistory(manager, meetingId));
  }
}
