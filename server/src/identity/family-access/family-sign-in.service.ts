import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  FAMILY_CODE_REFUSED_MESSAGE,
  FAMILY_LIMITS,
  FAMILY_TOO_MANY_ATTEMPTS,
  type FamilyCodeRequestSchema,
  type FamilySessionResponse,
  type FamilySignInRequestSchema,
} from '@roundtable/shared/family';
import { MEETING_TYPE_LABELS, type MeetingType } from '@roundtable/shared/pathway';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { AuditService } from '../../audit';
import {
  APP_CONFIG,
  type AppConfig,
  describeError,
  DomainError,
  type FamilyPrincipal,
  MailService,
  SharedThrottlerStorage,
} from '../../platform';
import { signInCodeEmail } from './family-mail';
import { FamilyCodesRepository } from './family-codes.repository';
import { FamilyParticipantsRepository } from './family-participants.repository';
import { FamilySessionsService } from './family-sessions.service';
import { FAMILY_CODE_KEY } from './family-code-key';

type CodeRequest = z.output<typeof FamilyCodeRequestSchema>;
type SignInRequest = z.output<typeof FamilySignInRequestSchema>;

/** Why a code was refused, for the trail (the person is told the same for each). */
export type CodeRefusal = 'wrong' | 'expired' | 'used' | 'spent' | 'no-code' | 'throttled';

const HOUR_MS = 3_600_000;

/**
 * Signing in with an emailed one-time code (docs/FAMILY.md, "Signing in").
 * A code is 6 digits from crypto.randomInt, lasts 10 minutes, works once, and
 * 5 wrong tries spend it; a participant may be sent FAMILY_LIMITS.codesPerHour
 * codes an hour, and each address has its own budget of requests and tries.
 * Only a keyed hash of a code is stored (HMAC under a key outside the database),
 * so the table alone does not yield codes. Asking for a code answers the same
 * whether or not the address was invited.
 */
