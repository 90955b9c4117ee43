import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  MfaEnrolmentResponse,
  MfaStatusResponse,
  MfaVerifyRequest,
  RecoveryCodesResponse,
} from '@roundtable/shared/mfa';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource, type EntityManager } from 'typeorm';
import { auditActor, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { MfaRequirementService } from '../auth/mfa-requirement.service';
import { AttemptLimiter, type AttemptResult } from './attempt-limiter.service';
import { MFA_ENCRYPTION_KEY } from './mfa.tokens';
import { MfaRepository } from './mfa.repository';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes';
import { open, seal } from './secret-box';

/** Name shown in authenticator apps. */
const ISSUER = 'Roundtable';
/** Codes from the step before and after the current one are accepted (clock drift), each only once. */
const EPOCH_TOLERANCE_SECONDS = 30;

export type SecondFactor = { code: string } | { recoveryCode: string };
export type SecondFactorMethod = 'totp' | 'recovery-code';

const WRONG_CODE = 'The code is not right. Check your authenticator app and try again';
const WRONG_RECOVERY_CODE = 'The recovery code is not right, or it has been used already';

/**
 * TOTP (RFC 6238) with one-time recovery codes. Secrets are encrypted with a
 * key kept outside the database; a code's time step is accepted once per
 * user (replay); recovery codes are stored as hashes and used once.
 */
@Injectable()
export class MfaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mfa: MfaRepository,
    @Inject(MFA_ENCRYPTION_KEY) private readonly key: Buffer,
    private readonly audit: AuditService,
    private readonly limiter: AttemptLimiter,
    private readonly requirement: MfaRequirementService,
  ) {}

  async status(user: AuthenticatedUser): Promise<MfaStatusResponse> {
    const row = await this.mfa.findStatus(user.id);
    return {
      enabled: Boolean(row?.enabled),
      enrolmentRequired: await this.requirement.enrolmentRequired(user),
      recoveryCodesRemaining: row?.remaining ?? 0,
    };
  }

  /** A new secret to add to an authenticator app; not in force until confirmed with a code. */
  async beginEnrolment(user: AuthenticatedUser): Promise<MfaEnrolmentResponse> {
    const secret = generateSecret();
    const sealed = seal(this.key, secret, boundTo(user.id));
    if (!(await this.mfa.upsertUnconfirmed(user.id, sealed))) {
      throw new DomainError('Conflict', 'Two-factor authentication is already set up. Turn it off to use another app');
    }
    const otpauthUri = generateURI({ issuer: ISSUER, label: user.email, secret });
    // qrcode loads with the first enrolment, not at boot.
    const { default: QRCode } = await import('qrcode');
    const qrCodeSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUri, qrCodeSvg };
  }

  /** The first code from the app turns MFA on and issues recovery codes (shown once). */
  async confirmEnrolment(user: AuthenticatedUser, code: string): Promise<RecoveryCodesResponse> {
    return this.limiter.attempt(user, 'auth.mfa-failed', async (tx) => {
      const row = await this.mfa.lockAuthenticator(tx, user.id);
      if (!row || row.enabledAt) {
        return refused('no-enrolment', new DomainError('Conflict', 'Start setting up two-factor authentication again'));
      }
      const result = await verify({
        secret: open(this.key, row.secretEncrypted, boundTo(user.id)),
        token: code,
        epochTolerance: EPOCH_TOLERANCE_SECONDS,
      });
      if (!result.valid) return refused('wrong-code', new DomainError('InvalidMfaCode', WRONG_CODE));
      await this.mfa.enable(tx, user.id, timeStepOf(result));
      const recoveryCodes = await this.replaceRecoveryCodes(tx, user.id);
      await this.audit.record(tx, {
        type: 'auth.mfa-enrolled',
        actor: auditActor(user),
        subject: { type: 'user', id: user.id },
      });
      return { ok: true, value: { recoveryCodes } };
    });
  }

  /** Turns MFA off (the route requires a fresh step-up); a role that requires it must enrol again. */
  async disable(user: AuthenticatedUser): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const deleted = await this.mfa.deleteAuthenticator(tx, user.id);
      await this.mfa.deleteRecoveryCodes(tx, user.id);
      if (!deleted?.enabledAt) throw new DomainError('Conflict', 'Two-factor authentication is not set up');
      await this.audit.record(tx, {
        type: 'auth.mfa-disabled',
        actor: auditActor(user),
        subject: { type: 'user', id: user.id },
      });
    });
  }

  /** Replaces every recovery code with a new set (the route requires a fresh step-up). */
  async regenerateRecoveryCodes(user: AuthenticatedUser): Promise<RecoveryCodesResponse> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.mfa.lockEnabled(tx, user.id)))
        throw new DomainError('Conflict', 'Two-factor authentication is not set up');
      const recoveryCodes = await this.replaceRecoveryCodes(tx, user.id);
      await this.audit.record(tx, {
        type: 'auth.recovery-codes-generated',
        actor: auditActor(user),
        subject: { type: 'user', id: user.id },
        details: { count: recoveryCodes.length },
      });
      return { recoveryCodes };
    });
  }

  /**
   * Checks a second factor inside the caller's attempt (AttemptLimiter):
   * a TOTP code newer than the last one accepted, or an unused recovery
   * code, which is used up. Refusals say which kind was wrong, not why.
   */
  async checkSecondFactor(
    tx: EntityManager,
    user: { id: string; agency: AuthenticatedUser['agency'] },
    factor: SecondFactor | MfaVerifyRequest,
  ): Promise<AttemptResult<SecondFactorMethod>> {
    const row = await this.mfa.lockEnabledAuthenticator(tx, user.id);
    if (!row) return refused('not-enrolled', new DomainError('InvalidMfaCode', WRONG_CODE));
    if ('recoveryCode' in factor) {
      if (!(await this.mfa.useRecoveryCode(tx, user.id, hashRecoveryCode(factor.recoveryCode)))) {
        return refused('wrong-recovery-code', new DomainError('InvalidMfaCode', WRONG_RECOVERY_CODE));
      }
      const remaining = await this.mfa.countUnusedRecoveryCodes(tx, user.id);
      await this.audit.record(tx, {
        type: 'auth.recovery-code-used',
        actor: { userId: user.id, agency: user.agency },
        subject: { type: 'user', id: user.id },
        details: { remaining },
      });
      return { ok: true, value: 'recovery-code' };
    }
    const result = await verify({
      secret: open(this.key, row.secretEncrypted, boundTo(user.id)),
      token: factor.code,
      epochTolerance: EPOCH_TOLERANCE_SECONDS,
      ...(row.lastUsedStep === null ? {} : { afterTimeStep: Number(row.lastUsedStep) }),
    });
    if (!result.valid) return refused('wrong-code', new DomainError('InvalidMfaCode', WRONG_CODE));
    await this.mfa.setLastUsedStep(tx, user.id, timeStepOf(result));
    return { ok: true, value: 'totp' };
  }

  private async replaceRecoveryCodes(tx: EntityManager, userId: string): Promise<string[]> {
    const codes = generateRecoveryCodes();
    await this.mfa.deleteRecoveryCodes(tx, userId);
    await this.mfa.insertRecoveryCodes(tx, userId, codes.map(hashRecoveryCode));
    return codes;
  }
}

/** The TOTP time step a valid code matched (otplib's result type is shared with HOTP, which has none). */
const timeStepOf = (result: { valid: true }) => (result as unknown as { timeStep: number }).timeStep;

/** The additional data a user's sealed secret is bound to. */
const boundTo = (userId: string) => `user_mfa:${userId}`;

function refused<T>(reason: string, error: DomainError): AttemptResult<T> {
  return { ok: false, reason, error };
}
