import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { AccountInvitationRole } from '@roundtable/shared/invitations';
import type { DataSource, EntityManager } from 'typeorm';

export interface AccountInvitationRow {
  id: string;
  meeting_id: string;
  email: string;
  role: AccountInvitationRole;
  agency: Agency;
  organisation: string | null;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
}

const COLUMNS = `id, meeting_id, email, role, agency, organisation, invited_by, created_at, expires_at, accepted_at, accepted_by, revoked_at`;

/** `account_invitations` (only the SHA-256 of each link's token) and the accounts an acceptance creates. */
@Injectable()
export class AccountInvitationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    row: {
      meetingId: string;
      email: string;
      role: AccountInvitationRole;
      agency: Agency;
      organisation: string | null;
      tokenHash: Buffer;
      invitedBy: string;
      expiresAt: Date;
    },
  ): Promise<AccountInvitationRow> {
    const [created] = (await tx.query(
      `INSERT INTO account_invitations (meeting_id, email, role, agency, organisation, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [row.meetingId, row.email, row.role, row.agency, row.organisation, row.tokenHash, row.invitedBy, row.expiresAt],
    )) as AccountInvitationRow[];
    return created!;
  }

  /**
   * Serialises invitations to one address for one meeting until `tx` ends, so
   * two sent at once cannot both pass the check for an open one (the meeting
   * row is only share-locked while inviting).
   */
  async lockAddress(tx: EntityManager, meetingId: string, email: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('account-invitation:' || $1 || ':' || $2, 0))`, [
      meetingId,
      email,
    ]);
  }

  /** An invitation to this meeting and address not yet accepted, not withdrawn and not expired at `now`. */
  async hasOpen(tx: EntityManager, meetingId: string, email: string, now: Date): Promise<boolean> {
    const rows = (await tx.query(
      `SELECT 1 FROM account_invitations
        WHERE meeting_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3`,
      [meetingId, email, now],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Whether an account (active or disabled) has this address. */
  async accountExists(tx: EntityManager, email: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM users WHERE email = $1`, [email])) as unknown[];
    return rows.length > 0;
  }

  /** The invitation with this token hash, locked (FOR UPDATE) until `tx` ends; null if there is none. */
  async lockByTokenHash(tx: EntityManager, tokenHash: Buffer): Promise<AccountInvitationRow | null> {
    const [row] = (await tx.query(`SELECT ${COLUMNS} FROM account_invitations WHERE token_hash = $1 FOR UPDATE`, [
      tokenHash,
    ])) as AccountInvitationRow[];
    return row ?? null;
  }

  /** A meeting's invitation, locked (FOR UPDATE) until `tx` ends; null if the meeting has no such invitation. */
  async lockInMeeting(tx: EntityManager, meetingId: string, id: string): Promise<AccountInvitationRow | null> {
    const [row] = (await tx.query(
      `SELECT ${COLUMNS} FROM account_invitations WHERE id = $1 AND meeting_id = $2 FOR UPDATE`,
      [id, meetingId],
    )) as AccountInvitationRow[];
    return row ?? null;
  }

  async markRevoked(tx: EntityManager, id: string, userId: string, at: Date): Promise<AccountInvitationRow> {
    const [rows] = (await tx.query(
      `UPDATE account_invitations SET revoked_at = $3, revoked_by = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, userId, at],
    )) as [AccountInvitationRow[], number];
    return rows[0]!;
  }

  async findByTokenHash(tokenHash: Buffer): Promise<AccountInvitationRow | null> {
    const [row] = (await this.dataSource.query(`SELECT ${COLUMNS} FROM account_invitations WHERE token_hash = $1`, [
      tokenHash,
    ])) as AccountInvitationRow[];
    return row ?? null;
  }

  async markAccepted(tx: EntityManager, id: string, userId: string, at: Date): Promise<void> {
    await tx.query(`UPDATE account_invitations SET accepted_at = $3, accepted_by = $2 WHERE id = $1`, [id, userId, at]);
  }

  /** A meeting's invitations, newest first. */
  async listForMeeting(meetingId: string): Promise<AccountInvitationRow[]> {
    return (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM account_invitations WHERE meeting_id = $1 ORDER BY created_at DESC, id DESC`,
      [meetingId],
    )) as AccountInvitationRow[];
  }

  /** Creates the invited person's account (no administrator, auditor, chair or team manager rights). */
  async insertAccount(
    tx: EntityManager,
    account: {
      email: string;
      passwordHash: string;
      displayName: string;
      jobTitle: string;
      agency: Agency;
      organisation: string | null;
    },
  ): Promise<string> {
    const [created] = (await tx.query(
      `INSERT INTO users (email, password_hash, display_name, job_title, agency, organisation,
                          is_admin, is_auditor, can_chair, team_manager)
       VALUES ($1, $2, $3, $4, $5, $6, false, false, false, false) RETURNING id`,
      [
        account.email,
        account.passwordHash,
        account.displayName,
        account.jobTitle,
        account.agency,
        account.organisation,
      ],
    )) as { id: string }[];
    return created!.id;
  }
}
