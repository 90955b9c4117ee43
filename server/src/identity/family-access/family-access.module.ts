import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, MailModule } from '../../platform';
import { AdminGuard } from '../admin/admin.guard';
import { FAMILY_CODE_KEY, loadFamilyCodeKey } from './family-code-key';
import { FamilyCodesRepository } from './family-codes.repository';
import { FamilyParticipantsRepository } from './family-participants.repository';
import { FamilyParticipantsService } from './family-participants.service';
import { FamilySessionsModule } from './family-sessions.module';
import { FamilySignInController } from './family-sign-in.controller';
import { FamilySignInService } from './family-sign-in.service';
import { OutboxController } from './outbox.controller';

/**
 * Family members' access (docs/FAMILY.md, "Signing in"): invitations, one-time
 * codes, family sessions; and the mail outbox administrators read.
 */
@Module({
  imports: [FamilySessionsModule, MailModule],
  controllers: [FamilySignInController, OutboxController],
  providers: [
    FamilySignInService,
    FamilyCodesRepository,
    FamilyParticipantsRepository,
    FamilyParticipantsService,
    AdminGuard,
    {
      provide: FAMILY_CODE_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadFamilyCodeKey(config),
    },
  ],
  exports: [FamilyParticipantsService, FamilySessionsModule],
})
export class FamilyAccessModule {}
