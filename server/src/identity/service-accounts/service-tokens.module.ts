import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { ServiceAccountRepository } from './service-account.repository';
import { ServiceTokensService } from './service-tokens.service';

/** Bearer-token resolution for the global SessionGuard, and the repository the administration shares. */
@Module({
  imports: [AuditModule],
  providers: [ServiceAccountRepository, ServiceTokensService],
  exports: [ServiceAccountRepository, ServiceTokensService],
})
export class ServiceTokensModule {}