@Injectable()
export class FamilySignInService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(FamilySignInService.name);
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(FAMILY_CODE_KEY) private readonly codeKey: Buffer,
    private readonly participants: FamilyParticipantsRepository,
    private readonly codes: FamilyCodesRepository,
    private readonly sessions: FamilySessionsService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly throttles: SharedThrottlerStorage,
  ) {}

  /**
   * Emails a code if the address was invited to the meeting and its access is
   * open. Says nothing either way: the caller always answers 202 the same, at
   * once. Refused (429) only when this address has asked too often, whoever it
   * asked for.
   */
  async requestCode(input: CodeRequest, address: string): Promise<void> {
    if (!(await this.takeTry('family-code-request', FAMILY_LIMITS.codeRequestsPerAddress, address)))
      throw new DomainError('RateLimited', FAMILY_TOO_MANY_ATTEMPTS);
    // Answered at once, invited or not: the lookup, the code and the email happen afterwards, so the
    // answer's timing does not tell who was invited either.
    const work = this.sendCodeIfInvited(input)
      .catch((err: unknown) =>
        this.logger.error({ event: 'family-code-failed', error: describeError(err) }, 'a sign-in code was not sent'),
      )
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /**
   * Takes one try from the address's limit; false when none is left. Counted
   * across every instance when REDIS_URL is set (SharedThrottlerStorage.take),
   * in memory otherwise; over the limit, the address waits for the window to pass.
   */
  private takeTry(
    limit: 'family-code-request' | 'family-sign-in',
    perWindow: number,
    address: string,
  ): Promise<boolean> {
    return this.throttles.take(limit, address, perWindow, FAMILY_LIMITS.addressWindowMinutes * 60_000);
  }

  /** Lets code requests in hand finish before the database closes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.settle();
  }

  /** Waits for code requests still being handled (tests read the outbox after them). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async sendCodeIfInvited(input: CodeRequest): Promise<void> {
    const sent = await this.dataSource.transaction(async (tx) => {
      const invitation = await this.participants.findOpen(tx, input.meetingReference, input.email);
      if (!invitation) return null;
      const subject = { type: 'family-participant', id: invitation.participantId };
      const recent = await this.codes.countSince(tx, invitation.participantId, new Date(Date.now() - HOUR_MS));
      if (recent >= FAMILY_LIMITS.codesPerHour) {
        await this.audit.record(tx, {
          type: 'family.code-sent',
          outcome: 'refused',
          actor: null,
          meetingId: invitation.meetingId,
          subject,
          details: { participantId: invitation.participantId, reason: 'hourly-limit' },
        });
        return null;
      }
      const code = String(randomInt(0, 10 ** FAMILY_LIMITS.codeLength)).padStart(FAMILY_LIMITS.codeLength, '0');
      const codeId = await this.codes.insert(tx, {
        participantId: invitation.participantId,
        codeHash: this.hash(invitation.participantId, code),
        expiresAt: new Date(Date.now() + FAMILY_LIMITS.codeLifetimeMinutes * 60_000),
      });
      await this.audit.record(tx, {
        type: 'family.code-sent',
        actor: null,
        meetingId: invitation.meetingId,
        subject,
        details: { participantId: invitation.participantId, codeId },
      });
      return { invitation, code };
    });
    if (!sent) return;
    const { invitation, code } = sent;
    await this.mail.send(
      signInCodeEmail(
        invitation.email,
        { reference: invitation.meetingReference, scheduledAt: invitation.scheduledAt },
        code,
        this.config.publicUrl,
      ),
    );
  }

  /**
   * Checks a code and starts a family session. Wrong, expired, used and spent
   * codes get the same 401 (the trail records which); too many tries from
   * one address get 429.
   */
  async signIn(
    input: SignInRequest,
    address: string,
  ): Promise<{ token: string; expiresAt: Date; principal: FamilyPrincipal }> {
    const throttled = !(await this.takeTry('family-sign-in', FAMILY_LIMITS.signInAttemptsPerAddress, address));
    const outcome = await this.dataSource.transaction(async (tx) => {
      const invitation = await this.participants.findOpen(tx, input.meetingReference, input.email);
      if (!invitation) return { ok: false as const, throttled };
      const refuse = async (reason: CodeRefusal, details: Record<string, string | number | boolean> = {}) => {
        await this.audit.record(tx, {
          type: 'family.code-refused',
          outcome: 'refused',
          actor: null,
          meetingId: invitation.meetingId,
          subject: { type: 'family-participant', id: invitation.participantId },
          details: { participantId: invitation.participantId, reason, ...details },
        });
        return { ok: false as const, throttled };
      };
      if (throttled) return refuse('throttled');
      const latest = await this.codes.findLatest(tx, invitation.participantId);
      if (!latest) return refuse('no-code');
      const codeId = latest.id;
      if (latest.usedAt) return refuse('used', { codeId });
      if (latest.attempts >= FAMILY_LIMITS.codeMaxAttempts) return refuse('spent', { codeId });
      if (latest.expiresAt.getTime() <= Date.now()) return refuse('expired', { codeId });
      if (!timingSafeEqual(latest.codeHash, this.hash(invitation.participantId, input.code))) {
        const attempts = await this.codes.addAttempt(tx, codeId);
        return refuse('wrong', { codeId, attempts, spent: attempts >= FAMILY_LIMITS.codeMaxAttempts });
      }
      await this.codes.markUsed(tx, codeId);
      const session = await this.sessions.create(tx, invitation);
      await this.audit.record(tx, {
        type: 'family.signed-in',
        actor: null,
        meetingId: invitation.meetingId,
        subject: { type: 'family-participant', id: invitation.participantId },
        details: { participantId: invitation.participantId, sessionId: session.sessionId, codeId },
      });
      return { ok: true as const, session };
    });
    if (!outcome.ok) {
      if (outcome.throttled) throw new DomainError('RateLimited', FAMILY_TOO_MANY_ATTEMPTS);
      throw new DomainError('InvalidCredentials', FAMILY_CODE_REFUSED_MESSAGE);
    }
    const principal = await this.sessions.resolve(outcome.session.token);
    if (!principal) throw new DomainError('InvalidCredentials', FAMILY_CODE_REFUSED_MESSAGE);
    this.logger.log({ event: 'family-signed-in', participantId: principal.participantId }, 'family member signed in');
    return { token: outcome.session.token, expiresAt: outcome.session.expiresAt, principal };
  }

  /** The family member and their meeting (reference, type, time, status): what GET /api/family/session answers. */
  async describe(principal: FamilyPrincipal): Promise<FamilySessionResponse> {
    const meeting = await this.participants.findMeeting(principal.meetingId);
    if (!meeting) throw new DomainError('Unauthenticated', 'Sign in with the code we emailed you');
    const type = meeting.meetingType as MeetingType;
    const label =
      this.config.meetingTypes.find((t) => t.type === type)?.label ?? MEETING_TYPE_LABELS[type] ?? 'Meeting';
    return {
      member: {
        participantId: principal.participantId,
        displayName: principal.displayName,
        relationship: principal.relationship,
      },
      meeting: {
        id: meeting.id,
        reference: meeting.reference,
        type,
        typeLabel: label,
        scheduledAt: meeting.scheduledAt.toISOString(),
        status: meeting.status,
      },
    };
  }

  /** The keyed hash of a participant's code: HMAC-SHA256 under the code key, bound to the participant. */
  private hash(participantId: string, code: string): Buffer {
    return createHmac('sha256', this.codeKey).update(`${participantId}:${code}`).digest();
  }
}
