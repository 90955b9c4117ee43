import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { MeetingLifecycleEvents } from '../lifecycle/meeting-lifecycle.events';
import { SealedRecordService } from './sealed-record.service';

/**
 * Seals the record when a discussion concludes and again after each
 * addendum's sign-off (the lifecycle runs these after its commit). At start,
 * seals anything a stopped process left unsealed.
 */
@Injectable()
export class SealedRecordListener implements OnApplicationBootstrap {
  private readonly logger = new Logger(SealedRecordListener.name);

  constructor(
    events: MeetingLifecycleEvents,
    private readonly records: SealedRecordService,
  ) {
    events.onConcluded(async (meetingId) => {
      await this.records.seal(meetingId, { kind: 'concluded' });
    });
    events.onAddendumSignedOff(async (meetingId, addendumId) => {
      await this.records.seal(meetingId, { kind: 'addendum', addendumId });
    });
  }

  onApplicationBootstrap(): void {
    // In the background: a start never waits for rendering.
    void this.records.sealOutstanding().then(
      (sealed) => {
        if (sealed > 0) this.logger.log({ event: 'records-sealed-at-start', sealed }, 'outstanding records sealed');
      },
      (error: unknown) =>
        this.logger.error(
          { event: 'records-seal-at-start-failed', error: (error as Error).name },
          'could not look for unsealed records',
        ),
    );
  }
}
