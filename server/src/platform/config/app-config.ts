import path from 'node:path';
import { DEFAULT_DECISION_TEMPLATES, type DecisionTemplate } from '@roundtable/shared/decisions';
import { DEFAULT_DOCUMENT_TEMPLATES, type DocumentTemplateSet } from '@roundtable/shared/templates';
import { type ClockRules, DEFAULT_CLOCK_RULES } from '@roundtable/shared/lifecycle';
import type { MeetingTypeOverride } from '@roundtable/shared/pathway';
import { DEFAULT_RETENTION_RULES, type RetentionPartnership, type RetentionRules } from '@roundtable/shared/retention';
import { z } from 'zod';
import { readClockRulesFile } from './clock-rules-file';
import { readDecisionTemplatesFile } from './decision-templates-file';
import { readDocumentTemplatesFile } from './document-templates-file';
import { readMeetingTypesFile } from './meeting-types-file';
import { type OidcProviderConfig, readOidcProvidersFile } from './oidc-providers-file';
import { productionConfigProblems } from './production-checks';
import { readRetentionRulesFile } from './retention-rules-file';

/** Repository root (server/src/config or server/dist/config → three levels up). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const positiveInt = z.coerce.number().int().positive();

/** Roles MFA_REQUIRED_FOR can name. */
export const MFA_ROLES = ['chair', 'admin', 'auditor'] as const;
export type MfaRole = (typeof MFA_ROLES)[number];

