import { Module } from '@nestjs/common';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { FamilyFgdmController, FgdmController } from './fgdm.controller';
import { FgdmRepository } from './fgdm.repository';
import { FgdmService } from './fgdm.service';

/**
 * Family group decision-making (docs/FAMILY.md): the coordinator's stages,
 * bottom lines, the family's presented plans, the professionals' response and
 * the support package. Its live draft is served by the realtime area, which
 * provides FamilyPlanConnections and LiveDocuments and asks
 * FgdmService.familyMayOpenPlan before a family member opens it.
 */
@Module({
  imports: [MeetingLockModule],
  controllers: [FgdmController, FamilyFgdmController],
  providers: [FgdmService, FgdmRepository],
  exports: [FgdmService, FgdmRepository],
})
export class FgdmModule {}
