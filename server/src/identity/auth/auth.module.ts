import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LIMITS } from '@roundtable/shared/constants';
import { SharedThrottlerStorage } from '../../platform';
import type { Request } from 'express';
import { FamilySessionsModule } from '../family-access/family-sessions.module';
import { ServiceTokensModule } from '../service-accounts/service-tokens.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MfaEnrolmentRepository } from './mfa-enrolment.repository';
import { MfaRequirementService } from './mfa-requirement.service';
import { OriginPolicy } from './origin-policy';
import { SessionCookie } from './session-cookie';
import { SessionGuard } from './session.guard';
import { SessionEntity } from './session.entity';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';

const loginEmail = (req: Record<string, unknown>) =>
  String(((req as unknown as Request).body as { email?: unknown } | undefined)?.email ?? '')
    .toLowerCase()
    .slice(0, 254);

@Module({
  imports: [
    UsersModule,
    FamilySessionsModule,
    ServiceTokensModule,
    TypeOrmModule.forFeature([SessionEntity]),
    // Sign-in throttles: guessing one account's password, and spraying many accounts from one address.
    // Counted in Redis across instances when REDIS_URL is set (SharedThrottlerStorage), else in memory.
    ThrottlerModule.forRootAsync({
      inject: [SharedThrottlerStorage],
      useFactory: (storage: SharedThrottlerStorage) => ({
        storage,
        throttlers: [
          {
            name: 'account',
            ttl: LIMITS.loginThrottleWindowMs,
            limit: LIMITS.loginAttemptsPerWindow,
            getTracker: (req) => `${String(req.ip)}|${loginEmail(req)}`,
          },
          {
            name: 'address',
            ttl: LIMITS.loginThrottleWindowMs,
            limit: LIMITS.loginAttemptsPerWindow * 10,
            getTracker: (req) => String(req.ip),
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    SessionsService,
    SessionRepository,
    SessionCookie,
    MfaRequirementService,
    MfaEnrolmentRepository,
    OriginPolicy,
    { provide: APP_GUARD, useClass: SessionGuard },
  ],
  exports: [SessionsService, SessionCookie, MfaRequirementService, OriginPolicy],
})
export class AuthModule {}
