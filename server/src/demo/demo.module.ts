import { Module } from '@nestjs/common';
import {
  ActionsModule,
  AttendanceModule,
  DecisionsModule,
  FamilyFacingModule,
  LifecycleModule,
  MeetingsModule,
  SafetyPlanModule,
} from '../meeting';
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
  ],
  providers: [DemoSeedService, DemoStoryService, DemoRepository],
})
export class DemoModule {}
