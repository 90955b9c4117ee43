import { Module } from '@nestjs/common';
import {
  ActionsModule,
  AttendanceModule,
  DecisionsModule,
  LifecycleModule,
  MeetingsModule,
  SafetyPlanModule,
} from '../meeting';
import { DemoSeedService } from './demo-seed.service';
import { DemoStoryService } from './demo-story.service';
import { DemoRepository } from './demo.repository';

@Module({
  imports: [MeetingsModule, DecisionsModule, ActionsModule, LifecycleModule, SafetyPlanModule, AttendanceModule],
  providers: [DemoSeedService, DemoStoryService, DemoRepository],
})
export class DemoModule {}
