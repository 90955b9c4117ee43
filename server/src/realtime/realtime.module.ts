import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CollabModule } from './collab/collab.module';
import { LiveGauges } from './live-gauges';
import { MeetingEventMetricsInterceptor } from './meeting-events/meeting-event-metrics.interceptor';
import { MeetingEventsModule } from './meeting-events/meeting-events.module';

/**
 * The realtime area: the y-websocket endpoint and its live documents
 * (CollabModule, which also serves the meeting area's LiveDocuments), the
 * socket.io namespace /meetings, and their gauges and event counts in the
 * platform's Prometheus registry.
 */
@Module({
  imports: [CollabModule, MeetingEventsModule],
  providers: [LiveGauges, { provide: APP_INTERCEPTOR, useClass: MeetingEventMetricsInterceptor }],
})
export class RealtimeModule {}
