import { Module } from '@nestjs/common';
import { RecordExportRepository } from './record-export.repository';

/** The exports' table, for the sealing transaction (RecordsModule) and the export routes. */
@Module({ providers: [RecordExportRepository], exports: [RecordExportRepository] })
export class RecordExportStoreModule {}