/**
 * Every environment variable the server reads, with its default. Validated
 * once at boot; nothing else reads process.env. `.env.example` mirrors this.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port for the API, the WebSocket endpoints and the client. 0 picks a free port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. The local default keeps demo accounts off the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** External PostgreSQL. Unset: the app starts an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /**
   * Redis for running several instances (socket.io adapter, Yjs and access-change
   * relay). Unset: one instance, no Redis. PostgreSQL stays the only source of truth.
   */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /**
   * With REDIS_URL: prefix of the sign-in throttle counters' keys in Redis, shared
   * by every instance of one deployment (a different prefix for another deployment
   * on the same Redis).
   */
  THROTTLE_REDIS_KEY_PREFIX: z.string().min(1).max(100).default('roundtable:throttle:'),
  /** Where the embedded PostgreSQL keeps its files. */
  DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, 'data')),
  /** Seed the fictional demo meeting and accounts: `auto` = only on the embedded database. */
  DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Log level for pino. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A session ends after this many minutes without a request or live connection. */
  SESSION_IDLE_MINUTES: positiveInt.default(120),
  /** A session ends this many hours after sign-in, whatever happens. */
  SESSION_ABSOLUTE_HOURS: positiveInt.default(12),
  /** Mark cookies Secure (needs TLS). Defaults to true in production. */
  COOKIE_SECURE: bool.optional(),
  /**
   * Production only: allow DATABASE_URL without sslmode=require/verify-full and a
   * redis:// (not rediss://) REDIS_URL, for a database and Redis on a private network.
   */
  ALLOW_INSECURE_INTERNAL_TRANSPORT: bool.default(false),
  /** Extra origins allowed to open WebSockets with the session cookie (comma-separated). */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Trust X-Forwarded-* from a reverse proxy (for client addresses in throttling). */
  TRUST_PROXY: bool.default(false),
  /**
   * Bearer token Prometheus sends to read GET /api/metrics. Unset or empty: no
   * metrics endpoint (404), since activity levels reveal when meetings happen.
   */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().min(24, { error: 'must be at least 24 characters (e.g. openssl rand -hex 32)' }).optional()),
  /**
   * Serve the OpenAPI page and document (/api/docs, /api/docs-json). Default:
   * on, except in production, where a public map of every route is no help to
   * practitioners and some help to an attacker.
   */
  API_DOCS: bool.optional(),
  /** Built client to serve. */
  CLIENT_DIST: z.string().default(path.join(REPO_ROOT, 'client', 'dist')),
  /** How long a document with no connections stays in memory. */
  COLLAB_UNLOAD_AFTER_MS: z.coerce.number().int().min(0).default(30_000),
  /**
   * With REDIS_URL: how often each instance checks PostgreSQL for updates to its
   * loaded documents that other instances wrote but Redis did not deliver.
   */
  COLLAB_RESYNC_INTERVAL_MS: positiveInt.default(2_000),
  /**
   * How often the server pings each open /collab connection; one that has not
   * answered the previous ping by the next is closed (a dead client, a lost
   * network): so within twice this.
   */
  COLLAB_PING_INTERVAL_MS: positiveInt.default(30_000),
  /** Compact a document's update log into a snapshot once it has this many rows. */
  COLLAB_COMPACT_AFTER_UPDATES: positiveInt.default(500),
  /** JSON file with this deployment's decision templates. Unset: the built-in ones (section 47 threshold, the conferences' plan decisions). */
  DECISION_TEMPLATES_FILE: z.string().min(1).optional(),
  /** JSON file with this partnership's working week, bank holidays and statutory timescales. Unset: the defaults. */
  CLOCK_RULES_FILE: z.string().min(1).optional(),
  /**
   * JSON file with this deployment's document templates (the record's and the
   * safety plan's sections). Unset: the built-in strategy discussion record and
   * Signs of Safety safety plan. A meeting keeps the templates it was created with.
   */
  DOCUMENT_TEMPLATES_FILE: z.string().min(1).optional(),
  /**
   * JSON file with this deployment's meeting types: per type (strategy
   * discussion, conferences, core group) its label, record sections and the
   * decision templates its chair can open. Unset: the built-in ones. A meeting
   * keeps the record template it was created with.
   */
  MEETING_TYPES_FILE: z.string().min(1).optional(),
  /** JSON file listing the OpenID Connect identity providers for single sign-on. Unset: password sign-in only. */
  OIDC_PROVIDERS_FILE: z.string().min(1).optional(),
  /**
   * Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints; kept outside the
   * database. Unset: DATA_DIR/audit-signing-key.pem, generated on first start
   * (not in production). The public half is written beside it as *.pub.pem.
   */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Sign a checkpoint of the audit chain after this many new entries… */
  AUDIT_CHECKPOINT_EVERY_ENTRIES: positiveInt.default(100),
  /** …or this long after the last one, whichever comes first (if anything was added). */
  AUDIT_CHECKPOINT_INTERVAL_MS: positiveInt.default(60_000),
  /** Document edits are audited per user and section, summed over windows of this length. */
  AUDIT_EDIT_WINDOW_MS: positiveInt.default(30_000),
  /**
   * Who must use two-factor authentication (comma-separated: chair, admin, auditor).
   * Empty for the local demo; production should list all three (docs/SECURITY.md).
   */
  MFA_REQUIRED_FOR: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(MFA_ROLES, { error: `must list only: ${MFA_ROLES.join(', ')}` }))),
  /**
   * AES-256 key (32 random bytes, base64) that encrypts TOTP secrets; kept outside the
   * database. Unset: DATA_DIR/mfa-encryption-key, generated on first start (not in production).
   */
  MFA_ENCRYPTION_KEY_FILE: z.string().min(1).optional(),
  /** Recording the LA decision, exports and membership changes need a sign-in or re-authentication this recent. */
  STEP_UP_MAX_AGE_MINUTES: positiveInt.default(10),
  /**
   * A member invited for one meeting only (a GP, a school nurse: "invitee" when
   * added) keeps access this many hours after the meeting concludes, then is
   * treated as a non-member everywhere. Fixed for each meeting at its conclusion.
   * 0: access ends at the conclusion.
   */
  INVITEE_ACCESS_HOURS_AFTER_CONCLUSION: z.coerce.number().int().min(0).max(8760).default(72),
  /**
   * Family members keep access this many days after the meeting concludes (they
   * still need to download their version of the record), then are signed out.
   */
  FAMILY_ACCESS_DAYS_AFTER_CONCLUSION: z.coerce.number().int().min(0).max(365).default(30),
  /**
   * Where emails go (smtp:// or smtps://, user and password in the URL). Unset:
   * emails are only written to the outbox administrators read (the embedded default).
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must be an smtp:// or smtps:// URL' }).optional(),
  /** The From address of emails. */
  JOBS_POLLING_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  MAIL_FROM: z.string().trim().min(3).max(254).default('Roundtable <no-reply@roundtable.invalid>'),
  /** When the reminders scan runs: a five-field cron expression in London time (every 15 minutes). */
  REMINDERS_SCAN_CRON: z
    .string()
    .trim()
    .regex(/^\S+( \S+){4}$/, { error: 'REMINDERS_SCAN_CRON must be a five-field cron expression, like */15 * * * *' })
    .default('*/15 * * * *'),
  /** Days an action stays overdue after its owner was reminded before the meeting's chairs are told. */
  REMINDER_ACTION_CHAIR_AFTER_DAYS: z.coerce.number().int().min(1).max(90).default(3),
  /** Working days before a statutory clock is due that its reminder goes out. */
  REMINDER_CLOCK_WARNING_WORKING_DAYS: z.coerce.number().int().min(1).max(20).default(2),
  /** Days an open escalation of dissent may go without a step before the people who can act on it are reminded. */
  REMINDER_ESCALATION_STALE_DAYS: z.coerce.number().int().min(1).max(90).default(5),
  /** Hours before a scheduled meeting that its members are reminded (24: the day before). */
  REMINDER_MEETING_LEAD_HOURS: z.coerce.number().int().min(1).max(336).default(24),
  /** Seconds before a failed reminders scan is tried again (doubling each time, with jitter). */
  REMINDER_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** The address people reach the app at, for links in emails. Unset: http://localhost:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http:// or https:// URL' }).optional(),
  /** JSON file with this deployment's retention periods per record type, and each safeguarding partnership's (docs/RETENTION.md). Unset: the defaults (35 years after closure for records). */
  RETENTION_RULES_FILE: z.string().min(1).optional(),
  /** When the retention run destroys what is due: a five-field cron expression in London time (02:30 every night). */
  RETENTION_CRON: z
    .string()
    .trim()
    .regex(/^\S+( \S+){4}$/, { error: 'RETENTION_CRON must be a five-field cron expression, like 30 2 * * *' })
    .default('30 2 * * *'),
  /** Seconds before a failed webhook delivery's first retry; each later one waits about twice as long. */
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Retries of a failed webhook delivery after the first try (with the default delay: about 4 hours in all). */
  WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(8),
  /** Seconds a webhook receiver has to answer before the try counts as failed. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).default(10),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  throttleRedisKeyPrefix: string;
  dataDir: string;
  demoData: boolean;
  logLevel: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  cookieSecure: boolean;
  allowedOrigins: string[];
  trustProxy: boolean;
  /** Bearer token for GET /api/metrics; undefined: the endpoint does not exist. */
  metricsToken: string | undefined;
  /** Serve /api/docs and /api/docs-json. */
  apiDocs: boolean;
  /** Production allows plain-text connections to PostgreSQL and Redis (private network). */
  allowInsecureInternalTransport: boolean;
  clientDist: string;
  collabUnloadAfterMs: number;
  collabCompactAfterUpdates: number;
  collabResyncIntervalMs: number;
  collabPingIntervalMs: number;
  /** Decisions a chair can open; read and validated at boot. */
  decisionTemplates: readonly DecisionTemplate[];
  /** Working calendar and timescales of the statutory clocks; read and validated at boot. */
  clockRules: ClockRules;
  /** Sections of the documents new meetings get, one template per document kind; read and validated at boot. */
  documentTemplates: DocumentTemplateSet;
  /** This deployment's changes to the built-in meeting types (MEETING_TYPES_FILE); read and validated at boot. */
  meetingTypes: readonly MeetingTypeOverride[];
  /** Identity providers for single sign-on (OIDC_PROVIDERS_FILE); empty: password sign-in only. */
  oidcProviders: readonly OidcProviderConfig[];
  auditSigningKeyFile: string;
  /** Generate the signing key when the file is missing (never in production). */
  auditCreateSigningKey: boolean;
  auditCheckpointEveryEntries: number;
  auditCheckpointIntervalMs: number;
  auditEditWindowMs: number;
  /** Roles that must enrol in two-factor authentication before doing anything else. */
  mfaRequiredFor: readonly MfaRole[];
  mfaEncryptionKeyFile: string;
  /** Generate the MFA encryption key when the file is missing (never in production). */
  mfaCreateEncryptionKey: boolean;
  stepUpMaxAgeMs: number;
  /** Hours an invitee keeps access after the meeting concludes (INVITEE_ACCESS_HOURS_AFTER_CONCLUSION). */
  inviteeAccessHoursAfterConclusion: number;
  /** Days a family member keeps access after the meeting concludes (FAMILY_ACCESS_DAYS_AFTER_CONCLUSION). */
  familyAccessDaysAfterConclusion: number;
  /** SMTP server for emails (SMTP_URL); undefined: the outbox only. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The app's address for links in emails, without a trailing slash (PUBLIC_URL). */
  publicUrl: string;
  /** How often an idle worker asks the job queue for work (JOBS_POLLING_SECONDS). */
  jobPollingSeconds: number;
  /** Reminders and their thresholds (REMINDERS_SCAN_CRON, REMINDER_*). */
  reminders: ReminderSettings;
  /** Webhook deliveries: first retry delay (doubling), retries, and the receiver's time to answer. */
  webhookRetryDelaySeconds: number;
  webhookRetryLimit: number;
  webhookTimeoutMs: number;
  /**
   * Retention periods (RETENTION_RULES_FILE): the deployment's, and each
   * safeguarding partnership's (by the organisations on staff accounts), and
   * when the destruction run goes (RETENTION_CRON).
   */
  retention: { rules: RetentionRules; partnerships: RetentionPartnership[]; cron: string };
}

