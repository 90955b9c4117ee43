import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FamilyMemberResponse, FamilyRelationship } from '@roundtable/shared/family';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { DataSource, EntityManager } from 'typeorm';

interface ParticipantRow {
  id: string;
  meeting_id: string;
  display_name: string;
  email: string;
  relationship: FamilyRelationship;
  invited_by: string | null;
  invited_by_name: string | null;
  invited_at: Date;
  access_ends_at: Date | null;
  revoked_at: Date | null;
}

/** An invitation whose access is open, found by what the family member types. */
export interface OpenInvitation {
  participantId: string;
  meetingId: string;
  email: string;
  meetingReference: string;
  scheduledAt: Date;
}

/** What a family member, and their emails, may know of the meeting: no case content. */
export interface FamilyMeetingRow {
  id: string;
  reference: string;
  meetingType: string;
  scheduledAt: Date;
  status: MeetingStatus;
}

const toResponse = (row: ParticipantRow, now = Date.now()): FamilyMemberResponse => ({
  id: row.id,
  displayName: row.display_name,
  email: row.email,
  relationship: row.relationship,
  invitedAt: row.invited_at.toISOString(),
  invitedBy: row.invited_by_name,
  accessEndsAt: row.access_ends_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  status: row.revoked_at
    ? 'revoked'
    : row.access_ends_at && row.access_ends_at.getTime() <= now
      ? 'access-ended'
      : 'invited',
});

const SELECT_PARTICIPANT = `
  SELECT p.id, p.meeting_id, p.display_name, p.email, p.relationship, p.invited_by, u.display_name AS invited_by_name,
         p.invited_at, p.access_ends_at, p.revoked_at
    FROM family_participants p
    LEFT JOIN users u ON u.id = p.invited_by`;

/** The `family_participants` table: who was invited to which meeting, and until when. */
@Injectable()
export class FamilyParticipantsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the meeting has a live (unrevoked) invitation for this email, inside the caller's transaction. */
  async hasLiveInvitation(tx: EntityManager, meetingId: string, email: string): Promise<boolean> {
    const rows = (await tx.query(
      `SELECT 1 FROM family_participants WHERE meeting_id = $1 AND email = $2 AND revoked_at IS NULL`,
      [meetingId, email],
    )) as unknown[];
    return rows.length > 0;
  }

  async countLive(tx: EntityManager, meetingId: string): Promise<number> {
    const [row] = (await tx.query(
      `SELECT count(*)::int AS n FROM family_participants WHERE meeting_id = $1 AND revoked_at IS NULL`,
      [meetingId],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  async insert(
    tx: EntityManager,
    input: {
      meetingId: string;
      displayName: string;
      email: string;
      relationship: FamilyRelationship;
      invitedBy: string;
    },
  ): Promise<FamilyMemberResponse> {
    const [inserted] = (await tx.query(
      `INSERT INTO family_participants (meeting_id, display_name, email, relationship, invited_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.meetingId, input.displayName, input.email, input.relationship, input.invitedBy],
    )) as { id: string }[];
    const rows = (await tx.query(`${SELECT_PARTICIPANT} WHERE p.id = $1`, [inserted!.id])) as ParticipantRow[];
    return toResponse(rows[0]!);
  }

  /** A meeting's family members, revoked ones too (the list says so), oldest invitation first. */
  async listForMeeting(meetingId: string): Promise<FamilyMemberResponse[]> {
    const rows = (await this.dataSource.query(
      `${SELECT_PARTICIPANT} WHERE p.meeting_id = $1 ORDER BY p.invited_at, p.id`,
      [meetingId],
    )) as ParticipantRow[];
    return rows.map((row) => toResponse(row));
  }

  /** Revokes a participant of this meeting, inside the caller's transaction; null if none or already revoked. */
  async revoke(tx: EntityManager, meetingId: string, participantId: string, by: string): Promise<boolean> {
    const [rows] = (await tx.query(
      `UPDATE family_participants SET revoked_at = now(), revoked_by = $3
        WHERE id = $2 AND meeting_id = $1 AND revoked_at IS NULL
        RETURNING id`,
      [meetingId, participantId, by],
    )) as [{ id: string }[], number];
    return rows.length > 0;
  }

  /** Whether a participant of this meeting exists (revoked or not). */
  async exists(tx: EntityManager, meetingId: string, participantId: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM family_participants WHERE id = $1 AND meeting_id = $2`, [
      participantId,
      meetingId,
    ])) as unknown[];
    return rows.length > 0;
  }

  /**
   * Sets when the meeting's family members' access ends (the conclusion), for
   * those not revoked and without an end yet; returns their ids.
   */
  async setAccessEnds(tx: EntityManager, meetingId: string, at: Date): Promise<string[]> {
    const [rows] = (await tx.query(
      `UPDATE family_participants SET access_ends_at = $2
        WHERE meeting_id = $1 AND revoked_at IS NULL AND access_ends_at IS NULL
        RETURNING id`,
      [meetingId, at],
    )) as [{ id: string }[], number];
    return rows.map((r) => r.id);
  }

  /**
   * The open invitation (not revoked, access not ended) for a meeting
   * reference (any case) and email, or null. Locked FOR UPDATE when `tx` is
   * given, so a participant's code requests and sign-ins queue.
   */
  async findOpen(
    manager: EntityManager | null,
    meetingReference: string,
    email: string,
  ): Promise<OpenInvitation | null> {
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT p.id, p.meeting_id, p.email, m.reference, m.scheduled_at
         FROM family_participants p
         JOIN meetings m ON m.id = p.meeting_id
        WHERE upper(m.reference) = upper($1) AND p.email = $2
          AND p.revoked_at IS NULL AND (p.access_ends_at IS NULL OR p.access_ends_at > now())
        ${manager ? 'FOR UPDATE OF p' : ''}`,
      [meetingReference, email],
    )) as { id: string; meeting_id: string; email: string; reference: string; scheduled_at: Date }[];
    const row = rows[0];
    return row
      ? {
          participantId: row.id,
          meetingId: row.meeting_id,
          email: row.email,
          meetingReference: row.reference,
          scheduledAt: row.scheduled_at,
        }
      : null;
  }

  /** The meeting as a family member may see it (reference, type, time, status). */
  async findMeeting(meetingId: string): Promise<FamilyMeetingRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT id, reference, meeting_type, scheduled_at, status FROM meetings WHERE id = $1`,
      [meetingId],
    )) as { id: string; reference: string; meeting_type: string; scheduled_at: Date; status: MeetingStatus }[];
    const row = rows[0];
    return row
      ? {
          id: row.id,
          reference: row.reference,
          meetingType: row.meeting_type,
          scheduledAt: row.scheduled_at,
          status: row.status,
        }
      : null;
  }
}
