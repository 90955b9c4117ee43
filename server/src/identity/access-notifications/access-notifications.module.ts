import { Module } from '@nestjs/common';
import { AccessNotificationRepository } from './access-notification.repository';

/**
 * Access changes through PostgreSQL NOTIFY: processes that change accounts
 * and sessions (the admin CLI, the admin API) notify in their transaction
 * through this module's repository; every server listens (AccessListenerModule)
 * and closes the affected live connections at once. Importing this module
 * starts no listener: the admin CLI imports it too.
 */
@Module({
  providers: [AccessNotificationRepository],
  exports: [AccessNotificationRepository],
})
export class AccessNotificationsModule {}
