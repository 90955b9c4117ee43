import { Injectable } from '@nestjs/common';
import type { DecisionStatus } from '@roundtable/shared/decisions';
import type { EntityManager } from 'typeorm';
import type { UndecidedCandidate } from './lifecycle-rules';

/** The writes of a meeting's lifecycle moves and the decisions a conclusion settles, inside the caller's transaction. */
@Injectable()
export class LifecycleRepository {
  /** scheduled → live, now, by the user. */
  async markStarted(tx: EntityManager, meetingId: string, userId: string): Promise<void> {
    await tx.query(
      `UPDATE meetings SET status = 'live', started_at = clock_timestamp(), started_by = $2 WHERE id = $1`,
      [meetingId, userId],
    );
  }

  /** live → concluded, now, by the user. */
  async markConcluded(tx: EntityManager, meetingId: string, userId: string): Promise<void> {
    await tx.query(
      `UPDATE meetings SET status = 'concluded', concluded_at = clock_timestamp(), concluded_by = $2 WHERE id = $1`,
      [meetingId, userId],
    );
  }

  /** Sets the review date (YYYY-MM-DD), or clears it with null. */
  async setReviewDate(tx: EntityManager, meetingId: string, reviewDate: string | null): Promise<void> {
    await tx.query(`UPDATE meetings SET review_date = $2 WHERE id = $1`, [meetingId, reviewDate]);
  }

  /** Every decision of the meeting, oldest first, locked FOR UPDATE until the transaction ends. */
  async lockDecisions(tx: EntityManager, meetingId: string): Promise<UndecidedCandidate[]> {
    const rows: { id: string; title: string; status: DecisionStatus; opened_at: Date }[] = await tx.query(
      `SELECT id, title, status, opened_at FROM decisions WHERE meeting_id = $1 ORDER BY opened_at, id FOR UPDATE`,
      [meetingId],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, openedAt: new Date(r.opened_at) }));
  }

  /** Marks a decision not reached with the chair's reason, closing it now if it was open, and bumps its revision. */
  async markDecisionNotReached(tx: EntityManager, decisionId: string, reason: string, userId: string): Promise<void> {
    await tx.query(
      `UPDATE decisions
          SET status = 'not-reached', not_reached_reason = $2, not_reached_by = $3, not_reached_at = clock_timestamp(),
              closed_by = COALESCE(closed_by, $3), closed_at = COALESCE(closed_at, clock_timestamp()),
              revision = revision + 1
        WHERE id = $1`,
      [decisionId, reason, userId],
    );
  }
}
