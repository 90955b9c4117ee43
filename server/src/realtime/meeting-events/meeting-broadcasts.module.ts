import { Global, Module } from '@nestjs/common';
import { MeetingBroadcasts } from '../../meeting';
import { MeetingBroadcaster } from './meeting-broadcaster';

/** Global: it provides the meeting area's MeetingBroadcasts (scores, attendance, sealed record versions, family activity) on the `/meetings` namespace. */
@Global()
@Module({
  providers: [MeetingBroadcaster, { provide: MeetingBroadcasts, useExisting: MeetingBroadcaster }],
  exports: [MeetingBroadcaster, MeetingBroadcasts],
})
export class MeetingBroadcastsModule {}