export interface ReminderSettings {
  scanCron: string;
  actionChairAfterDays: number;
  clockWarningWorkingDays: number;
  escalationStaleDays: number;
  meetingLeadHours: number;
  retryDelaySeconds: number;
}

export class ConfigError extends Error {}

/** Reads and validates the environment, listing every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const fileProblems: string[] = [];
  let decisionTemplates = DEFAULT_DECISION_TEMPLATES;
  if (e.DECISION_TEMPLATES_FILE) {
    const file = readDecisionTemplatesFile(path.resolve(e.DECISION_TEMPLATES_FILE));
    if (file.ok) decisionTemplates = file.templates;
    else fileProblems.push(...file.problems.map((p) => `  DECISION_TEMPLATES_FILE: ${p}`));
  }
  let documentTemplates = DEFAULT_DOCUMENT_TEMPLATES;
  if (e.DOCUMENT_TEMPLATES_FILE) {
    const file = readDocumentTemplatesFile(path.resolve(e.DOCUMENT_TEMPLATES_FILE));
    if (file.ok) documentTemplates = file.templates;
    else fileProblems.push(...file.problems.map((p) => `  DOCUMENT_TEMPLATES_FILE: ${p}`));
  }
  let meetingTypes: MeetingTypeOverride[] = [];
  if (e.MEETING_TYPES_FILE) {
    const file = readMeetingTypesFile(
      path.resolve(e.MEETING_TYPES_FILE),
      decisionTemplates.map((t) => t.key),
    );
    if (file.ok) meetingTypes = file.meetingTypes;
    else fileProblems.push(...file.problems.map((p) => `  MEETING_TYPES_FILE: ${p}`));
  }
  let clockRules = DEFAULT_CLOCK_RULES;
  if (e.CLOCK_RULES_FILE) {
    const file = readClockRulesFile(path.resolve(e.CLOCK_RULES_FILE));
    if (file.ok) clockRules = file.rules;
    else fileProblems.push(...file.problems.map((p) => `  CLOCK_RULES_FILE: ${p}`));
  }
  let oidcProviders: OidcProviderConfig[] = [];
  if (e.OIDC_PROVIDERS_FILE) {
    const file = readOidcProvidersFile(path.resolve(e.OIDC_PROVIDERS_FILE), {
      production: e.NODE_ENV === 'production',
    });
    if (file.ok) oidcProviders = file.providers;
    else fileProblems.push(...file.problems.map((p) => `  OIDC_PROVIDERS_FILE: ${p}`));
  }
  let retentionRules = DEFAULT_RETENTION_RULES;
  let retentionPartnerships: RetentionPartnership[] = [];
  if (e.RETENTION_RULES_FILE) {
    const file = readRetentionRulesFile(path.resolve(e.RETENTION_RULES_FILE));
    if (file.ok) {
      retentionRules = file.rules;
      retentionPartnerships = file.partnerships;
    } else fileProblems.push(...file.problems.map((p) => `  RETENTION_RULES_FILE: ${p}`));
  }
  if (fileProblems.length > 0) throw new ConfigError(`Invalid configuration:\n${fileProblems.join('\n')}`);
  const config: AppConfig = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    throttleRedisKeyPrefix: e.THROTTLE_REDIS_KEY_PREFIX,
    dataDir: path.resolve(e.DATA_DIR),
    demoData: e.DEMO_DATA === 'on' || (e.DEMO_DATA === 'auto' && !e.DATABASE_URL),
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    apiDocs: e.API_DOCS ?? e.NODE_ENV !== 'production',
    allowInsecureInternalTransport: e.ALLOW_INSECURE_INTERNAL_TRANSPORT,
    clientDist: path.resolve(e.CLIENT_DIST),
    collabUnloadAfterMs: e.COLLAB_UNLOAD_AFTER_MS,
    collabCompactAfterUpdates: e.COLLAB_COMPACT_AFTER_UPDATES,
    collabResyncIntervalMs: e.COLLAB_RESYNC_INTERVAL_MS,
    collabPingIntervalMs: e.COLLAB_PING_INTERVAL_MS,
    decisionTemplates,
    clockRules,
    documentTemplates,
    meetingTypes,
    oidcProviders,
    auditSigningKeyFile: path.resolve(e.AUDIT_SIGNING_KEY_FILE ?? path.join(e.DATA_DIR, 'audit-signing-key.pem')),
    auditCreateSigningKey: e.NODE_ENV !== 'production',
    auditCheckpointEveryEntries: e.AUDIT_CHECKPOINT_EVERY_ENTRIES,
    auditCheckpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL_MS,
    auditEditWindowMs: e.AUDIT_EDIT_WINDOW_MS,
    mfaRequiredFor: [...new Set(e.MFA_REQUIRED_FOR)],
    mfaEncryptionKeyFile: path.resolve(e.MFA_ENCRYPTION_KEY_FILE ?? path.join(e.DATA_DIR, 'mfa-encryption-key')),
    mfaCreateEncryptionKey: e.NODE_ENV !== 'production',
    stepUpMaxAgeMs: e.STEP_UP_MAX_AGE_MINUTES * 60_000,
    inviteeAccessHoursAfterConclusion: e.INVITEE_ACCESS_HOURS_AFTER_CONCLUSION,
    familyAccessDaysAfterConclusion: e.FAMILY_ACCESS_DAYS_AFTER_CONCLUSION,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    jobPollingSeconds: e.JOBS_POLLING_SECONDS,
    reminders: {
      scanCron: e.REMINDERS_SCAN_CRON,
      actionChairAfterDays: e.REMINDER_ACTION_CHAIR_AFTER_DAYS,
      clockWarningWorkingDays: e.REMINDER_CLOCK_WARNING_WORKING_DAYS,
      escalationStaleDays: e.REMINDER_ESCALATION_STALE_DAYS,
      meetingLeadHours: e.REMINDER_MEETING_LEAD_HOURS,
      retryDelaySeconds: e.REMINDER_RETRY_DELAY_SECONDS,
    },
    webhookRetryDelaySeconds: e.WEBHOOK_RETRY_DELAY_SECONDS,
    webhookRetryLimit: e.WEBHOOK_RETRY_LIMIT,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
    retention: { rules: retentionRules, partnerships: retentionPartnerships, cron: e.RETENTION_CRON },
  };
  const unsafe = productionConfigProblems(config);
  if (unsafe.length > 0) {
    throw new ConfigError(
      `Refusing to start in production:\n${unsafe.map((p) => `  ${p}`).join('\n')}\nSee docs/SECURITY.md, "Production checks".`,
    );
  }
  return config;
}

/** Nest injection token for the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
