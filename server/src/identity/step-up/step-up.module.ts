import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MfaModule } from '../mfa/mfa.module';
import { UsersModule } from '../users/users.module';
import { StepUpController } from './step-up.controller';
import { StepUpService } from './step-up.service';

/** POST /api/auth/step-up; the guard and check for protected actions are in step-up.ts (no module needed). */
@Module({
  imports: [AuthModule, MfaModule, UsersModule],
  controllers: [StepUpController],
  providers: [StepUpService],
})
export class StepUpModule {}
