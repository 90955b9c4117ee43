import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CollabModule } from '../../realtime/collab/collab.module';
import { MeetingEventsModule } from '../../realtime/meeting-events/meeting-events.module';
import { LiveGauges } from '../../realtime/live-gauges';
import { MeetingEventMetricsInterceptor } from '../../realtime/meeting-events/meeting-event-metrics.interceptor';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';

/**
 * Prometheus metrics at GET /api/metrics (with METRICS_TOKEN). Global so the
 * collab write path can record into `Metrics`, which depends on nothing.
 */
@Global()
@Module({
  imports: [CollabModule, MeetingEventsModule],
  controllers: [MetricsController],
  providers: [Metrics, LiveGauges, { provide: APP_INTERCEPTOR, useClass: MeetingEventMetricsInterceptor }],
  exports: [Metrics],
})
export class MetricsModule {}
