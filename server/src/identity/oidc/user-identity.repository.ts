import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { UserIdentityEntity } from './user-identity.entity';

/** `user_identities`: links between users and their (issuer, subject) at identity providers. */
@Injectable()
export class UserIdentityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByIssuerSubject(issuer: string, subject: string): Promise<UserIdentityEntity | null> {
    return this.dataSource.manager.findOneBy(UserIdentityEntity, { issuer, subject });
  }

  /** Notes when the identity was last used to sign in. */
  async touch(issuer: string, subject: string, at: Date): Promise<void> {
    await this.dataSource.manager.update(UserIdentityEntity, { issuer, subject }, { lastSignedInAt: at });
  }

  /** Links an identity to a user, inside the caller's transaction. A linked identity fails with a unique violation. */
  async insert(tx: EntityManager, userId: string, issuer: string, subject: string): Promise<void> {
    await tx.insert(UserIdentityEntity, { userId, issuer, subject, lastSignedInAt: null });
  }

  /** Whether the user has a password, and the issuers of their linked identities; undefined for no such user. */
  async findSignInMethods(userId: string): Promise<{ password: boolean; issuers: string[] } | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT u.password_hash IS NOT NULL AS password,
              coalesce(array_agg(i.issuer) FILTER (WHERE i.issuer IS NOT NULL), '{}') AS issuers
         FROM users u LEFT JOIN user_identities i ON i.user_id = u.id
        WHERE u.id = $1 GROUP BY u.id`,
      [userId],
    )) as { password: boolean; issuers: string[] }[];
    return row;
  }
}
