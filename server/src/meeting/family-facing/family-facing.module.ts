import { Module } from '@nestjs/common';
import { MeetingChangesModule } from '../changes/meeting-changes.module';
import { TemplatesModule } from '../templates/templates.module';
import { FamilyFacingRepository } from './family-facing.repository';
import { FamilyFacingService } from './family-facing.service';

/** Family-facing marks: what the chair chooses for the family version, set through the `/meetings` events. */
@Module({
  imports: [MeetingChangesModule, TemplatesModule],
  providers: [FamilyFacingService, FamilyFacingRepository],
  exports: [FamilyFacingService],
})
export class FamilyFacingModule {}
