import { CaseSystemIdSchema, normaliseNhsNumber, type ChildRef } from '@roundtable/shared/pathway';
import { api } from '../api';

export type ChildSearchOutcome = { children: ChildRef[] } | { invalid: string };

/**
 * Finds children by what the user typed: an NHS number when it is a valid
 * one, a case-system ID when it could be one, both when it could be either.
 * Never by name (DOMAIN-PATHWAY §9.1 item 13).
 */
export async function findChildren(typed: string): Promise<ChildSearchOutcome> {
  const query = typed.trim();
  if (query === '') return { invalid: 'Enter a case-system ID or an NHS number' };
  const nhsNumber = normaliseNhsNumber(query);
  const couldBeCaseSystemId = CaseSystemIdSchema.safeParse(query).success;
  if (!nhsNumber && !couldBeCaseSystemId)
    return {
      invalid:
        'Enter a case-system ID (letters, numbers, hyphens, slashes and underscores) or a 10-digit NHS number, like 943 476 5919',
    };
  const searches = [
    ...(nhsNumber ? [api.children.search({ nhsNumber })] : []),
    ...(couldBeCaseSystemId ? [api.children.search({ caseSystemId: query })] : []),
  ];
  const found = new Map<string, ChildRef>();
  for (const response of await Promise.all(searches)) for (const child of response.children) found.set(child.id, child);
  return { children: [...found.values()] };
}
