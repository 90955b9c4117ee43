import { AGENCY_LABELS, type Agency } from '@roundtable/shared/constants';

/** "Testshire Police (Police)", or the agency alone when the account has no organisation. */
export function organisationAndAgency(person: { agency: Agency; organisation: string | null }): string {
  const agency = AGENCY_LABELS[person.agency];
  return person.organisation ? `${person.organisation} (${agency})` : agency;
}
