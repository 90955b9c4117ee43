import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AttemptLimiter } from './attempt-limiter.service';
import { MfaSignInService } from './mfa-sign-in.service';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';
import { MFA_ENCRYPTION_KEY } from './mfa.tokens';
import { loadMfaEncryptionKey } from './secret-box';

/** TOTP multi-factor authentication with recovery codes (docs/SECURITY.md, "Multi-factor authentication"). */
@Module({
  imports: [AuthModule, UsersModule],
  controllers: [MfaController],
  providers: [
    MfaService,
    MfaSignInService,
    AttemptLimiter,
    {
      provide: MFA_ENCRYPTION_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        loadMfaEncryptionKey(config.mfaEncryptionKeyFile, config.mfaCreateEncryptionKey),
    },
  ],
  exports: [MfaService, AttemptLimiter],
})
export class MfaModule {}
