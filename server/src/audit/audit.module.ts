import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform';
import { AuditCheckpointService } from './trail/audit-checkpoint.service';
import { AuditIntegrityService } from './auditors/audit-integrity.service';
import { AuditEventsRepository } from './auditors/audit-events.repository';
import { AuditQueryService } from './auditors/audit-query.service';
import { AuditProofService } from './auditors/audit-proof.service';
import { loadSigningKey } from './trail/audit-signing-key';
import { AuditController } from './auditors/audit.controller';
import { AuditRepository } from './trail/audit.repository';
import { AuditTreeRepository } from './trail/audit-tree.repository';
import { AuditTreeService } from './trail/audit-tree.service';
import { AuditService } from './trail/audit.service';
import { AUDIT_SIGNING_KEY } from './trail/audit.tokens';
import { AuditorGuard } from './auditors/auditor.guard';

/**
 * The tamper-evident audit trail. Global: every feature module records its
 * events through AuditService inside its own transactions. The auditor's
 * workspace (/api/audit) reads, exports and verifies it.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditRepository,
    AuditEventsRepository,
    AuditCheckpointService,
    AuditTreeRepository,
    AuditTreeService,
    AuditQueryService,
    AuditIntegrityService,
    AuditProofService,
    AuditorGuard,
    {
      provide: AUDIT_SIGNING_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadSigningKey(config.auditSigningKeyFile, config.auditCreateSigningKey),
    },
  ],
  exports: [AuditService, AuditCheckpointService, AuditTreeService, AUDIT_SIGNING_KEY],
})
export class AuditModule {}
