import { Module } from '@nestjs/common';
import { AccessListener } from './access-listener.service';

/**
 * Access changes through PostgreSQL NOTIFY: processes that change accounts
 * and sessions (the admin CLI, the admin API) notify in their transaction;
 * every server listens and closes the affected live connections at once.
 */
@Module({
  providers: [AccessListener],
  exports: [AccessListener],
})
export class AccessNotificationsModule {}
