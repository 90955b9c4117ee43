import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { ENTITIES } from './app.entities';
import { AuditModule } from './audit';
import { DemoModule } from './demo';
import { IdentityModule } from './identity';
import { MeetingModule } from './meeting';
import { type AppConfig, PlatformModule } from './platform';
import { RealtimeModule } from './realtime';

@Module({})
export class AppModule {
  /** The whole application for one config, one database and one root logger: the five areas, and the demo data when configured. */
  static forRoot(config: AppConfig, databaseUrl: string, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forServer({ config, databaseUrl, entities: ENTITIES, logger }),
        AuditModule,
        IdentityModule,
        MeetingModule,
        RealtimeModule,
        DemoModule,
      ],
    };
  }
}
