import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { RecipientKind } from '@roundtable/shared/circulation';
import type { DataSource, EntityManager } from 'typeorm';
import { memberHasAccessSql } from '../meetings/member-access';

/** A recipient to store; a non-member's with the SHA-256 of their link's token and its expiry. */
export interface NewRecipient {
  kind: RecipientKind;
  userId: string | null;
  familyParticipantId: string | null;
  displayName: string;
  email: string;
  organisation: string | null;
  variant: string;
  linkTokenHash: Buffer | null;
  linkExpiresAt: Date | null;
}

/** A stored recipient with when they were sent it and, computed, when they first downloaded it. */
export interface RecipientRow {
  id: string;
  kind: RecipientKind;
  userId: string | null;
  familyParticipantId: string | null;
  displayName: string;
  email: string;
  organisation: string | null;
  version: number;
  variant: string;
  sentAt: Date;
  sentByName: string;
  linkExpiresAt: Date | null;
  downloadedAt: Date | null;
}

/** A non-member's link as the public routes check it (row locked for the caller's transaction). */
export interface LinkRow {
  recipientId: string;
  meetingId: string;
  reference: string;
  meetingType: string;
  version: number;
  variant: string;
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** A member of the meeting who may be chosen as a recipient. */
export interface MemberCandidateRow {
  userId: string;
  displayName: string;
  email: string;
  agency: Agency;
  role: MeetingRole;
}

/** The latest one-time code of a link. */
export interface RecipientCodeRow {
  id: string;
  codeHash: Buffer;
  expiresAt: Date;
  usedAt: Date | null;
  attempts: number;
}

/**
 * The circulation tables (`record_circulations`, `record_recipients`,
 * `record_recipient_codes`), the members one may be sent to, and when each
 * recipient downloaded what they were sent: a non-member through their link
 * (on the row), a member or family member through their own download route
 * (the `record.exported` / `family.record-downloaded` entries of the audit
 * trail for that version since it was sent). Methods taking a manager join the
 * caller's transaction.
 */
@Injectable()
export class CirculationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findMeeting(tx: EntityManager, meetingId: string): Promise<{ reference: string; meetingType: string } | null> {
    const [row] = (await tx.query(`SELECT reference, meeting_type FROM meetings WHERE id = $1`, [meetingId])) as {
      reference: string;
      meeting_type: string;
    }[];
    return row ? { reference: row.reference, meetingType: row.meeting_type } : null;
  }

  /** Members with access now, with their account's email (disabled accounts left out). */
  async findMembers(manager: EntityManager | DataSource, meetingId: string): Promise<MemberCandidateRow[]> {
    const rows = (await manager.query(
      `SELECT u.id, u.display_name, u.email, u.agency, mm.role
         FROM meeting_members mm JOIN users u ON u.id = mm.user_id
        WHERE mm.meeting_id = $1 AND ${memberHasAccessSql('mm')} AND u.disabled_at IS NULL
        ORDER BY u.display_name, u.id`,
      [meetingId],
    )) as { id: string; display_name: string; email: string; agency: Agency; role: MeetingRole }[];
    return rows.map((r) => ({
      userId: r.id,
      displayName: r.display_name,
      email: r.email,
      agency: r.agency,
      role: r.role,
    }));
  }

  async insertCirculation(
    tx: EntityManager,
    circulation: { meetingId: string; version: number; sentBy: string },
  ): Promise<{ id: string; sentAt: Date }> {
    const [row] = (await tx.query(
      `INSERT INTO record_circulations (meeting_id, version, sent_by) VALUES ($1, $2, $3) RETURNING id, sent_at`,
      [circulation.meetingId, circulation.version, circulation.sentBy],
    )) as { id: string; sent_at: Date }[];
    return { id: row!.id, sentAt: row!.sent_at };
  }

