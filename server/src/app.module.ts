import { type DynamicModule, Module } from '@nestjs/common';
import { ENTITIES } from './app.entities';
import { AuditModule } from './audit';
import { DemoModule } from './demo';
import { IdentityModule } from './identity';
import { MeetingModule } from './meeting';
import { type AppConfig, PlatformModule } from './platform';
import { RealtimeModule } from './realtime';

@Module({})
export class AppModule {
  /** The whole application for one config and one database: the five areas, and the demo data when configured. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forServer({ config, databaseUrl, entities: ENTITIES }),
        AuditModule,
        IdentityModule,
        MeetingModule,
        RealtimeModule,
        DemoModule,
      ],
    };
  }
}
