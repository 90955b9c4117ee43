import { z } from 'zod';

/**
 * Family members taking part (DOMAIN-PATHWAY §7, docs/FAMILY.md): parents,
 * carers, young people and the family network, invited to one meeting by its
 * chair or coordinator. They sign in with a one-time code emailed to the
 * address they were invited with, never a password, and see only the family
 * view of that meeting.
 */
export const FAMILY_RELATIONSHIPS = ['parent', 'carer', 'young-person', 'family-network'] as const;
export type FamilyRelationship = (typeof FAMILY_RELATIONSHIPS)[number];
export const FamilyRelationshipSchema = z.enum(FAMILY_RELATIONSHIPS, {
  error: `Relationship must be one of: ${FAMILY_RELATIONSHIPS.join(', ')}`,
});
export const FAMILY_RELATIONSHIP_LABELS: Record<FamilyRelationship, string> = {
  parent: 'Parent or person with parental responsibility',
  carer: 'Carer',
  'young-person': 'Young person',
  'family-network': 'Family network member',
};

export const FAMILY_LIMITS = {
  displayNameMaxLength: 120,
  emailMaxLength: 254,
  /** Digits in a one-time sign-in code. */
  codeLength: 6,
  /** How long a code lasts. */
  codeLifetimeMinutes: 10,
  /** Wrong codes before a code is spent (a new one must be asked for). */
  codeMaxAttempts: 5,
  /** Codes one invitation may be sent in an hour. */
  codesPerHour: 5,
  /** How long a family session lasts without signing in again. */
  sessionHours: 8,
} as const;
