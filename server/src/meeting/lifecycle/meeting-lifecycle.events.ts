import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../platform';

export type ConcludedListener = (meetingId: string) => Promise<void>;
/** Runs inside the concluding transaction, with the meeting locked and already marked concluded. */
export type ConcludingListener = (tx: EntityManager, meetingId: string, actor: AuthenticatedUser) => Promise<void>;
export type AddendumSignedOffListener = (meetingId: string, addendumId: string) => Promise<void>;

/**
 * Lifecycle moments other features react to (the sealed record renders on
 * conclusion and on each addendum's sign-off). Listeners run AFTER the
 * change's transaction has committed: a listener's failure is logged and
 * never undoes the change, and no listener runs for a change that rolled back.
 * The exception is `onConcluding`, whose listeners are part of the conclusion.
 */
@Injectable()
export class MeetingLifecycleEvents {
  private readonly logger = new Logger(MeetingLifecycleEvents.name);
  private readonly concluding: ConcludingListener[] = [];
  private readonly concluded: ConcludedListener[] = [];
  private readonly addendumSignedOff: AddendumSignedOffListener[] = [];

  /**
   * Called once per meeting INSIDE the concluding transaction (a plan meeting
   * records the plan version it reviewed): what a listener writes commits
   * with the conclusion, and a listener's failure refuses the conclusion.
   */
  onConcluding(listener: ConcludingListener): void {
    this.concluding.push(listener);
  }

  /** Runs every in-transaction conclusion listener, one after another; a failure rejects (the conclusion rolls back). */
  async runConcluding(tx: EntityManager, meetingId: string, actor: AuthenticatedUser): Promise<void> {
    for (const listener of this.concluding) await listener(tx, meetingId, actor);
  }

  /** Called once per meeting, after the concluding transaction commits. */
  onConcluded(listener: ConcludedListener): void {
    this.concluded.push(listener);
  }

  /** Called after an addendum's sign-off commits. */
  onAddendumSignedOff(listener: AddendumSignedOffListener): void {
    this.addendumSignedOff.push(listener);
  }

  /** Runs every conclusion listener; resolves when all have settled. Never rejects. */
  async emitConcluded(meetingId: string): Promise<void> {
    await this.runAll(
      'concluded',
      { meetingId },
      this.concluded.map((l) => () => l(meetingId)),
    );
  }

  /** Runs every sign-off listener; resolves when all have settled. Never rejects. */
  async emitAddendumSignedOff(meetingId: string, addendumId: string): Promise<void> {
    await this.runAll(
      'addendum-signed-off',
      { meetingId, addendumId },
      this.addendumSignedOff.map((l) => () => l(meetingId, addendumId)),
    );
  }

  private async runAll(event: string, ids: Record<string, string>, calls: (() => Promise<void>)[]): Promise<void> {
    const results = await Promise.allSettled(calls.map((call) => call()));
    for (const result of results) {
      if (result.status === 'rejected') {
        // Name and message only: a listener's error must not carry case content into the log.
        const error = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
        this.logger.error(
          { event: 'lifecycle-listener-failed', lifecycleEvent: event, ...ids, error: error.name },
          'a meeting lifecycle listener failed; the change itself stands',
        );
      }
    }
  }
}
