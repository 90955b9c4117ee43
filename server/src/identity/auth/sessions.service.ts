import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { APP_CONFIG, type AppConfig, type AuthenticatedSession, LiveConnectionRegistry } from '../../platform';
import { toAuthenticatedUser } from '../users/users.service';
import { MfaRequirementService } from './mfa-requirement.service';
import { SessionCookie } from './session-cookie';
import type { SessionEntity } from './session.entity';
import { type RevokedSession, SessionRepository } from './session.repository';

/** How often expired sessions are swept (and their live connections closed). */
export const SESSION_SWEEP_INTERVAL_MS = 30_000;
/** last_seen_at is written at most this often per session, to keep reads cheap. */
const TOUCH_EVERY_MS = 60_000;
/** A session waiting for its second factor lasts this long. */
export const MFA_PENDING_MS = 5 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest();

export type RevokeReason = 'sign-out' | 'expired' | 'disabled';

/** How `authenticate` would see a session, for the HTTP guard that answers each case differently. */
export type ResolvedSession = { state: 'full' | 'mfa-enrolment-required'; session: AuthenticatedSession };

/** How a session's user proved who they are, for the audit trail. */
export type AuthenticationMethod = 'password' | 'totp' | 'recovery-code' | (string & {});

/**
 * Server-side sessions in PostgreSQL. The cookie carries a random token; the
 * database holds only its hash, so a database read does not yield sessions.
 */
