import { Global, Module } from '@nestjs/common';
import { AccessChangeRelay } from './access-change-relay.service';
import { ClusterBus } from './cluster-bus.service';
import { SharedThrottlerStorage } from './shared-throttler-storage';
import { UserConnectionSlots } from './user-connection-slots.service';

/** The link between instances (Redis) when REDIS_URL is set; a no-op otherwise. */
@Global()
@Module({
  providers: [ClusterBus, AccessChangeRelay, UserConnectionSlots, SharedThrottlerStorage],
  exports: [ClusterBus, UserConnectionSlots, SharedThrottlerStorage],
})
export class ClusterModule {}
