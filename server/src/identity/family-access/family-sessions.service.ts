import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FAMILY_LIMITS } from '@roundtable/shared/family';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { type FamilyPrincipal, LiveConnectionRegistry } from '../../platform';
import { type EndedFamilySession, FamilySessionRepository } from './family-session.repository';

/** How often expired family sessions, and those whose access has ended, are swept and their connections closed. */
export const FAMILY_SESSION_SWEEP_INTERVAL_MS = 30_000;
/** Longest token `resolve` looks up (a real one is 43 characters). */
const MAX_TOKEN_LENGTH = 100;

export const hashFamilyToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** The participant a family session is started for. */
export interface FamilySessionOwner {
  participantId: string;
  meetingId: string;
}

/**
 * Family sessions (docs/FAMILY.md, "Signing in"): a random token in the
 * `rt_family` cookie, only its SHA-256 in `family_sessions`, lasting
 * FAMILY_LIMITS.sessionHours. A session is live while it is not ended or
 * expired and its participant is neither revoked nor past access_ends_at.
 */
@Injectable()
export class FamilySessionsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FamilySessionsService.name);
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly sessions: FamilySessionRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly liveConnections: LiveConnectionRegistry,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => {
      this.sweepExpired().catch((err: unknown) => this.logger.error({ err }, 'family session sweep failed'));
    }, FAMILY_SESSION_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Starts a session inside the caller's transaction (the code was right); returns the cookie's token, shown once. */
  async create(
    tx: EntityManager,
    owner: FamilySessionOwner,
  ): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + FAMILY_LIMITS.sessionHours * 3_600_000);
    const sessionId = await this.sessions.insert(tx, {
      tokenHash: hashFamilyToken(token),
      participantId: owner.participantId,
      expiresAt,
    });
    return { token, sessionId, expiresAt };
  }

  /**
   * The family member behind a token, or null: unknown, ended, expired, the
   * participant revoked, or their access ended. Every family route, and every
   * family WebSocket or socket.io connection, comes through here.
   */
  async resolve(token: string): Promise<FamilyPrincipal | null> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return null;
    return this.sessions.findLive(hashFamilyToken(token));
  }

  /** The family member signed out: the session ends and its live connections close at once. */
  async signOut(principal: FamilyPrincipal): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const ended = await this.sessions.endById(tx, principal.sessionId);
      for (const session of ended) {
        await this.audit.record(tx, {
          type: 'family.signed-out',
          actor: null,
          meetingId: session.meetingId,
          subject: { type: 'family-participant', id: session.participantId },
          details: { participantId: session.participantId, sessionId: session.sessionId, reason: 'sign-out' },
        });
      }
    });
    this.liveConnections.closeFamilySession(principal.sessionId);
  }

  /**
   * Ends every session of a participant inside the caller's transaction
   * (revocation). Call `closeConnectionsOf` after the commit.
   */
  endAllOfParticipant(tx: EntityManager, participantId: string): Promise<EndedFamilySession[]> {
    return this.sessions.endAllOfParticipant(tx, participantId);
  }

  /** Closes a participant's live connections on every instance (after their access was revoked or ended). */
  closeConnectionsOf(participantId: string): void {
    this.liveConnections.closeFamilyParticipant(participantId);
  }

  /**
   * Ends sessions past their expiry, and those whose participant's access
   * has ended, and closes their live connections. Audited as signed out
   * (`reason: expired | access-ended`).
   */
  async sweepExpired(): Promise<number> {
    const ended = await this.dataSource.transaction(async (tx) => {
      const rows = await this.sessions.endExpired(tx);
      for (const session of rows) {
        await this.audit.record(tx, {
          type: 'family.signed-out',
          actor: null,
          meetingId: session.meetingId,
          subject: { type: 'family-participant', id: session.participantId },
          details: {
            participantId: session.participantId,
            sessionId: session.sessionId,
            reason: session.accessOver ? 'access-ended' : 'expired',
          },
        });
      }
      return rows;
    });
    for (const session of ended) {
      this.liveConnections.closeFamilySession(session.sessionId);
      if (session.accessOver) this.liveConnections.closeFamilyParticipant(session.participantId);
    }
    return ended.length;
  }
}
