import { Module } from '@nestjs/common';
import {
  ActionsModule,
  AttendanceModule,
  ChildPagesModule,
  ConferencesModule,
  DecisionsModule,
  FamilyFacingModule,
  FamilyMembersModule,
  LifecycleModule,
  MeetingsModule,
  PlansModule,
  SafetyPlanModule,
} from '../meeting';
import { DemoPathwayService } from './demo-pathway.service';
import { DemoSeedService } from './demo-seed.service';
import { DemoStoryService } from './demo-story.service';
import { DemoRepository } from './demo.repository';

@Module({
  imports: [
    MeetingsModule,
    DecisionsModule,
    ActionsModule,
    LifecycleModule,
    SafetyPlanModule,
    AttendanceModule,
    FamilyFacingModule,
    FamilyMembersModule,
    ConferencesModule,
    PlansModule,
    ChildPagesModule,
  ],
  providers: [DemoSeedService, DemoStoryService, DemoPathwayService, DemoRepository],
})
export class DemoModule {}
