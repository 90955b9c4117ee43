import { Module } from '@nestjs/common';
import { AccessListener } from './access-listener.service';
import { AccessNotificationsModule } from './access-notifications.module';

/** The server's listener for access changes other processes announce (see AccessNotificationsModule). */
@Module({
  imports: [AccessNotificationsModule],
  providers: [AccessListener],
  exports: [AccessListener],
})
export class AccessListenerModule {}
