import { Module } from '@nestjs/common';
import { FamilyFacingModule } from '../family-facing/family-facing.module';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { RecordsModule } from '../sealed-records/records.module';
import { FamilyParticipationController } from './family-participation.controller';
import { FamilyViewController } from './family-view.controller';
import { FamilyViewRepository } from './family-view.repository';
import { FamilyViewService } from './family-view.service';

/**
 * The family view (docs/FAMILY.md "The family view"): what a signed-in family
 * member sees and does in their meeting (/api/family/...), and the family's
 * participation as professionals see it (/api/meetings/:id/family-...).
 */
@Module({
  imports: [MeetingLockModule, RecordsModule, FamilyFacingModule],
  controllers: [FamilyViewController, FamilyParticipationController],
  providers: [FamilyViewService, FamilyViewRepository],
})
export class FamilyViewModule {}
