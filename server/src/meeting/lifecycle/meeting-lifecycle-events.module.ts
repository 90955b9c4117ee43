import { Global, Module } from '@nestjs/common';
import { MeetingLifecycleEvents } from './meeting-lifecycle.events';

/** Global, so any feature module can inject MeetingLifecycleEvents and register its listeners. */
@Global()
@Module({ providers: [MeetingLifecycleEvents], exports: [MeetingLifecycleEvents] })
export class MeetingLifecycleEventsModule {}
