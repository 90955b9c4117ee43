import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import { type EntityManager, In, IsNull, Not, type Repository } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { SessionEntity } from './session.entity';

/** The columns a new session row is written with. */
export type NewSession = Pick<
  SessionEntity,
  'tokenHash' | 'userId' | 'lastSeenAt' | 'authenticatedAt' | 'expiresAt' | 'revokedAt'
>;

/** A session a statement changed, with what its audit entry names. */
export interface SessionOwner {
  userId: string;
  agency: Agency;
}

/** A revoked session and its owner, for the audit entries. */
export interface RevokedSession extends SessionOwner {
  id: string;
}

type RevokeReason = NonNullable<SessionEntity['revokedReason']>;

/** The `sessions` table. Tokens are never stored: every lookup is by the token's hash. */
@Injectable()
export class SessionRepository {
  constructor(@InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>) {}

  /** Inserts a full session inside the caller's transaction and returns it (with its id). */
  insert(tx: EntityManager, session: NewSession): Promise<SessionEntity> {
    return tx.save(tx.create(SessionEntity, session));
  }

  /** Inserts a session that waits for its second factor. */
  async insertPending(session: NewSession): Promise<void> {
    await this.sessions.insert({ ...session, mfaPending: true });
  }

  /** The unrevoked session waiting for its second factor behind a token hash, with its user. */
  findPendingWithUser(tokenHash: Buffer): Promise<SessionEntity | null> {
    return this.sessions.findOne({
      where: { tokenHash, revokedAt: IsNull(), mfaPending: true },
      relations: { user: true },
    });
  }

  /**
   * The unrevoked session (pending or not) by token hash or id, with its user, in one joined
   * statement: every HTTP request, socket.io event and collab upgrade comes through here. Plain SQL
   * mapped by hand: TypeORM's query builder spent more CPU building and hydrating this one row than
   * PostgreSQL spent answering it (a connect storm's profile, docs/BENCHMARKS.md).
   */
  async findUnrevokedWithUser(where: { tokenHash: Buffer } | { id: string }): Promise<SessionEntity | null> {
    const [row] = (await this.sessions.query(
      `SELECT s.id, s.token_hash, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
              s.mfa_pending, s.authenticated_at, s.revoked_reason,
              u.email, u.password_hash, u.display_name, u.job_title, u.agency, u.organisation, u.is_admin,
              u.is_auditor, u.can_chair, u.team_manager, u.kind, u.created_at AS user_created_at, u.disabled_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.revoked_at IS NULL AND ${'id' in where ? 's.id = $1' : 's.token_hash = $1'}`,
      ['id' in where ? where.id : where.tokenHash],
    )) as SessionWithUserRow[];
    return row ? toSessionWithUser(row) : null;
  }

  /**
   * Turns a live pending session into a full one under a new token hash, inside the caller's
   * transaction. Null if it is no longer pending, revoked or past `now`.
   */
  async completePending(
    tx: EntityManager,
    sessionId: string,
    tokenHash: Buffer,
    now: Date,
    expiresAt: Date,
  ): Promise<SessionOwner | null> {
    const [rows] = (await tx.query(
      `UPDATE sessions s SET token_hash = $2, mfa_pending = false, authenticated_at = $3, last_seen_at = $3, expires_at = $4
         FROM users u
        WHERE s.id = $1 AND u.id = s.user_id AND s.mfa_pending AND s.revoked_at IS NULL AND s.expires_at > $3
        RETURNING s.user_id, u.agency`,
      [sessionId, tokenHash, now, expiresAt],
    )) as [{ user_id: string; agency: Agency }[], number];
    const row = rows[0];
    return row ? { userId: row.user_id, agency: row.agency } : null;
  }

  /** Sets authenticated_at to now on a live full session, inside the caller's transaction; null if none. */
  async markAuthenticatedNow(tx: EntityManager, sessionId: string): Promise<SessionOwner | null> {
    const [rows] = (await tx.query(
      `UPDATE sessions s SET authenticated_at = now()
         FROM users u
        WHERE s.id = $1 AND u.id = s.user_id AND NOT s.mfa_pending AND s.revoked_at IS NULL
        RETURNING s.user_id, u.agency`,
      [sessionId],
    )) as [{ user_id: string; agency: Agency }[], number];
    const row = rows[0];
    return row ? { userId: row.user_id, agency: row.agency } : null;
  }

