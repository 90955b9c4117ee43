import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';

/**
 * Prometheus metrics at GET /api/metrics (with METRICS_TOKEN). Global: any area
 * records into `Metrics` or adds gauges read at scrape time (the realtime
 * area's live gauges); it depends on nothing but the config.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics],
  exports: [Metrics],
})
export class MetricsModule {}
