import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { loadSigningKey } from './audit-signing-key';
import { AuditService } from './audit.service';
import { AUDIT_SIGNING_KEY } from './audit.tokens';

/**
 * The tamper-evident audit trail. Global: every feature module records its
 * events through AuditService inside its own transactions.
 */
@Global()
@Module({
  providers: [
    AuditService,
    AuditCheckpointService,
    {
      provide: AUDIT_SIGNING_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadSigningKey(config.auditSigningKeyFile, config.auditCreateSigningKey),
    },
  ],
  exports: [AuditService, AuditCheckpointService, AUDIT_SIGNING_KEY],
})
export class AuditModule {}
