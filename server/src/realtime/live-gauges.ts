import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ClusterBus, type ClusterStatus, Metrics } from '../platform';
import { CollabDocumentRegistry } from './collab/collab-document-registry';
import { CollabGateway } from './collab/collab.gateway';
import { MeetingEventsGateway } from './meeting-events/meeting-events.gateway';

const REDIS_STATES: readonly ClusterStatus[] = ['up', 'down', 'disabled'];

/** The gauges read from live state when Prometheus scrapes: connections, documents in memory, Redis. */
@Injectable()
export class LiveGauges implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly collab: CollabGateway,
    private readonly documents: CollabDocumentRegistry,
    private readonly meetingEvents: MeetingEventsGateway,
    private readonly cluster: ClusterBus,
  ) {}

  onModuleInit(): void {
    this.metrics.addGauge({
      name: 'roundtable_open_connections',
      help: 'Open realtime connections to this instance, by channel: collab (y-websocket) or meetings (socket.io).',
      labelNames: ['channel'],
      collect: (gauge) => {
        gauge.set({ channel: 'collab' }, this.collab.connectionCount);
        gauge.set({ channel: 'meetings' }, this.meetingEvents.connectionCount);
      },
    });
    this.metrics.addGauge({
      name: 'roundtable_documents_in_memory',
      help: 'Shared documents loaded in this instance (unloaded a while after their last connection closes).',
      collect: (gauge) => gauge.set(this.documents.loadedCount),
    });
    this.metrics.addGauge({
      name: 'roundtable_redis_status',
      help: 'Link to Redis between instances: 1 for the current state (up, down, or disabled without REDIS_URL).',
      labelNames: ['status'],
      collect: (gauge) => {
        const current = this.cluster.status();
        for (const status of REDIS_STATES) gauge.set({ status }, status === current ? 1 : 0);
      },
    });
  }
}
