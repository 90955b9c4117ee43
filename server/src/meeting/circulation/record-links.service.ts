import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CIRCULATION_LIMITS,
  RECORD_LINK_CODE_REFUSED,
  RECORD_LINK_EXPIRED,
  RECORD_LINK_TOO_MANY,
  RECORD_LINK_UNKNOWN,
  RECORD_LINK_USED,
  type RecordLinkResponse,
} from '@roundtable/shared/circulation';
import { sealedRecordFileName, sealedRecordVariantLabel } from '@roundtable/shared/sealed-records';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit';
import { APP_CONFIG, type AppConfig, Clock, DomainError, MailService, SharedThrottlerStorage } from '../../platform';
import type { SealedRecordDownload } from '../sealed-records/sealed-record-downloads.service';
import { SealedRecordRepository } from '../sealed-records/sealed-record.repository';
import { CIRCULATION_CODE_KEY } from './circulation-code-key';
import { recordLinkCodeEmail } from './circulation-mail';
import { CirculationRepository, type LinkRow } from './circulation.repository';
import { hashLinkToken, meetingTypeWords } from './circulation.service';

/** Why a link or code was refused, for the trail (the person is told in plain words). */
export type RecordLinkRefusal =
  'link-expired' | 'link-used' | 'hourly-limit' | 'wrong' | 'expired' | 'used' | 'spent' | 'no-code' | 'throttled';

type Refused = { ok: false; error: DomainError };

const HOUR_MS = 3_600_000;
const ADDRESS_WINDOW_MS = CIRCULATION_LIMITS.addressWindowMinutes * 60_000;

