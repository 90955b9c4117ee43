import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LiveConnectionRegistry } from '../../platform';
import { MeetingRepository } from './meeting.repository';

/** How often open connections of invitees whose access has just ended are looked for. */
export const INVITEE_SWEEP_INTERVAL_MS = 60_000;

/**
 * Invitees' open connections when their access ends (member-access.ts). Every
 * new request, socket join, socket event, collab upgrade and download checks
 * membership afresh and refuses them at once; a connection already open (a
 * collab WebSocket, a joined `/meetings` socket) is closed by this sweep
 * within INVITEE_SWEEP_INTERVAL_MS of the end, exactly as a removal closes it
 * (LiveConnectionRegistry.revokeMeetingAccess, on every instance).
 */
@Injectable()
export class InviteeAccessSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(InviteeAccessSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  /** The end of the last sweep (the database's clock); null before the first: every lapse so far is swept once. */
  private sweptUntil: Date | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly repository: MeetingRepository,
    private readonly liveConnections: LiveConnectionRegistry,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.logger.error({ err }, 'invitee access sweep failed'));
    }, INVITEE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Closes the open connections of invitees whose access ended since the last sweep; answers how many lapsed. */
  sweep(): Promise<number> {
    this.running ??= this.sweepOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async sweepOnce(): Promise<number> {
    const { now, lapsed } = await this.repository.findLapsedSince(this.sweptUntil);
    for (const { meetingId, userId } of lapsed) {
      this.liveConnections.revokeMeetingAccess(meetingId, userId);
      this.logger.log({ event: 'invitee-access-ended', meetingId, userId }, 'invitee access ended');
    }
    this.sweptUntil = now;
    return lapsed.length;
  }
}
