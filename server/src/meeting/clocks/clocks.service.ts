import { Inject, Injectable } from '@nestjs/common';
import type { Clock, MeetingStatus } from '@roundtable/shared/lifecycle';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../platform';
import { type ClockFacts, computeClocks } from './statutory-clocks';

/** The meeting row fields the clocks need. */
export interface ClockedMeeting {
  id: string;
  status: MeetingStatus;
  concludedAt: Date | null;
  reviewDate: string | null;
}

/** How far up a chain of review discussions the ICPC clock looks for the discussion that started s47. */
const MAX_REVIEW_CHAIN = 50;

/** The statutory clocks of a strategy discussion under this deployment's rules (CLOCK_RULES_FILE). */
@Injectable()
export class ClocksService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The meeting's clocks now. The caller has checked membership. */
  async forMeeting(manager: EntityManager, meeting: ClockedMeeting, now: Date = new Date()): Promise<Clock[]> {
    const facts: ClockFacts = {
      meeting,
      s47Start: await this.s47Start(manager, meeting.id),
      recordSealedAt: await this.recordSealedAt(manager, meeting.id),
      reviews: await this.reviews(manager, meeting.id),
    };
    return computeClocks(facts, this.config.clockRules, now);
  }

  /**
   * The earliest discussion in this one's chain of reviews (itself, the one it
   * reviews, and so on) whose local authority decision in force chose an
   * option that starts section 47 enquiries. It is dated by when it started,
   * or, if it never formally started, by when the decision was recorded.
   */
  private async s47Start(manager: EntityManager, meetingId: string): Promise<ClockFacts['s47Start']> {
    const rows: { reference: string; discussed_at: Date }[] = await manager.query(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT $1::uuid, 0
         UNION ALL
         SELECT m.review_of_meeting_id, c.depth + 1
           FROM chain c JOIN meetings m ON m.id = c.id
          WHERE m.review_of_meeting_id IS NOT NULL AND c.depth < $3
       )
       SELECT m.reference, COALESCE(m.started_at, l.recorded_at) AS discussed_at
         FROM chain c
         JOIN meetings m ON m.id = c.id
         JOIN decisions d ON d.meeting_id = m.id AND d.status = 'decided'
         JOIN la_decisions l ON l.decision_id = d.id
        WHERE NOT EXISTS (SELECT 1 FROM la_decisions later WHERE later.corrects_id = l.id)
          AND l.chosen_options && $2::text[]
        ORDER BY discussed_at ASC
        LIMIT 1`,
      [meetingId, this.config.clockRules.rules.icpc.startingOptions, MAX_REVIEW_CHAIN],
    );
    const row = rows[0];
    return row ? { reference: row.reference, discussedAt: new Date(row.discussed_at) } : null;
  }

  /** When the record was first sealed (the sealed-record renderer audits `record.sealed`). */
  private async recordSealedAt(manager: EntityManager, meetingId: string): Promise<Date | null> {
    const rows: { sealed_at: Date | null }[] = await manager.query(
      `SELECT min(occurred_at) AS sealed_at FROM audit_events WHERE meeting_id = $1 AND type = 'record.sealed'`,
      [meetingId],
    );
    const sealedAt = rows[0]?.sealed_at;
    return sealedAt ? new Date(sealedAt) : null;
  }

  private async reviews(manager: EntityManager, meetingId: string): Promise<ClockFacts['reviews']> {
    const rows: { reference: string; scheduled_at: Date; started_at: Date | null }[] = await manager.query(
      `SELECT reference, scheduled_at, started_at FROM meetings WHERE review_of_meeting_id = $1 ORDER BY scheduled_at, id`,
      [meetingId],
    );
    return rows.map((r) => ({
      reference: r.reference,
      scheduledAt: new Date(r.scheduled_at),
      startedAt: r.started_at ? new Date(r.started_at) : null,
    }));
  }
}
