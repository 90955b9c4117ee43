import type { PersonRef } from '@roundtable/shared/decisions';
import { type EntityManager, In } from 'typeorm';
import { UserEntity } from './user.entity';

/** People by user id, as decisions and actions show them to other members. */
export type People = ReadonlyMap<string, PersonRef>;

/** Loads the people behind some user ids (null ids and repeats are skipped). */
export async function loadPeople(manager: EntityManager, ids: Iterable<string | null>): Promise<People> {
  const unique = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const users = await manager.find(UserEntity, {
    select: { id: true, displayName: true, agency: true },
    where: { id: In(unique) },
  });
  return new Map(users.map((u) => [u.id, { userId: u.id, displayName: u.displayName, agency: u.agency }]));
}

/** The person for a user id that must have been loaded. */
export function personOf(people: People, userId: string): PersonRef {
  const person = people.get(userId);
  if (!person) throw new Error(`person ${userId} was not loaded`);
  return person;
}
