import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AGENCIES, type MeetingRole } from '@roundtable/shared/constants';
import { canScoreSafetyPlan } from '@roundtable/shared/permissions';
import type { RecordSafetyScoreRequest, SafetyPlanScoresResponse } from '@roundtable/shared/safety-plan';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { refuseWhenConcluded } from '../lifecycle/lifecycle-rules';
import { lockMembership } from '../changes/meeting-changes.service';
import { MEETING_NOT_FOUND } from '../meetings/meetings.service';
import { loadPeople } from '../../identity';
import { SafetyPlanScoreEntity } from './safety-plan-score.entity';
import { toSafetyScoreResponse } from './safety-plan-score.mapper';

const CONCLUDED =
  'This strategy discussion has concluded: its safety plan and scores are final. Add an addendum to the record instead';

/**
 * The safety plan's Signs of Safety scaling: one current 0–10 score per
 * agency, each recorded by a chair or participant for their own agency (from
 * their account, never the request), every earlier score kept as history.
 */
@Injectable()
export class SafetyPlanScoresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Current scores by agency and the full history, for any member. */
  async list(actor: AuthenticatedUser, meetingId: string): Promise<SafetyPlanScoresResponse> {
    const rows: { role: MeetingRole }[] = await this.dataSource.query(
      `SELECT role FROM meeting_members WHERE meeting_id = $1 AND user_id = $2`,
      [meetingId, actor.id],
    );
    if (rows.length === 0) throw new DomainError('MeetingNotFound', MEETING_NOT_FOUND);
    return this.load(this.dataSource.manager, meetingId);
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
    try {
      return await this.dataSource.transaction(async (tx) => {
        const role = await lockMembership(tx, meetingId, actor.id);
        if (!canScoreSafetyPlan(role)) {
          throw new DomainError('Forbidden', "Only the chair and participants can record their agency's score");
        }
        // The share lock on the meeting orders this before or after a conclusion, never across it.
        await refuseWhenConcluded(tx, meetingId, CONCLUDED);
        // One writer per meeting and agency at a time, so each score supersedes the one before it.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
          `roundtable:safety-score:${meetingId}:${actor.agency}`,
        ]);
        const current = await this.currentFor(tx, meetingId, actor.agency);
        if (current && current.score === input.score && current.note === input.note) return this.load(tx, meetingId);
        const saved = await tx.save(
          tx.create(SafetyPlanScoreEntity, {
            meetingId,
            agency: actor.agency,
            score: input.score,
            previousScore: current?.score ?? null,
            note: input.note,
            recordedBy: actor.id,
            supersedesId: current?.id ?? null,
          }),
        );
        // The score and its predecessor are codes; the note people typed stays in its row.
        await this.audit.record(tx, {
          type: 'safety-plan.scored',
          actor: auditActor(actor),
          meetingId,
          subject: { type: 'safety-plan-score', id: saved.id },
          details: { agency: actor.agency, score: input.score, previousScore: current?.score ?? null },
        });
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
  }

  private currentFor(tx: EntityManager, meetingId: string, agency: string): Promise<SafetyPlanScoreEntity | null> {
    return tx
      .createQueryBuilder(SafetyPlanScoreEntity, 's')
      .where('s.meeting_id = :meetingId AND s.agency = :agency', { meetingId, agency })
      .andWhere('NOT EXISTS (SELECT 1 FROM safety_plan_scores later WHERE later.supersedes_id = s.id)')
      .getOne();
  }

  private async load(manager: EntityManager, meetingId: string): Promise<SafetyPlanScoresResponse> {
    const rows = await manager.find(SafetyPlanScoreEntity, {
      where: { meetingId },
      order: { recordedAt: 'DESC', id: 'ASC' },
    });
    const people = await loadPeople(
      manager,
      rows.map((r) => r.recordedBy),
    );
    const superseded = new Set(rows.map((r) => r.supersedesId));
    const current = rows
      .filter((r) => !superseded.has(r.id))
      .sort((a, b) => AGENCIES.indexOf(a.agency) - AGENCIES.indexOf(b.agency));
    return {
      meetingId,
      current: current.map((r) => toSafetyScoreResponse(r, people)),
      history: rows.map((r) => toSafetyScoreResponse(r, people)),
    };
  }
}