@Injectable()
export class SessionsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionsService.name);
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly liveConnections: LiveConnectionRegistry,
    private readonly audit: AuditService,
    private readonly mfaRequirement: MfaRequirementService,
    private readonly cookie: SessionCookie,
  ) {}

  /** The session cookie's name in this deployment (`__Host-rt_session` behind TLS); see session-cookie.ts. */
  get cookieName(): string {
    return this.cookie.name;
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => {
      this.sweepExpired().catch((err: unknown) => this.logger.error({ err }, 'session sweep failed'));
    }, SESSION_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /**
   * Starts a session for a user; returns the token for the cookie (shown once, never stored).
   * `details` go into the sign-in's audit entry (e.g. which identity provider it came through).
   */
  async create(
    user: { id: string; agency: Agency },
    details?: { method: string; provider?: string },
  ): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteMs);
    const session = await this.dataSource.transaction(async (tx) => {
      const created = await this.sessions.insert(tx, {
        tokenHash: hashToken(token),
        userId: user.id,
        lastSeenAt: now,
        authenticatedAt: now,
        expiresAt,
        revokedAt: null,
      });
      await this.audit.record(tx, {
        type: 'auth.sign-in',
        actor: { userId: user.id, agency: user.agency },
        subject: { type: 'session', id: created.id },
        ...(details ? { details } : {}),
      });
      return created;
    });
    return { token, sessionId: session.id, expiresAt };
  }

  /**
   * Starts a session that only waits for the second factor: refused by
   * `authenticate` (so by every guard, handshake and upgrade) and short-lived.
   */
  async createPending(user: { id: string }): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + MFA_PENDING_MS);
    await this.sessions.insertPending({
      tokenHash: hashToken(token),
      userId: user.id,
      lastSeenAt: now,
      authenticatedAt: now,
      expiresAt,
      revokedAt: null,
    });
    return { token, expiresAt };
  }

  /** The user waiting for their second factor behind a token, or null. */
  async findPending(token: string): Promise<{ sessionId: string; userId: string } | null> {
    if (!token || token.length > 100) return null;
    const session = await this.sessions.findPendingWithUser(hashToken(token));
    if (!session?.user || session.user.disabledAt || this.isExpired(session, Date.now())) return null;
    return { sessionId: session.id, userId: session.userId };
  }

  /**
   * The second factor was accepted: the pending session becomes a full one
   * under a new token (the pre-MFA token is worthless from now on) and the
   * sign-in is audited.
   */
  async completeMfa(
    sessionId: string,
    method: AuthenticationMethod,
  ): Promise<{ token: string; sessionId: string; expiresAt: Date } | null> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteMs);
    return this.dataSource.transaction(async (tx) => {
      const owner = await this.sessions.completePending(tx, sessionId, hashToken(token), now, expiresAt);
      if (!owner) return null;
      await this.audit.record(tx, {
        type: 'auth.sign-in',
        actor: owner,
        subject: { type: 'session', id: sessionId },
        details: { method },
      });
      return { token, sessionId, expiresAt };
    });
  }

  /**
   * The user has just proved who they are again (password and second factor
   * here, or a fresh sign-in at the identity provider): step-up actions are
   * allowed for STEP_UP_MAX_AGE_MINUTES from now. Audited as `auth.step-up`.
   * Returns false if the session is not live.
   */
  async markReauthenticated(sessionId: string, method: AuthenticationMethod = 'password'): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const owner = await this.sessions.markAuthenticatedNow(tx, sessionId);
      if (!owner) return false;
      await this.audit.record(tx, {
        type: 'auth.step-up',
        actor: owner,
        subject: { type: 'session', id: sessionId },
        details: { method },
      });
      return true;
    });
  }

  /**
   * The live, fully signed-in session for a token, or null if unknown,
   * revoked, expired, still waiting for its second factor, restricted to MFA
   * enrolment, or the user is disabled. Every HTTP guard, socket.io handshake
   * and collab upgrade goes through here.
   */
  async authenticate(token: string): Promise<AuthenticatedSession | null> {
    const resolved = await this.resolve(token);
    return resolved?.state === 'full' ? resolved.session : null;
  }

  /**
   * As `authenticate`, but tells a session restricted to MFA enrolment from
   * none, so the HTTP guard can send the user to enrol (403, not 401).
   */
  async resolve(token: string): Promise<ResolvedSession | null> {
    if (!token || token.length > 100) return null;
    return this.findLiveWhere({ tokenHash: hashToken(token) });
  }

  /**
   * The session with this id if it is still live and full (for credentials
   * derived from a session, such as collab tickets, that must die with it).
   */
  async findLive(sessionId: string): Promise<AuthenticatedSession | null> {
    const resolved = await this.findLiveWhere({ id: sessionId });
    return resolved?.state === 'full' ? resolved.session : null;
  }

  private async findLiveWhere(where: { tokenHash: Buffer } | { id: string }): Promise<ResolvedSession | null> {
    const session = await this.sessions.findUnrevokedWithUser(where);
    if (!session?.user || session.user.disabledAt || session.mfaPending) return null;
    const now = Date.now();
    if (this.isExpired(session, now)) {
      await this.revoke(session.id, 'expired');
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.touch(session.id, new Date(now));
    }
    const { user } = session;
    const authenticated: AuthenticatedSession = {
      sessionId: session.id,
      authenticatedAt: session.authenticatedAt,
      user: toAuthenticatedUser(user),
    };
    const restricted = await this.mfaRequirement.enrolmentRequired(user);
    return { state: restricted ? 'mfa-enrolment-required' : 'full', session: authenticated };
  }

  /** Ends a session and closes its live connections at once. Idempotent. */
  async revoke(sessionId: string, reason: RevokeReason): Promise<void> {
    await this.revokeAudited(reason, (tx) => this.sessions.revokeById(tx, sessionId, reason));
    this.liveConnections.closeSession(sessionId);
  }

  /** Ends every session of a user (account disabled). */
  async revokeAllForUser(userId: string): Promise<void> {
    await this.revokeAudited('disabled', (tx) => this.sessions.revokeAllOfUser(tx, userId, 'disabled'));
    this.liveConnections.closeUser(userId);
  }

  /** Revokes sessions through `revoke` and audits each, in one transaction. */
  private revokeAudited(
    reason: RevokeReason,
    revoke: (tx: EntityManager) => Promise<RevokedSession[]>,
  ): Promise<RevokedSession[]> {
    return this.dataSource.transaction(async (tx) => {
      const revoked = await revoke(tx);
      await this.auditRevoked(tx, revoked, reason);
      return revoked;
    });
  }

  private async auditRevoked(tx: EntityManager, revoked: RevokedSession[], reason: RevokeReason): Promise<void> {
    for (const session of revoked) {
      await this.audit.record(tx, {
        type: reason === 'sign-out' ? 'auth.sign-out' : 'auth.session-expired',
        actor: { userId: session.userId, agency: session.agency },
        subject: { type: 'session', id: session.id },
        details: { reason },
      });
    }
  }

  /**
   * Revokes sessions past their idle or absolute expiry and closes their live
   * connections. A session with an open live connection is in use, not idle.
   */
  async sweepExpired(): Promise<number> {
    const active = [...this.liveConnections.activeSessionIds()];
    if (active.length > 0) {
      await this.sessions.touchUnrevoked(active, new Date());
      // Revoked elsewhere (the admin CLI, another process): close what this process still holds open.
      for (const id of await this.sessions.findRevokedIds(active)) this.liveConnections.closeSession(id);
    }
    const idleCutoff = new Date(Date.now() - this.config.sessionIdleMs);
    const expired = await this.revokeAudited('expired', (tx) => this.sessions.revokeExpired(tx, idleCutoff, 'expired'));
    for (const { id } of expired) this.liveConnections.closeSession(id);
    if (expired.length > 0) this.logger.log({ count: expired.length }, 'expired sessions revoked');
    return expired.length;
  }

  private isExpired(session: SessionEntity, now: number): boolean {
    return session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + this.config.sessionIdleMs <= now;
  }
}
