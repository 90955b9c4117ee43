import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClockFacts } from './statutory-clocks';

/**
 * The reads behind a meeting's statutory clocks: the s47 start in its chain
 * of reviews and the conferences held since, the sealing and the first
 * circulation of the record, its reviews.
 */
@Injectable()
export class ClockFactsRepository {
  /**
   * The earliest discussion in the meeting's chain of reviews (itself, the one
   * it reviews, and so on, at most `maxChain` steps up) whose local authority
   * decision in force chose one of `startingOptions`, dated by when it
   * started, or else by when that decision was recorded.
   */
  async findS47Start(
    manager: EntityManager,
    meetingId: string,
    startingOptions: readonly string[],
    maxChain: number,
  ): Promise<ClockFacts['s47Start']> {
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
      [meetingId, startingOptions, maxChain],
    );
    const row = rows[0];
    return row ? { reference: row.reference, discussedAt: new Date(row.discussed_at) } : null;
  }

  /**
   * One entry per child for whom the meeting's chain of reviews (as in
   * findS47Start) started section 47 enquiries, by a local authority decision
   * in force on a decision naming them: when the first initial child
   * protection conference about them (their record) started, counting only
   * conferences convened from a discussion of the chain or started since
   * `since`; null while none has.
   */
  async findIcpcsHeld(
    manager: EntityManager,
    meetingId: string,
    startingOptions: readonly string[],
    maxChain: number,
    since: Date,
  ): Promise<(Date | null)[]> {
    const rows: { held_at: Date | null }[] = await manager.query(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT $1::uuid, 0
         UNION ALL
         SELECT m.review_of_meeting_id, c.depth + 1
           FROM chain c JOIN meetings m ON m.id = c.id
          WHERE m.review_of_meeting_id IS NOT NULL AND c.depth < $3
       ),
       s47_children AS (
         SELECT DISTINCT mc.child_id
           FROM chain c
           JOIN decisions d ON d.meeting_id = c.id AND d.status = 'decided'
           JOIN la_decisions l ON l.decision_id = d.id
           JOIN decision_children dc ON dc.decision_id = d.id
           JOIN meeting_children mc ON mc.id = dc.child_id
          WHERE NOT EXISTS (SELECT 1 FROM la_decisions later WHERE later.corrects_id = l.id)
            AND l.chosen_options && $2::text[]
       )
       SELECT (SELECT min(icpc.started_at)
                 FROM meeting_children imc JOIN meetings icpc ON icpc.id = imc.meeting_id
                WHERE imc.child_id = s.child_id AND icpc.meeting_type = 'icpc' AND icpc.started_at IS NOT NULL
                  AND (icpc.preceded_by_meeting_id IN (SELECT id FROM chain) OR icpc.started_at >= $4)) AS held_at
         FROM s47_children s`,
      [meetingId, startingOptions, maxChain, since],
    );
    return rows.map((r) => (r.held_at ? new Date(r.held_at) : null));
  }

  /** When the record was first sealed (the sealed-record renderer audits `record.sealed`), or null. */
  async findRecordSealedAt(manager: EntityManager, meetingId: string): Promise<Date | null> {
    const rows: { sealed_at: Date | null }[] = await manager.query(
      `SELECT min(occurred_at) AS sealed_at FROM audit_events WHERE meeting_id = $1 AND type = 'record.sealed'`,
      [meetingId],
    );
    const sealedAt = rows[0]?.sealed_at;
    return sealedAt ? new Date(sealedAt) : null;
  }

  /** When the record first went out: the meeting's first circulation (docs/CIRCULATION.md), or null. */
  async findRecordCirculatedAt(manager: EntityManager, meetingId: string): Promise<Date | null> {
    const rows: { sent_at: Date | null }[] = await manager.query(
      `SELECT min(sent_at) AS sent_at FROM record_circulations WHERE meeting_id = $1`,
      [meetingId],
    );
    const sentAt = rows[0]?.sent_at;
    return sentAt ? new Date(sentAt) : null;
  }

  /** The review discussions of a meeting, by scheduled time. */
  async findReviews(manager: EntityManager, meetingId: string): Promise<ClockFacts['reviews']> {
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
