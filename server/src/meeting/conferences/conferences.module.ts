import { Module } from '@nestjs/common';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { AgencyReportsService } from './agency-reports.service';
import { ConferencesController } from './conferences.controller';
import { ConferencesRepository } from './conferences.repository';
import { ConveningRules } from './convening-rules';
import { IndependentChairRule } from './independent-chair';
import { MeetingPartsService } from './meeting-parts.service';
import { MeetingTypesController } from './meeting-types.controller';
import { MeetingTypesService } from './meeting-types.service';

/**
 * Meeting types (GET /api/meeting-types, MEETING_TYPES_FILE), the convening
 * rules and the independent conference chair (called by MeetingsService),
 * agency reports and parts held without the parents. Imports nothing of the
 * meeting area but its lock, so meetings, decisions, the lifecycle and the
 * sealed record can all import it.
 */
@Module({
  imports: [MeetingLockModule],
  controllers: [MeetingTypesController, ConferencesController],
  providers: [
    MeetingTypesService,
    ConveningRules,
    IndependentChairRule,
    AgencyReportsService,
    MeetingPartsService,
    ConferencesRepository,
  ],
  exports: [
    MeetingTypesService,
    ConveningRules,
    IndependentChairRule,
    AgencyReportsService,
    MeetingPartsService,
    ConferencesRepository,
  ],
})
export class ConferencesModule {}