  async insertRecipient(
    tx: EntityManager,
    circulation: { id: string; meetingId: string; version: number },
    recipient: NewRecipient,
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO record_recipients
         (circulation_id, meeting_id, version, kind, user_id, family_participant_id, display_name, email,
          organisation, variant, link_token_hash, link_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        circulation.id,
        circulation.meetingId,
        circulation.version,
        recipient.kind,
        recipient.userId,
        recipient.familyParticipantId,
        recipient.displayName,
        recipient.email,
        recipient.organisation,
        recipient.variant,
        recipient.linkTokenHash,
        recipient.linkExpiresAt,
      ],
    )) as { id: string }[];
    return row!.id;
  }

  /** The recipient's email is in the outbox (recorded in `tx`, with the circulation). */
  async markEmailed(tx: EntityManager, recipientId: string): Promise<void> {
    await tx.query(`UPDATE record_recipients SET emailed_at = now() WHERE id = $1`, [recipientId]);
  }

  /** Every recipient of the meeting, newest circulation first. */
  async listRecipients(meetingId: string): Promise<RecipientRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.kind, r.user_id, r.family_participant_id, r.display_name, r.email, r.organisation, r.version,
              r.variant, c.sent_at, u.display_name AS sent_by_name, r.link_expires_at,
              CASE r.kind
                WHEN 'non-member' THEN r.downloaded_at
                WHEN 'member' THEN (
                  SELECT min(a.occurred_at) FROM audit_events a
                   WHERE a.meeting_id = r.meeting_id AND a.type = 'record.exported' AND a.outcome = 'success'
                     AND a.actor_user_id = r.user_id AND a.details->>'version' = r.version::text
                     AND a.occurred_at >= c.sent_at)
                ELSE (
                  SELECT min(a.occurred_at) FROM audit_events a
                   WHERE a.meeting_id = r.meeting_id AND a.type = 'family.record-downloaded'
                     AND a.subject_id = r.family_participant_id::text AND a.details->>'version' = r.version::text
                     AND a.occurred_at >= c.sent_at)
              END AS downloaded_at
         FROM record_recipients r
         JOIN record_circulations c ON c.id = r.circulation_id
         JOIN users u ON u.id = c.sent_by
        WHERE r.meeting_id = $1
        ORDER BY c.sent_at DESC, r.kind, r.display_name, r.id`,
      [meetingId],
    )) as {
      id: string;
      kind: RecipientKind;
      user_id: string | null;
      family_participant_id: string | null;
      display_name: string;
      email: string;
      organisation: string | null;
      version: number;
      variant: string;
      sent_at: Date;
      sent_by_name: string;
      link_expires_at: Date | null;
      downloaded_at: Date | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      userId: r.user_id,
      familyParticipantId: r.family_participant_id,
      displayName: r.display_name,
      email: r.email,
      organisation: r.organisation,
      version: r.version,
      variant: r.variant,
      sentAt: new Date(r.sent_at),
      sentByName: r.sent_by_name,
      linkExpiresAt: r.link_expires_at ? new Date(r.link_expires_at) : null,
      downloadedAt: r.downloaded_at ? new Date(r.downloaded_at) : null,
    }));
  }

  /** A non-member's link by the SHA-256 of its token, locked until the transaction ends; null if none. */
  async lockLink(tx: EntityManager, tokenHash: Buffer): Promise<LinkRow | null> {
    const [row] = (await tx.query(
      `SELECT r.id, r.meeting_id, m.reference, m.meeting_type, r.version, r.variant, r.email, r.link_expires_at,
              r.link_used_at
         FROM record_recipients r JOIN meetings m ON m.id = r.meeting_id
        WHERE r.link_token_hash = $1 AND r.kind = 'non-member'
          FOR UPDATE OF r`,
      [tokenHash],
    )) as {
      id: string;
      meeting_id: string;
      reference: string;
      meeting_type: string;
      version: number;
      variant: string;
      email: string;
      link_expires_at: Date;
      link_used_at: Date | null;
    }[];
    return row
      ? {
          recipientId: row.id,
          meetingId: row.meeting_id,
          reference: row.reference,
          meetingType: row.meeting_type,
          version: row.version,
          variant: row.variant,
          email: row.email,
          expiresAt: new Date(row.link_expires_at),
          usedAt: row.link_used_at ? new Date(row.link_used_at) : null,
        }
      : null;
  }

  async markLinkUsed(tx: EntityManager, recipientId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE record_recipients SET link_used_at = $2, downloaded_at = $2 WHERE id = $1`, [
      recipientId,
      at,
    ]);
  }

  /** Codes sent for a link since `since`. */
  async countCodesSince(tx: EntityManager, recipientId: string, since: Date): Promise<number> {
    const [row] = (await tx.query(
      `SELECT count(*)::int AS n FROM record_recipient_codes WHERE recipient_id = $1 AND created_at > $2`,
      [recipientId, since],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  async insertCode(
    tx: EntityManager,
    code: { recipientId: string; codeHash: Buffer; createdAt: Date; expiresAt: Date },
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO record_recipient_codes (recipient_id, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)
       RETURNING id`,
      [code.recipientId, code.codeHash, code.createdAt, code.expiresAt],
    )) as { id: string }[];
    return row!.id;
  }

  /** The link's most recent code (a new code replaces the ones before it), or null. */
  async findLatestCode(tx: EntityManager, recipientId: string): Promise<RecipientCodeRow | null> {
    const [row] = (await tx.query(
      `SELECT id, code_hash, expires_at, used_at, attempts FROM record_recipient_codes
        WHERE recipient_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [recipientId],
    )) as { id: string; code_hash: Buffer; expires_at: Date; used_at: Date | null; attempts: number }[];
    return row
      ? {
          id: row.id,
          codeHash: row.code_hash,
          expiresAt: new Date(row.expires_at),
          usedAt: row.used_at,
          attempts: row.attempts,
        }
      : null;
  }

  /** Counts a wrong try; returns the attempts so far. */
  async addCodeAttempt(tx: EntityManager, codeId: string): Promise<number> {
    const [rows] = (await tx.query(
      `UPDATE record_recipient_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`,
      [codeId],
    )) as [{ attempts: number }[], number];
    return rows[0]?.attempts ?? 0;
  }

  async markCodeUsed(tx: EntityManager, codeId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE record_recipient_codes SET used_at = $2 WHERE id = $1`, [codeId, at]);
  }
}
