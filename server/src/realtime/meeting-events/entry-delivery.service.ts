import { Injectable } from '@nestjs/common';
import type { ActionResponse } from '@roundtable/shared/actions';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { MeetingActivity } from '@roundtable/shared/meeting-events';
import type { AudienceMember } from '@roundtable/shared/need-to-know';
import {
  actionFor,
  actionRedactionKey,
  decisionFor,
  decisionRedactionKey,
  MeetingsService,
  perReader,
} from '../../meeting';
import type { AuthenticatedUser } from '../../platform';
import { MeetingBroadcaster } from './meeting-broadcaster';

/**
 * Decisions and actions on `/meetings`, each reader their own copy
 * (docs/SECURITY.md "Restricted entries"): `decision:changed` and
 * `action:changed` go to each member's own room with the views and actions
 * they may not read withheld, and the sender's acknowledgement is redacted
 * for the sender the same way. The members are read after the change
 * committed, so a member added or removed meanwhile is counted as they are now.
 */
@Injectable()
export class EntryDeliveryService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly broadcaster: MeetingBroadcaster,
  ) {}

  /** Broadcasts a changed decision (when `activity` is set) and returns the sender's copy. */
  async decision(
    actor: AuthenticatedUser,
    meetingId: string,
    decision: DecisionResponse,
    activity: MeetingActivity | null,
  ): Promise<DecisionResponse> {
    const members = await this.meetings.audienceMembers(meetingId);
    if (activity) {
      const eventFor = perReader(decision, decisionRedactionKey, (member, data) => ({
        decision: decisionFor(member, data),
        activity,
      }));
      this.broadcaster.emitPerMember(meetingId, 'decision:changed', members, eventFor);
    }
    return decisionFor(readerOf(actor, members), decision);
  }

  /** Broadcasts a changed action (when `activity` is set) and returns the sender's copy. */
  async action(
    actor: AuthenticatedUser,
    meetingId: string,
    action: ActionResponse,
    activity: MeetingActivity | null,
  ): Promise<ActionResponse> {
    const members = await this.meetings.audienceMembers(meetingId);
    if (activity) {
      const eventFor = perReader(action, actionRedactionKey, (member, data) => ({
        action: actionFor(member, data),
        activity,
      }));
      this.broadcaster.emitPerMember(meetingId, 'action:changed', members, eventFor);
    }
    return actionFor(readerOf(actor, members), action);
  }
}

/** The sender as need-to-know sees them; one no longer a member reads as an observer would (the least). */
function readerOf(actor: AuthenticatedUser, members: readonly AudienceMember[]): AudienceMember {
  return members.find((m) => m.userId === actor.id) ?? { userId: actor.id, role: 'observer', agency: actor.agency };
}