  /** Writes last_seen_at of one session. */
  async touch(sessionId: string, at: Date): Promise<void> {
    await this.sessions.update({ id: sessionId }, { lastSeenAt: at });
  }

  /** Writes last_seen_at of those of these sessions that are not revoked. */
  async touchUnrevoked(sessionIds: string[], at: Date): Promise<void> {
    await this.sessions.update({ id: In(sessionIds), revokedAt: IsNull() }, { lastSeenAt: at });
  }

  /** The ids among these that are revoked. */
  async findRevokedIds(sessionIds: string[]): Promise<string[]> {
    const revoked = await this.sessions.find({
      select: { id: true },
      where: { id: In(sessionIds), revokedAt: Not(IsNull()) },
    });
    return revoked.map(({ id }) => id);
  }

  /** Revokes a session if it is not yet, inside the caller's transaction. */
  revokeById(tx: EntityManager, sessionId: string, reason: RevokeReason): Promise<RevokedSession[]> {
    return this.revokeWhere(tx, 's.id = $2', [sessionId], reason);
  }

  /** Revokes every unrevoked session of a user, inside the caller's transaction. */
  revokeAllOfUser(tx: EntityManager, userId: string, reason: RevokeReason): Promise<RevokedSession[]> {
    return this.revokeWhere(tx, 's.user_id = $2', [userId], reason);
  }

  /** Revokes the unrevoked sessions past their absolute expiry or unseen since `idleCutoff`, inside the caller's transaction. */
  revokeExpired(tx: EntityManager, idleCutoff: Date, reason: RevokeReason): Promise<RevokedSession[]> {
    return this.revokeWhere(tx, '(s.expires_at <= now() OR s.last_seen_at <= $2)', [idleCutoff], reason);
  }

  private async revokeWhere(
    tx: EntityManager,
    condition: string,
    params: unknown[],
    reason: RevokeReason,
  ): Promise<RevokedSession[]> {
    const [rows] = (await tx.query(
      `UPDATE sessions s SET revoked_at = now(), revoked_reason = $1
         FROM users u
        WHERE u.id = s.user_id AND s.revoked_at IS NULL AND ${condition}
        RETURNING s.id, s.user_id, u.agency`,
      [reason, ...params],
    )) as [{ id: string; user_id: string; agency: Agency }[], number];
    return rows.map((row) => ({ id: row.id, userId: row.user_id, agency: row.agency }));
  }
}

/** A `sessions` row joined with its `users` row, as `findUnrevokedWithUser` selects it. */
interface SessionWithUserRow {
  id: string;
  token_hash: Buffer;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  mfa_pending: boolean;
  authenticated_at: Date;
  revoked_reason: SessionEntity['revokedReason'];
  email: string;
  password_hash: string | null;
  display_name: string;
  job_title: string;
  agency: Agency;
  organisation: string | null;
  is_admin: boolean;
  is_auditor: boolean;
  can_chair: boolean;
  team_manager: boolean;
  kind: UserEntity['kind'];
  user_created_at: Date;
  disabled_at: Date | null;
}

/** The entities TypeORM would have built from the row: every column of both, by its property name. */
function toSessionWithUser(row: SessionWithUserRow): SessionEntity {
  const user = Object.assign(new UserEntity(), {
    id: row.user_id,
    email: row.email,
    passwordHash: row.password_hash,
    displayName: row.display_name,
    jobTitle: row.job_title,
    agency: row.agency,
    organisation: row.organisation,
    isAdmin: row.is_admin,
    isAuditor: row.is_auditor,
    canChair: row.can_chair,
    teamManager: row.team_manager,
    kind: row.kind,
    createdAt: row.user_created_at,
    disabledAt: row.disabled_at,
  } satisfies UserEntity);
  return Object.assign(new SessionEntity(), {
    id: row.id,
    tokenHash: row.token_hash,
    userId: row.user_id,
    user,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    mfaPending: row.mfa_pending,
    authenticatedAt: row.authenticated_at,
    revokedReason: row.revoked_reason,
  } satisfies SessionEntity);
}