/** The address, partly hidden: `g•••@example.org`. */
export function emailHint(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, Math.min(1, at))}•••${email.slice(at)}`;
}

/**
 * A non-member's record link (docs/CIRCULATION.md): the token in the emailed
 * link (only its SHA-256 is stored) names one recipient and one version, and
 * expires; opening it asks for a one-time code emailed to the recipient's
 * address (6 digits from crypto.randomInt, stored as an HMAC under a key
 * outside the database, 10 minutes, once, 5 wrong tries spend it, 5 codes an
 * hour); the right code downloads their version once, as PDF. Refusals are
 * audited (the recipient as subject, no actor) and answered in plain words:
 * an unknown link 404, an expired or used link 409, a wrong, expired or used
 * code 401, too many tries 429.
 */
@Injectable()
export class RecordLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CIRCULATION_CODE_KEY) private readonly codeKey: Buffer,
    private readonly repository: CirculationRepository,
    private readonly records: SealedRecordRepository,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly clock: Clock,
    private readonly throttles: SharedThrottlerStorage,
  ) {}

  /** What the link's page shows before a code is asked for. */
  async open(token: string, address: string): Promise<RecordLinkResponse> {
    await this.throttle(address);
    const link = await this.dataSource.transaction(async (tx) => this.usableLink(tx, token));
    if (!link.ok) throw link.error;
    return {
      reference: link.link.reference,
      meetingTypeLabel: meetingTypeWords(this.config, link.link.meetingType),
      version: link.link.version,
      variantLabel: sealedRecordVariantLabel(link.link.variant),
      emailHint: emailHint(link.link.email),
      expiresAt: link.link.expiresAt.toISOString(),
    };
  }

  /** Emails a new one-time code to the link's recipient (it replaces any before it). */
  async sendCode(token: string, address: string): Promise<void> {
    await this.throttle(address);
    const outcome = await this.dataSource.transaction(async (tx) => {
      const found = await this.usableLink(tx, token);
      if (!found.ok) return found;
      const { link } = found;
      const now = this.clock.now();
      if (
        (await this.repository.countCodesSince(tx, link.recipientId, new Date(now.getTime() - HOUR_MS))) >=
        CIRCULATION_LIMITS.codesPerHour
      ) {
        return this.refuse(tx, link, 'hourly-limit', new DomainError('RateLimited', RECORD_LINK_TOO_MANY));
      }
      const code = String(randomInt(0, 10 ** CIRCULATION_LIMITS.codeLength)).padStart(
        CIRCULATION_LIMITS.codeLength,
        '0',
      );
      const codeId = await this.repository.insertCode(tx, {
        recipientId: link.recipientId,
        codeHash: this.hash(link.recipientId, code),
        createdAt: now,
        expiresAt: new Date(now.getTime() + CIRCULATION_LIMITS.codeLifetimeMinutes * 60_000),
      });
      await this.audit.record(tx, {
        type: 'record.recipient-code-sent',
        actor: null,
        meetingId: link.meetingId,
        subject: { type: 'record-recipient', id: link.recipientId },
        details: { recipientId: link.recipientId, codeId },
      });
      return { ok: true as const, link, code };
    });
    if (!outcome.ok) throw outcome.error;
    await this.mail.send(recordLinkCodeEmail(outcome.link.email, outcome.link, outcome.code));
  }

  /**
   * Checks the code and answers with the recipient's version as PDF, audited
   * as `record.recipient-downloaded` (version, variant, SHA-256) in the same
   * transaction that spends the code and the link.
   */
  async download(token: string, code: string, address: string): Promise<SealedRecordDownload> {
    const throttled = !(await this.takeTry(address));
    const outcome = await this.dataSource.transaction(async (tx) => {
      const found = await this.usableLink(tx, token);
      if (!found.ok) return found;
      const { link } = found;
      const refused = new DomainError('InvalidCredentials', RECORD_LINK_CODE_REFUSED);
      if (throttled) return this.refuse(tx, link, 'throttled', new DomainError('RateLimited', RECORD_LINK_TOO_MANY));
      const latest = await this.repository.findLatestCode(tx, link.recipientId);
      if (!latest) return this.refuse(tx, link, 'no-code', refused);
      const codeId = latest.id;
      if (latest.usedAt) return this.refuse(tx, link, 'used', refused, { codeId });
      if (latest.attempts >= CIRCULATION_LIMITS.codeMaxAttempts)
        return this.refuse(tx, link, 'spent', refused, { codeId });
      if (latest.expiresAt.getTime() <= this.clock.now().getTime())
        return this.refuse(tx, link, 'expired', refused, { codeId });
      if (!timingSafeEqual(latest.codeHash, this.hash(link.recipientId, code))) {
        const attempts = await this.repository.addCodeAttempt(tx, codeId);
        const spent = attempts >= CIRCULATION_LIMITS.codeMaxAttempts;
        return this.refuse(tx, link, 'wrong', refused, { codeId, attempts, spent });
      }
      const file = await this.records.findFile(link.meetingId, link.version, link.variant, 'pdf');
      if (!file) throw new DomainError('NotFound', RECORD_LINK_UNKNOWN);
      const now = this.clock.now();
      await this.repository.markCodeUsed(tx, codeId, now);
      await this.repository.markLinkUsed(tx, link.recipientId, now);
      await this.audit.record(tx, {
        type: 'record.recipient-downloaded',
        actor: null,
        meetingId: link.meetingId,
        subject: { type: 'record-recipient', id: link.recipientId },
        details: {
          recipientId: link.recipientId,
          sealedRecordId: file.id,
          version: link.version,
          variant: link.variant,
          format: 'pdf',
          sha256: file.sha256,
          codeId,
        },
      });
      return { ok: true as const, link, file };
    });
    if (!outcome.ok) throw outcome.error;
    const { link, file } = outcome;
    return {
      bytes: file.bytes,
      sha256: file.sha256,
      contentType: 'application/pdf',
      fileName: sealedRecordFileName(link.reference, link.version, link.variant, 'pdf'),
    };
  }

  private async throttle(address: string): Promise<void> {
    if (!(await this.takeTry(address))) throw new DomainError('RateLimited', RECORD_LINK_TOO_MANY);
  }

  /**
   * Takes one of the address's requests (CIRCULATION_LIMITS.attemptsPerAddress
   * per window); false when none is left, until the window has passed. Counted
   * across every instance when REDIS_URL is set (SharedThrottlerStorage), in
   * memory otherwise.
   */
  private takeTry(address: string): Promise<boolean> {
    return this.throttles.take('record-link', address, CIRCULATION_LIMITS.attemptsPerAddress, ADDRESS_WINDOW_MS);
  }

  /** The link, locked, if it exists, has not expired and has not been used; else the refusal (audited). */
  private async usableLink(tx: EntityManager, token: string): Promise<{ ok: true; link: LinkRow } | Refused> {
    const link = await this.repository.lockLink(tx, hashLinkToken(token));
    if (!link) return { ok: false, error: new DomainError('NotFound', RECORD_LINK_UNKNOWN) };
    if (link.usedAt) return this.refuse(tx, link, 'link-used', new DomainError('Conflict', RECORD_LINK_USED));
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) {
      return this.refuse(tx, link, 'link-expired', new DomainError('Conflict', RECORD_LINK_EXPIRED));
    }
    return { ok: true, link };
  }

  /**
   * Audits a refusal in the transaction, which then commits (nothing else in
   * it changed, or only a wrong try's count) before the error is thrown.
   */
  private async refuse(
    tx: EntityManager,
    link: LinkRow,
    reason: RecordLinkRefusal,
    error: DomainError,
    details: Record<string, string | number | boolean> = {},
  ): Promise<Refused> {
    await this.audit.record(tx, {
      type: 'record.recipient-code-refused',
      outcome: 'refused',
      actor: null,
      meetingId: link.meetingId,
      subject: { type: 'record-recipient', id: link.recipientId },
      details: { recipientId: link.recipientId, reason, ...details },
    });
    return { ok: false, error };
  }

  /** The keyed hash of a code: HMAC-SHA256 under the circulation code key, bound to the recipient. */
  private hash(recipientId: string, code: string): Buffer {
    return createHmac('sha256', this.codeKey).update(`${recipientId}:${code}`).digest();
  }
}
