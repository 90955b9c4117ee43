import { Module } from '@nestjs/common';
import { FamilyAccessModule } from '../../identity';
import { APP_CONFIG, type AppConfig, MailModule } from '../../platform';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { RecordsModule } from '../sealed-records/records.module';
import { CIRCULATION_CODE_KEY, loadCirculationCodeKey } from './circulation-code-key';
import { CirculationController } from './circulation.controller';
import { CirculationRepository } from './circulation.repository';
import { CirculationService } from './circulation.service';
import { RecordLinksController } from './record-links.controller';
import { RecordLinksService } from './record-links.service';

/**
 * Circulating the sealed record (docs/CIRCULATION.md): the chair sends it to
 * members, non-members and family members; non-members download their version
 * through an expiring link and a one-time code. Needs the global AuditModule.
 */
@Module({
  imports: [RecordsModule, MeetingLockModule, FamilyAccessModule, MailModule],
  controllers: [CirculationController, RecordLinksController],
  providers: [
    CirculationService,
    RecordLinksService,
    CirculationRepository,
    {
      provide: CIRCULATION_CODE_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadCirculationCodeKey(config),
    },
  ],
})
export class CirculationModule {}
