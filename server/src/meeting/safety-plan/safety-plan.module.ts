import { Module } from '@nestjs/common';
import { UsersModule } from '../../identity';
import { MeetingLockModule } from '../meetings/meeting-lock.module';
import { SafetyPlanController } from './safety-plan.controller';
import { SafetyPlanScoreRepository } from './safety-plan-score.repository';
import { SafetyPlanScoresService } from './safety-plan-scores.service';

/**
 * The safety plan (DOMAIN.md §5): its text is the meeting's second live
 * document (`meetings/<id>/safety-plan`, served by CollabModule); this module
 * owns the per-agency Signs of Safety scaling scores.
 */
@Module({
  imports: [MeetingLockModule, UsersModule],
  controllers: [SafetyPlanController],
  providers: [SafetyPlanScoresService, SafetyPlanScoreRepository],
  exports: [SafetyPlanScoresService],
})
export class SafetyPlanModule {}
