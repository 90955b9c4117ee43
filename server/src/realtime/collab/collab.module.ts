import { Global, Module } from '@nestjs/common';
import { UsersModule } from '../../identity';
import {
  CompartmentsModule,
  FamilyPlanConnections,
  FgdmModule,
  LiveDocuments,
  MeetingsModule,
  TemplatesModule,
} from '../../meeting';
import { RealtimeAccessModule } from '../access/realtime-access.module';
import { CollabAccessService } from './collab-access.service';
import { CollabConnectionsService } from './collab-connections.service';
import { CollabDocumentRegistry } from './collab-document-registry';
import { CollabFamilyPlanConnections } from './collab-family-plan-connections';
import { CollabLiveDocuments } from './collab-live-documents';
import { CollabRelay } from './collab-relay.service';
import { CollabController } from './collab.controller';
import { CollabGateway } from './collab.gateway';
import { DocumentEditAudit } from './document-edit-audit.service';
import { DocumentIntegrityService } from './document-integrity.service';
import { DocumentStore } from './document-store.service';
import { DocumentRepository } from './document.repository';
import { InlineMarkMigrationRepository } from './inline-mark-migration.repository';
import { InlineMarkMigration } from './inline-mark-migration.service';
import { RecordHistoryController } from './record-history.controller';
import { RecordHistoryService } from './record-history.service';

/**
 * Live co-editing: the y-websocket endpoint at /collab/<document>, one-use
 * tickets (POST /api/collab/tickets), the durable update log and snapshots,
 * and the auditors' record history (GET /api/audit/meetings/:id/record-history).
 * Needs the global PlatformModule (APP_CONFIG, LiveConnectionRegistry) and TypeORM.
 * Global: it provides the meeting area's LiveDocuments and FamilyPlanConnections.
 */
@Global()
@Module({
  imports: [RealtimeAccessModule, MeetingsModule, TemplatesModule, UsersModule, CompartmentsModule, FgdmModule],
  controllers: [CollabController, RecordHistoryController],
  providers: [
    CollabGateway,
    CollabAccessService,
    CollabConnectionsService,
    CollabDocumentRegistry,
    CollabRelay,
    DocumentRepository,
    DocumentStore,
    DocumentEditAudit,
    DocumentIntegrityService,
    RecordHistoryService,
    InlineMarkMigration,
    InlineMarkMigrationRepository,
    { provide: LiveDocuments, useClass: CollabLiveDocuments },
    { provide: FamilyPlanConnections, useClass: CollabFamilyPlanConnections },
  ],
  exports: [CollabDocumentRegistry, CollabGateway, LiveDocuments, FamilyPlanConnections],
})
export class CollabModule {}
