import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FamilyRelationship } from '@roundtable/shared/family';
import type { DataSource, EntityManager } from 'typeorm';

/** A live family session with its participant, as `resolve` needs it. */
export interface LiveFamilySessionRow {
  sessionId: string;
  participantId: string;
  meetingId: string;
  displayName: string;
  relationship: FamilyRelationship;
}

/** A family session a statement ended, for its audit entry and the live connections. */
export interface EndedFamilySession {
  sessionId: string;
  participantId: string;
  meetingId: string;
  /** The participant was revoked or their access has ended (not just the session expiring). */
  accessOver: boolean;
}

/** A family participant whose access is still open: not revoked, and access_ends_at not passed. */
const ACCESS_OPEN = `p.revoked_at IS NULL AND (p.access_ends_at IS NULL OR p.access_ends_at > now())`;

/** The `family_sessions` table. Tokens are never stored: every lookup is by the token's SHA-256. */
@Injectable()
export class FamilySessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Starts a session inside the caller's transaction; returns its id. */
  async insert(
    tx: EntityManager,
    session: { tokenHash: Buffer; participantId: string; expiresAt: Date },
  ): Promise<string> {
    const rows = (await tx.query(
      `INSERT INTO family_sessions (token_hash, participant_id, expires_at) VALUES ($1, $2, $3) RETURNING id`,
      [session.tokenHash, session.participantId, session.expiresAt],
    )) as { id: string }[];
    return rows[0]!.id;
  }

  /** The live session behind a token hash: not ended, not expired, its participant's access open. One query. */
  async findLive(tokenHash: Buffer): Promise<LiveFamilySessionRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT s.id AS session_id, p.id AS participant_id, p.meeting_id, p.display_name, p.relationship
         FROM family_sessions s
         JOIN family_participants p ON p.id = s.participant_id
        WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND ${ACCESS_OPEN}`,
      [tokenHash],
    )) as {
      session_id: string;
      participant_id: string;
      meeting_id: string;
      display_name: string;
      relationship: FamilyRelationship;
    }[];
    const row = rows[0];
    return row
      ? {
          sessionId: row.session_id,
          participantId: row.participant_id,
          meetingId: row.meeting_id,
          displayName: row.display_name,
          relationship: row.relationship,
        }
      : null;
  }

  /** Ends one session if it is not yet, inside the caller's transaction. */
  endById(tx: EntityManager, sessionId: string): Promise<EndedFamilySession[]> {
    return this.endWhere(tx, 's.id = $1', [sessionId]);
  }

  /** Ends every live session of a participant (revoked), inside the caller's transaction. */
  endAllOfParticipant(tx: EntityManager, participantId: string): Promise<EndedFamilySession[]> {
    return this.endWhere(tx, 's.participant_id = $1', [participantId]);
  }

  /** Ends the sessions past their expiry or whose participant's access is over. */
  endExpired(tx: EntityManager): Promise<EndedFamilySession[]> {
    return this.endWhere(tx, `(s.expires_at <= now() OR NOT (${ACCESS_OPEN}))`, []);
  }

  private async endWhere(tx: EntityManager, condition: string, params: unknown[]): Promise<EndedFamilySession[]> {
    const rows = (await tx.query(
      `UPDATE family_sessions s SET ended_at = now()
         FROM family_participants p
        WHERE p.id = s.participant_id AND s.ended_at IS NULL AND ${condition}
        RETURNING s.id, p.id AS participant_id, p.meeting_id, NOT (${ACCESS_OPEN}) AS access_over`,
      params,
    )) as [{ id: string; participant_id: string; meeting_id: string; access_over: boolean }[], number];
    return rows[0].map((row) => ({
      sessionId: row.id,
      participantId: row.participant_id,
      meetingId: row.meeting_id,
      accessOver: row.access_over,
    }));
  }
}
