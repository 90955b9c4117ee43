/**
 * The realtime area's public surface: what other areas may import (lint allows nothing else).
 */
export { DocumentSnapshotEntity } from './collab/document-snapshot.entity';
export { DocumentUpdateEntity } from './collab/document-update.entity';
export { RealtimeModule } from './realtime.module';
