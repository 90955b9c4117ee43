import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AccessNotificationsModule } from './identity/access-notifications/access-notifications.module';
import { ActionsModule } from './meeting/actions/actions.module';
import { AdminModule } from './identity/admin/admin.module';
import { AddendaModule } from './meeting/addenda/addenda.module';
import { AttendanceModule } from './meeting/attendance/attendance.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './identity/auth/auth.module';
import { MfaModule } from './identity/mfa/mfa.module';
import { StepUpModule } from './identity/step-up/step-up.module';
import { ClusterModule } from './platform/cluster/cluster.module';
import { CollabModule } from './realtime/collab/collab.module';
import { CommonModule } from './platform/platform.module';
import type { AppConfig } from './platform/config/app-config';
import { ENTITIES, MIGRATIONS } from './app.entities';
import { DecisionsModule } from './meeting/decisions/decisions.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './platform/health/health.module';
import { LifecycleModule } from './meeting/lifecycle/lifecycle.module';
import { MeetingLifecycleEventsModule } from './meeting/lifecycle/meeting-lifecycle-events.module';
import { MeetingEventsModule } from './realtime/meeting-events/meeting-events.module';
import { MeetingsModule } from './meeting/meetings/meetings.module';
import { OidcModule } from './identity/oidc/oidc.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { RecordsModule } from './meeting/sealed-records/records.module';
import { SafetyPlanModule } from './meeting/safety-plan/safety-plan.module';
import { UsersModule } from './identity/users/users.module';

@Module({})
export class AppModule {
  /** The whole application for one config and one database. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CommonModule.forRoot(config),
        ClusterModule,
        MeetingLifecycleEventsModule,
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: () => randomUUID(),
            // Only method, path and status: no query strings, cookies or bodies (they may carry case content).
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url.split('?')[0],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            customSuccessMessage: (req, res) => `${req.method} ${String(req.url).split('?')[0]} ${res.statusCode}`,
            // originalUrl: inside Nest's middleware mount, req.url is relative to it.
            autoLogging: { ignore: (req) => (req as { originalUrl?: string }).originalUrl === '/api/health' },
          },
          forRoutes: ['*path'],
        }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          migrationsRun: true,
          migrationsTransactionMode: 'each',
          synchronize: false,
          extra: { max: 10, connectionTimeoutMillis: 5_000 },
        }),
        AuditModule,
        UsersModule,
        AuthModule,
        AccessNotificationsModule,
        AdminModule,
        MfaModule,
        StepUpModule,
        OidcModule,
        MeetingsModule,
        CollabModule,
        DecisionsModule,
        ActionsModule,
        MeetingEventsModule,
        LifecycleModule,
        AddendaModule,
        AttendanceModule,
        SafetyPlanModule,
        RecordsModule,
        HealthModule,
        MetricsModule,
        DemoModule,
      ],
    };
  }
}
