import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module';
import { RecordsModule } from '../sealed-records/records.module';
import { IntegrationRecordsController, RecordExportController, SchemasController } from './record-export.controller';
import { RecordExportStoreModule } from './record-export-store.module';
import { RecordExportService } from './record-export.service';

/**
 * The versioned JSON export of sealed records (docs/INTEGRATIONS.md): stored
 * when a version is sealed (RecordsModule writes it through
 * RecordExportStoreModule), read by members and by service accounts, and its
 * published JSON Schema. Needs the global AuditModule.
 */
@Module({
  imports: [MeetingsModule, RecordsModule, RecordExportStoreModule],
  controllers: [RecordExportController, IntegrationRecordsController, SchemasController],
  providers: [RecordExportService],
})
export class RecordExportModule {}
