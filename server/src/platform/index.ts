/**
 * The platform area's public surface: what other areas may import (lint allows nothing else).
 */
export { type AuthenticatedSession, type AuthenticatedUser } from './auth-context/authenticated-session';
export { CurrentSession } from './auth-context/current-session.decorator';
export { CurrentFamilyMember, FAMILY_ROUTE, type FamilyPrincipal, FamilyRoute } from './auth-context/family-principal';
export { ALLOWED_DURING_MFA_ENROLMENT, AllowDuringMfaEnrolment } from './auth-context/mfa-enrolment.decorator';
export { IS_PUBLIC, Public } from './auth-context/public.decorator';
export {
  CurrentServiceAccount,
  SERVICE_ACCOUNT_BEARER,
  SERVICE_ACCOUNT_ROUTE,
  type ServiceAccountPrincipal,
  ServiceAccountRoute,
} from './auth-context/service-account-principal';
export { RequiresStepUp, assertStepUpFresh, stepUpFreshForMs } from './auth-context/step-up.guard';
export { ClusterBus, type ClusterStatus } from './cluster/cluster-bus.service';
export { UserConnectionSlots } from './cluster/user-connection-slots.service';
export { SharedThrottlerStorage } from './cluster/shared-throttler-storage';
export { RedisIoAdapter } from './cluster/redis-io.adapter';
export { assertRedisReachable } from './cluster/redis-preflight';
export { APP_CONFIG, ConfigError, MFA_ROLES, loadConfig, type AppConfig } from './config/app-config';
export { type OidcProviderConfig } from './config/oidc-providers-file';
export { startEmbeddedPostgres, type DatabaseHandle } from './database/embedded-postgres';
export { GroupCommit, GroupCommitWaitError } from './database/group-commit';
export { DomainError } from './errors/domain-error';
export { describeError } from './errors/log-safe-error';
export { createFileAtomically } from './files/create-file-atomically';
export { HASHED_ASSETS_CACHE, serveClient } from './http/client-assets';
export { HttpExceptionFilter } from './http/http-exception.filter';
export { openApiSchema } from './http/openapi';
export { noStoreApiResponses, securityHeaders } from './http/security-headers';
export { UuidParamPipe } from './http/uuid-param.pipe';
export { ZodValidationPipe, zodFieldErrors } from './http/zod-validation.pipe';
export {
  JOB_SCHEMA,
  JOB_TIME_ZONE,
  JobQueue,
  type JobContext,
  type JobHandler,
  type JobOptions,
  type SendOptions,
} from './jobs/job-queue';
export { type FailedJob, type JobQueueOverview, type JobQueueSummary, type JobState } from './jobs/jobs.repository';
export { MailModule } from './mail/mail.module';
export { type MailCalendarPart, type MailMessage, MailService, type RecordedMail } from './mail/mail.service';
export { LiveConnectionRegistry, type LiveConnection } from './live-connections/live-connections.registry';
export { PinoNestLogger } from './logging/nest-logger';
export { createRootLogger, logFormatFor, type LogFormat } from './logging/root-logger';
export { Metrics } from './metrics/metrics.service';
export { PlatformModule } from './platform.module';
export { Clock } from './time/clock';
export { within, type WithinResult } from './time/within';
export { TokenBucket } from './rate-limits/token-bucket';
