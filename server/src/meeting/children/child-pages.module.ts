import { Module } from '@nestjs/common';
import { ConferencesModule } from '../conferences/conferences.module';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlansModule } from '../plans/plans.module';
import { CaseloadController } from './caseload.controller';
import { CaseloadRepository } from './caseload.repository';
import { CaseloadService } from './caseload.service';
import { ChildIdentityService } from './child-identity.service';
import { ChildPageService } from './child-page.service';
import { ChildrenController } from './children.controller';
import { ChildrenModule } from './children.module';
import { ChronologyRepository } from './chronology.repository';
import { MeetingChildrenController } from './meeting-children.controller';
import { MeetingChildrenRepository } from './meeting-children.repository';
import { MeetingChildrenService } from './meeting-children.service';

/**
 * The HTTP side of children's records (docs/PATHWAY.md): the child's page and
 * chronology, corrections, the MACPT caseload, and adding or removing a
 * child before a meeting concludes. Separate from ChildrenModule, which
 * meetings import to name children when convening: this one sits above
 * meetings and the plan (ChildPathwayService).
 */
@Module({
  imports: [ChildrenModule, MeetingsModule, MeetingLockModule, PlansModule, ConferencesModule],
  controllers: [ChildrenController, CaseloadController, MeetingChildrenController],
  providers: [
    ChildPageService,
    ChildIdentityService,
    ChronologyRepository,
    CaseloadService,
    CaseloadRepository,
    MeetingChildrenService,
    MeetingChildrenRepository,
  ],
  // The demo names the LCPP; the dashboard lists the children with overdue timescales.
  exports: [ChildIdentityService, CaseloadService],
})
export class ChildPagesModule {}
