import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A request id's entry in the ledger: who claimed it, for which meeting and event, and the stored result. */
export interface ChangeRequestEntry {
  user_id: string;
  meeting_id: string;
  event: string;
  response: unknown;
}

/** The idempotency ledger of meeting changes (meeting_change_requests), inside the caller's transaction. */
@Injectable()
export class MeetingChangeRequestRepository {
  /**
   * Claims a request id for the user, meeting and event: false when it is
   * already in the ledger. A concurrent claim of the same id waits on the
   * primary key until the other transaction ends.
   */
  async claim(
    tx: EntityManager,
    request: { requestId: string; userId: string; meetingId: string; event: string },
  ): Promise<boolean> {
    const claimed: unknown[] = await tx.query(
      `INSERT INTO meeting_change_requests (request_id, user_id, meeting_id, event)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING request_id`,
      [request.requestId, request.userId, request.meetingId, request.event],
    );
    return claimed.length > 0;
  }

  /** Stores the claimed request's result (as JSON). */
  async storeResponse(tx: EntityManager, requestId: string, response: unknown): Promise<void> {
    await tx.query(`UPDATE meeting_change_requests SET response = $2::jsonb WHERE request_id = $1`, [
      requestId,
      JSON.stringify(response),
    ]);
  }

  /** The ledger entry of a request id, or null. */
  async find(tx: EntityManager, requestId: string): Promise<ChangeRequestEntry | null> {
    const rows: ChangeRequestEntry[] = await tx.query(
      `SELECT user_id, meeting_id, event, response FROM meeting_change_requests WHERE request_id = $1`,
      [requestId],
    );
    return rows[0] ?? null;
  }
}
