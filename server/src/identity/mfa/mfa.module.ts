import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { APP_CONFIG, type AppConfig, MFA_ROLES } from '../../platform';
import { UsersModule } from '../users/users.module';
import { AttemptLimitRepository } from './attempt-limit.repository';
import { AttemptLimiter } from './attempt-limiter.service';
import { MfaSignInService } from './mfa-sign-in.service';
import { MfaController } from './mfa.controller';
import { MfaRepository } from './mfa.repository';
import { MfaService } from './mfa.service';
import { MFA_ENCRYPTION_KEY } from './mfa.tokens';
import { loadMfaEncryptionKey } from './secret-box';

/** TOTP multi-factor authentication with recovery codes (docs/SECURITY.md, "Multi-factor authentication"). */
@Module({
  imports: [AuthModule, UsersModule],
  controllers: [MfaController],
  providers: [
    MfaService,
    MfaRepository,
    MfaSignInService,
    AttemptLimiter,
    AttemptLimitRepository,
    {
      provide: MFA_ENCRYPTION_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        loadMfaEncryptionKey(config.mfaEncryptionKeyFile, config.mfaCreateEncryptionKey),
    },
  ],
  exports: [MfaService, AttemptLimiter],
})
export class MfaModule implements OnModuleInit {
  private readonly logger = new Logger(MfaModule.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Production should require MFA of chairs, administrators and auditors; say so at start if it does not. */
  onModuleInit(): void {
    const missing = MFA_ROLES.filter((role) => !this.config.mfaRequiredFor.includes(role));
    if (this.config.env === 'production' && missing.length > 0) {
      this.logger.warn(
        { missing },
        `MFA_REQUIRED_FOR does not include ${missing.join(', ')}: those users can sign in with a password alone`,
      );
    }
  }
}
