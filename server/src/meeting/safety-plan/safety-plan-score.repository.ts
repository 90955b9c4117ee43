import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { DataSource, EntityManager } from 'typeorm';
import { PeopleRepository } from '../../identity';
import { SafetyPlanScoreEntity } from './safety-plan-score.entity';
import { memberHasAccessSql } from '../meetings/member-access';
import type { SafetyPlanScores } from './safety-plan-score.mapper';

/** What recording a score stores; its id and time the table fills in. */
export type NewSafetyPlanScore = Pick<
  SafetyPlanScoreEntity,
  'meetingId' | 'agency' | 'score' | 'previousScore' | 'note' | 'recordedBy' | 'supersedesId'
>;

/**
 * The safety plan's scaling scores (append-only: a new score supersedes the
 * agency's current one). Methods taking a manager run in the caller's
 * transaction; the others use the data source.
 */
@Injectable()
export class SafetyPlanScoreRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleRepository,
  ) {}

  /** Whether the user is a member of the meeting (any role). */
  async isMember(meetingId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT mm.role FROM meeting_members mm WHERE mm.meeting_id = $1 AND mm.user_id = $2 AND ${memberHasAccessSql('mm')}`,
      [meetingId, userId],
    );
    return rows.length > 0;
  }

  /**
   * Takes the transaction-scoped advisory lock of one meeting and agency: one
   * writer at a time, so each score supersedes the one before it.
   */
  async lockAgencyScores(tx: EntityManager, meetingId: string, agency: Agency): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `roundtable:safety-score:${meetingId}:${agency}`,
    ]);
  }

  /** The agency's current score (the one no later score supersedes), or null. */
  findCurrent(tx: EntityManager, meetingId: string, agency: Agency): Promise<SafetyPlanScoreEntity | null> {
    return tx
      .createQueryBuilder(SafetyPlanScoreEntity, 's')
      .where('s.meeting_id = :meetingId AND s.agency = :agency', { meetingId, agency })
      .andWhere('NOT EXISTS (SELECT 1 FROM safety_plan_scores later WHERE later.supersedes_id = s.id)')
      .getOne();
  }

  insert(tx: EntityManager, score: NewSafetyPlanScore): Promise<SafetyPlanScoreEntity> {
    return tx.save(tx.create(SafetyPlanScoreEntity, score));
  }

  /** Every score of the meeting, newest first, and the people who recorded them. */
  async findHistory(manager: EntityManager, meetingId: string): Promise<SafetyPlanScores> {
    const scores = await manager.find(SafetyPlanScoreEntity, {
      where: { meetingId },
      order: { recordedAt: 'DESC', id: 'ASC' },
    });
    const people = await this.people.load(
      manager,
      scores.map((r) => r.recordedBy),
    );
    return { scores, people };
  }
}
