import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { DecisionsModule } from '../decisions/decisions.module';
import { FamilyFacingModule } from '../family-facing/family-facing.module';
import { FgdmModule } from '../fgdm/fgdm.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlansModule } from '../plans/plans.module';
import { RecordExportStoreModule } from '../record-export/record-export-store.module';
import { TemplatesModule } from '../templates/templates.module';
import { SealedRecordDownloadsService } from './sealed-record-downloads.service';
import { PathwayRecordReader } from './record-pathway';
import { SealedRecordListener } from './sealed-record.listener';
import { SealedRecordModelBuilder } from './sealed-record-model.builder';
import { SealedRecordSourcesRepository } from './sealed-record-sources.repository';
import { SealedRecordRepository } from './sealed-record.repository';
import { SealedRecordService } from './sealed-record.service';
import { SealedRecordsController } from './sealed-records.controller';

/**
 * The sealed record: rendered to accessible HTML and tagged PDF (full and
 * family versions) when a discussion concludes and after each addendum's
 * sign-off, stored with SHA-256 hashes, and downloaded through
 * GET /api/meetings/:id/records[/:version/:variant.:format]. Needs the global
 * AuditModule and MeetingLifecycleEventsModule.
 */
@Module({
  imports: [
    MeetingsModule,
    TemplatesModule,
    DecisionsModule,
    ActionsModule,
    FamilyFacingModule,
    ConferencesModule,
    PlansModule,
    FgdmModule,
    RecordExportStoreModule,
  ],
  controllers: [SealedRecordsController],
  providers: [
    SealedRecordService,
    SealedRecordModelBuilder,
    SealedRecordDownloadsService,
    SealedRecordListener,
    PathwayRecordReader,
    SealedRecordRepository,
    SealedRecordSourcesRepository,
  ],
  exports: [
    SealedRecordService,
    SealedRecordModelBuilder,
    SealedRecordSourcesRepository,
    SealedRecordDownloadsService,
    SealedRecordRepository,
  ],
})
export class RecordsModule {}
