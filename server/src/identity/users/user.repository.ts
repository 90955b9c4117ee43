import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { UserEntity } from './user.entity';

/** The columns a new account is created with (id and created_at come from the database). */
export type NewUser = Pick<
  UserEntity,
  | 'email'
  | 'passwordHash'
  | 'displayName'
  | 'jobTitle'
  | 'agency'
  | 'organisation'
  | 'isAdmin'
  | 'isAuditor'
  | 'canChair'
  | 'disabledAt'
> &
  Partial<Pick<UserEntity, 'teamManager'>>;

/** The `users` table. Emails are matched as given: callers lower-case them. */
@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * The person's account with this email, disabled or not. Never a service
   * account: nobody signs in as one, links an identity to one or adds one to a meeting.
   */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email, kind: 'person' });
  }

  /** As `findByEmail`, inside the caller's transaction. */
  findByEmailIn(tx: EntityManager, email: string): Promise<UserEntity | null> {
    return tx.findOneBy(UserEntity, { email, kind: 'person' });
  }

  /** Inserts an account and returns it as stored. A taken email fails with the unique violation (23505). */
  insert(user: NewUser): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  /** As `insert`, inside the caller's transaction. */
  insertIn(tx: EntityManager, user: NewUser): Promise<UserEntity> {
    return tx.save(tx.create(UserEntity, user));
  }

  /** Writes a changed account back. */
  save(user: UserEntity): Promise<UserEntity> {
    return this.users.save(user);
  }
}
