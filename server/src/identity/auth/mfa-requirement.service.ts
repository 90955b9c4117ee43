import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../platform';
import { MfaEnrolmentRepository } from './mfa-enrolment.repository';

/**
 * MFA_REQUIRED_FOR: whether a user's roles oblige them to use a second factor.
 * "chair" means chairing any strategy discussion that has not concluded (the
 * stricter of the simple rules: a chair who has not enrolled is held at the
 * enrolment page, rather than allowed in until they try a chair's action).
 */
@Injectable()
export class MfaRequirementService {
  constructor(
    private readonly enrolments: MfaEnrolmentRepository,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'mfaRequiredFor'>,
  ) {}

  /** The user has a confirmed authenticator app. */
  isEnrolled(userId: string): Promise<boolean> {
    return this.enrolments.isEnrolled(userId);
  }

  /** True when configuration requires MFA for one of the user's roles and they have not set it up. */
  async enrolmentRequired(user: { id: string; isAdmin: boolean; isAuditor: boolean }): Promise<boolean> {
    const required = this.config.mfaRequiredFor;
    if (required.length === 0) return false;
    const byAccountRole =
      (required.includes('admin') && user.isAdmin) || (required.includes('auditor') && user.isAuditor);
    const checkChair = !byAccountRole && required.includes('chair');
    if (!byAccountRole && !checkChair) return false;
    const row = await this.enrolments.findEnrolmentAndChairing(user.id, checkChair);
    return !row?.enrolled && (byAccountRole || Boolean(row?.chairs));
  }
}
