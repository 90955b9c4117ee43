import type { PersonRef } from '@roundtable/shared/decisions';
import type { EntityManager } from 'typeorm';
import { PeopleRepository } from './people.repository';

/** People by user id, as decisions and actions show them to other members. */
export type People = ReadonlyMap<string, PersonRef>;

/**
 * Loads the people behind some user ids (null ids and repeats are skipped).
 * @deprecated Inject PeopleRepository (exported by UsersModule) and call `load`; this stays only until the
 * meeting and realtime areas' loaders have moved into their repositories.
 */
export function loadPeople(manager: EntityManager, ids: Iterable<string | null>): Promise<People> {
  return new PeopleRepository().load(manager, ids);
}

/** The person for a user id that must have been loaded. */
export function personOf(people: People, userId: string): PersonRef {
  const person = people.get(userId);
  if (!person) throw new Error(`person ${userId} was not loaded`);
  return person;
}
