import { Injectable, Logger } from '@nestjs/common';

/** What changed in a meeting's membership or time, after the change committed. Ids only. */
export type MembershipChange =
  | { kind: 'member-added'; meetingId: string; userId: string }
  | { kind: 'member-removed'; meetingId: string; userId: string }
  | { kind: 'rescheduled'; meetingId: string };

export type MembershipListener = (change: MembershipChange) => Promise<void>;

/**
 * Membership and schedule changes other features react to (calendar
 * invitations by email). Listeners run AFTER the change's transaction has
 * committed; a listener's failure is logged and never fails or undoes the
 * change (a mail server that is down never blocks adding a member).
 */
@Injectable()
export class MeetingMembershipEvents {
  private readonly logger = new Logger(MeetingMembershipEvents.name);
  private readonly listeners: MembershipListener[] = [];

  onChange(listener: MembershipListener): void {
    this.listeners.push(listener);
  }

  /** Runs every listener; resolves when all have settled. Never rejects. */
  async emit(change: MembershipChange): Promise<void> {
    const results = await Promise.allSettled(this.listeners.map((listener) => listener(change)));
    for (const result of results) {
      if (result.status === 'rejected') {
        const error = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        this.logger.error(
          { event: 'membership-listener-failed', change: change.kind, meetingId: change.meetingId, error: error.name },
          'a membership listener failed; the change itself stands',
        );
      }
    }
  }
}
