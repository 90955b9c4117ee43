import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { AdminGuard } from '../admin/admin.guard';
import { ServiceAccountsController } from './service-accounts.controller';
import { ServiceAccountsService } from './service-accounts.service';
import { ServiceTokensModule } from './service-tokens.module';

/** Administration of service accounts (docs/INTEGRATIONS.md). */
@Module({
  imports: [AuditModule, ServiceTokensModule],
  controllers: [ServiceAccountsController],
  providers: [ServiceAccountsService, AdminGuard],
  exports: [ServiceAccountsService],
})
export class ServiceAccountsModule {}
