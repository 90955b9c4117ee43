import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { AdminController } from './admin.controller';
import { AdminGuard } from './admin.guard';
import { AdminUsersService } from './admin-users.service';

/** User administration over the API (administrators only); AdminUsersService also backs the admin CLI. */
@Module({
  imports: [AuditModule],
  controllers: [AdminController],
  providers: [AdminUsersService, AdminGuard],
  exports: [AdminUsersService],
})
export class AdminModule {}
