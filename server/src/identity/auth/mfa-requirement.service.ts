import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../platform';

/**
 * MFA_REQUIRED_FOR: whether a user's roles oblige them to use a second factor.
 * "chair" means chairing any strategy discussion that has not concluded (the
 * stricter of the simple rules: a chair who has not enrolled is held at the
 * enrolment page, rather than allowed in until they try a chair's action).
 */
@Injectable()
export class MfaRequirementService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'mfaRequiredFor'>,
  ) {}

  /** The user has a confirmed authenticator app. */
  async isEnrolled(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM user_mfa WHERE user_id = $1 AND enabled_at IS NOT NULL',
      [userId],
    );
    return rows.length > 0;
  }

  /** True when configuration requires MFA for one of the user's roles and they have not set it up. */
  async enrolmentRequired(user: { id: string; isAdmin: boolean; isAuditor: boolean }): Promise<boolean> {
    const required = this.config.mfaRequiredFor;
    if (required.length === 0) return false;
    const byAccountRole =
      (required.includes('admin') && user.isAdmin) || (required.includes('auditor') && user.isAuditor);
    const checkChair = !byAccountRole && required.includes('chair');
    if (!byAccountRole && !checkChair) return false;
    const [row] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM user_mfa WHERE user_id = $1 AND enabled_at IS NOT NULL) AS enrolled,
              ($2::boolean AND EXISTS (
                SELECT 1 FROM meeting_members mm JOIN meetings m ON m.id = mm.meeting_id
                 WHERE mm.user_id = $1 AND mm.role = 'chair' AND m.status <> 'concluded')) AS chairs`,
      [user.id, checkChair],
    )) as { enrolled: boolean; chairs: boolean }[];
    return !row?.enrolled && (byAccountRole || Boolean(row?.chairs));
  }
}
