import { Module } from '@nestjs/common';
import { AccessNotificationsModule } from '../access-notifications/access-notifications.module';
import { AuditModule } from '../../audit';
import { AdminController } from './admin.controller';
import { AdminGuard } from './admin.guard';
import { AdminUserRepository } from './admin-user.repository';
import { AdminUsersService } from './admin-users.service';

/** User administration over the API (administrators only); AdminUsersService also backs the admin CLI. */
@Module({
  imports: [AuditModule, AccessNotificationsModule],
  controllers: [AdminController],
  providers: [AdminUsersService, AdminUserRepository, AdminGuard],
  exports: [AdminUsersService],
})
export class AdminModule {}
