import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What the MFA requirement asks of `user_mfa` (and of chair memberships), read on every authenticated request. */
@Injectable()
export class MfaEnrolmentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user has a confirmed authenticator app. */
  async isEnrolled(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM user_mfa WHERE user_id = $1 AND enabled_at IS NOT NULL',
      [userId],
    );
    return rows.length > 0;
  }

  /**
   * In one query: whether the user has a confirmed authenticator app, and (only when `checkChair`)
   * whether they chair a strategy discussion that has not concluded.
   */
  async findEnrolmentAndChairing(
    userId: string,
    checkChair: boolean,
  ): Promise<{ enrolled: boolean; chairs: boolean } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM user_mfa WHERE user_id = $1 AND enabled_at IS NOT NULL) AS enrolled,
              ($2::boolean AND EXISTS (
                SELECT 1 FROM meeting_members mm JOIN meetings m ON m.id = mm.meeting_id
                 WHERE mm.user_id = $1 AND mm.role = 'chair' AND m.status <> 'concluded')) AS chairs`,
      [userId, checkChair],
    )) as { enrolled: boolean; chairs: boolean }[];
    return row;
  }
}
