import { Injectable } from '@nestjs/common';
import type { CreateUserRequest, UserResponse } from '@roundtable/shared/schemas';
import { QueryFailedError } from 'typeorm';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { hashPassword } from './password-hasher';
import type { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

/** Who a user row is, as sessions and services see it (never the password hash). */
export function toAuthenticatedUser(user: UserEntity): AuthenticatedUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    jobTitle: user.jobTitle,
    agency: user.agency,
    organisation: user.organisation,
    isAdmin: user.isAdmin,
    isAuditor: user.isAuditor,
    canChair: user.canChair,
  };
}

/** Maps a user row to the API shape. */
export function toUserResponse(user: UserEntity): UserResponse {
  return toAuthenticatedUser(user);
}

@Injectable()
export class UsersService {
  constructor(private readonly users: UserRepository) {}

  /** Active (not disabled) user by email, or null. */
  findActiveByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findByEmail(email.toLowerCase()).then((u) => (u && !u.disabledAt ? u : null));
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findById(id);
  }

  /** Creates an account (admin CLI, demo seed). Throws EmailTaken if the email is in use. */
  async create(input: CreateUserRequest): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.users.insert({
        email: input.email.toLowerCase(),
        passwordHash,
        displayName: input.displayName,
        jobTitle: input.jobTitle,
        agency: input.agency,
        organisation: input.organisation ?? null,
        isAdmin: input.isAdmin,
        isAuditor: input.isAuditor,
        canChair: input.canChair,
        teamManager: input.teamManager ?? false,
        disabledAt: null,
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new DomainError('EmailTaken', `An account with the email ${input.email} already exists`);
      }
      throw error;
    }
  }

  /** Disables or re-enables an account. Returns the user, or throws UserNotFound. */
  async setDisabled(email: string, disabled: boolean): Promise<UserEntity> {
    const user = await this.users.findByEmail(email.toLowerCase());
    if (!user) throw new DomainError('UserNotFound', `No account has the email ${email}`);
    user.disabledAt = disabled ? (user.disabledAt ?? new Date()) : null;
    return this.users.save(user);
  }
}
