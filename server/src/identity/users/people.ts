import type { PersonRef } from '@roundtable/shared/decisions';

/** People by user id, as decisions and actions show them to other members. */
export type People = ReadonlyMap<string, PersonRef>;

/** The person for a user id that must have been loaded. */
export function personOf(people: People, userId: string): PersonRef {
  const person = people.get(userId);
  if (!person) throw new Error(`person ${userId} was not loaded`);
  return person;
}
