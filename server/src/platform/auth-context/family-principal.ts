import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FamilyRelationship } from '@roundtable/shared/family';
import type { Request } from 'express';

/**
 * A family member signed in to one meeting with an emailed one-time code
 * (docs/FAMILY.md). Not a user account: no password, no membership, no
 * professional route. Bound to the one meeting it was invited to; its access
 * ends when that meeting's family access ends.
 */
export interface FamilyPrincipal {
  /** The family session (`family_sessions.id`). */
  sessionId: string;
  /** The invited family member (`family_participants.id`). */
  participantId: string;
  meetingId: string;
  displayName: string;
  relationship: FamilyRelationship;
}

export const FAMILY_ROUTE = 'roundtable:family-route';

/**
 * Marks a route (or controller) served to signed-in family members only: the
 * global SessionGuard then requires a live family session (the family cookie)
 * instead of a professional one. A professional's session never passes it and
 * a family session never passes any other route.
 */
export const FamilyRoute = () => SetMetadata(FAMILY_ROUTE, true);

/** The request's family member, set by SessionGuard on a @FamilyRoute(). */
export const CurrentFamilyMember = createParamDecorator((_data: unknown, ctx: ExecutionContext): FamilyPrincipal => {
  const request = ctx.switchToHttp().getRequest<Request & { family?: FamilyPrincipal }>();
  if (!request.family) throw new Error('CurrentFamilyMember used on a route without @FamilyRoute()');
  return request.family;
});
