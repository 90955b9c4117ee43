import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import type { People } from './people';
import { UserEntity } from './user.entity';

/** The people behind user ids, as decisions, actions and records show them to other members. */
@Injectable()
export class PeopleRepository {
  /** Loads the people behind some user ids (null ids and repeats are skipped), with the caller's manager or transaction. */
  async load(tx: EntityManager, ids: Iterable<string | null>): Promise<People> {
    const unique = [...new Set([...ids].filter((id): id is string => id !== null))];
    if (unique.length === 0) return new Map();
    const users = await tx.find(UserEntity, {
      select: { id: true, displayName: true, agency: true },
      where: { id: In(unique) },
    });
    return new Map(users.map((u) => [u.id, { userId: u.id, displayName: u.displayName, agency: u.agency }]));
  }
}
