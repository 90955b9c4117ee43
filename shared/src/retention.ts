import { z } from 'zod';

/**
 * Retention schedules, destruction and legal holds (docs/RETENTION.md).
 * DOMAIN.md §6: there is no single national rule, so each deployment sets its
 * own periods (RETENTION_RULES_FILE); the defaults follow the Northumberland
 * schedule upheld in R (C) v Northumberland CC [2015]: child protection
 * records 35 years after closure.
 */

/** The kinds of record a retention rule governs. */
export const RETENTION_RECORD_TYPES = [
  /** A strategy discussion and everything in it (record, views, decisions, actions, sealed records…). */
  'strategy-discussion-records',
  /** A conference or other pathway meeting (ICPC, core group, review conference, FGDM) and everything in it. */
  'conference-records',
  /** A child's own record: identity, household, plans and plan versions, conference outcomes. */
  'child-records',
  /** The records (meetings and own record) of a child who is or was looked after: kept until their 75th birthday. */
  'looked-after-children-records',
  /** The records (meetings and own record) of an adopted child: kept 100 years from the adoption order. */
  'adoption-records',
  /** Audit entries not about a meeting (meeting entries go with their meeting), except sign-in attempts. */
  'audit-entries',
  /** Sign-in attempts: the auth.* audit entries and the failed-attempt counters. */
  'login-attempts',
  /** Ended sessions (staff and family), expired sign-in codes and OIDC transactions. */
  'sessions',
  /** The email outbox, read notifications, webhook deliveries. */
  'outbox-and-notifications',
] as const;
export type RetentionRecordType = (typeof RETENTION_RECORD_TYPES)[number];

export const RETENTION_RECORD_TYPE_LABELS: Record<RetentionRecordType, string> = {
  'strategy-discussion-records': 'Strategy discussion records',
  'conference-records': 'Conference and other pathway meeting records',
  'child-records': "Children's records",
  'looked-after-children-records': 'Records of children who are or were looked after',
  'adoption-records': 'Adoption records',
  'audit-entries': 'Audit entries (not about a meeting)',
  'login-attempts': 'Sign-in attempts',
  sessions: 'Sessions and sign-in codes',
  'outbox-and-notifications': 'Email outbox, notifications and webhook deliveries',
};

/** What each record type's period is counted from (the rule is documented in docs/RETENTION.md). */
export const RETENTION_COUNTED_FROM: Record<RetentionRecordType, string> = {
  'strategy-discussion-records':
    'closure: the later of the meeting ending and the end of every child protection plan of its children',
  'conference-records':
    'closure: the later of the meeting ending and the end of every child protection plan of its children',
  'child-records':
    "closure: the later of the child's last plan ending and the closure of every meeting about the child",
  'looked-after-children-records':
    "the child's date of birth (kept at least until then plus the period, whatever the closure; never destroyed while the date of birth is unknown)",
  'adoption-records': 'the date of the adoption order (kept at least until then plus the period, whatever the closure)',
  'audit-entries': 'the time of the entry',
  'login-attempts': 'the time of the attempt',
  sessions: 'the end of the session (expiry or sign-out)',
  'outbox-and-notifications': 'the time it was created',
};

export const RetentionPeriodSchema = z
  .object({
    years: z.number().int().min(0).max(200).default(0),
    days: z.number().int().min(0).max(100_000).default(0),
  })
  .strict()
  .refine((p) => p.years > 0 || p.days > 0, { error: 'a retention period must be at least one day' });
export type RetentionPeriod = z.infer<typeof RetentionPeriodSchema>;

/** A deployment's retention rules: every record type, each with its period. */
export const RetentionRulesSchema = z
  .object(
    Object.fromEntries(RETENTION_RECORD_TYPES.map((t) => [t, RetentionPeriodSchema])) as Record<
      RetentionRecordType,
      typeof RetentionPeriodSchema
    >,
  )
  .strict();
export type RetentionRules = z.infer<typeof RetentionRulesSchema>;

/** The defaults (DOMAIN.md §6): records 35 years after closure; operational data for months. */
export const DEFAULT_RETENTION_RULES: RetentionRules = {
  'strategy-discussion-records': { years: 35, days: 0 },
  'conference-records': { years: 35, days: 0 },
  'child-records': { years: 35, days: 0 },
  'looked-after-children-records': { years: 75, days: 0 },
  'adoption-records': { years: 100, days: 0 },
  'audit-entries': { years: 36, days: 0 },
  'login-attempts': { years: 0, days: 400 },
  sessions: { years: 0, days: 90 },
  'outbox-and-notifications': { years: 0, days: 180 },
};

/**
 * The record types a safeguarding partnership may set for itself (DOMAIN.md
 * §6, "per-tenant retention schedules"): those about meetings and children.
 * Audit entries, sign-ins, sessions and the outbox belong to the deployment.
 */
export const PARTNERSHIP_RECORD_TYPES = [
  'strategy-discussion-records',
  'conference-records',
  'child-records',
  'looked-after-children-records',
  'adoption-records',
] as const satisfies readonly RetentionRecordType[];
export type PartnershipRecordType = (typeof PARTNERSHIP_RECORD_TYPES)[number];

/** A partnership's schedule as the app applies it: its own periods, the deployment's for the rest. */
export interface RetentionPartnership {
  /** The partnership's name, as the deployment's rules file gives it. */
  name: string;
  /** The organisations (`users.organisation`, exactly) whose meetings and children fall under it. */
  organisations: string[];
  /** Every record type's period under this partnership. */
  rules: RetentionRules;
  /** The record types the partnership sets itself (the rest are the deployment's). */
  ownRecordTypes: PartnershipRecordType[];
}

/** What a child's record can be marked as, for the longer retention periods (marks are never removed). */
export const CHILD_RETENTION_STATUS_KINDS = ['looked-after', 'adopted'] as const;
export type ChildRetentionStatusKind = (typeof CHILD_RETENTION_STATUS_KINDS)[number];

export const RecordChildRetentionStatusRequestSchema = z
  .object({
    childId: z.uuid({ error: 'childId must be the id of a child' }),
    kind: z.enum(CHILD_RETENTION_STATUS_KINDS, { error: 'kind must be looked-after or adopted' }),
    /** Looked after: the date the child first became looked after. Adopted: the date of the adoption order. */
    since: z.iso.date({ error: 'since must be a date (YYYY-MM-DD)' }),
    reason: z
      .string({ error: 'reason is required' })
      .trim()
      .min(10, { error: 'reason must be at least 10 characters (what the record rests on)' })
      .max(2000, { error: 'reason must be at most 2000 characters' }),
  })
  .strict();
export type RecordChildRetentionStatusRequest = z.infer<typeof RecordChildRetentionStatusRequestSchema>;

export const ChildRetentionStatusSchema = z.object({
  id: z.uuid(),
  childId: z.uuid(),
  kind: z.enum(CHILD_RETENTION_STATUS_KINDS),
  since: z.iso.date(),
  recordedBy: z.string(),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type ChildRetentionStatus = z.infer<typeof ChildRetentionStatusSchema>;

export const LEGAL_HOLD_SUBJECT_TYPES = ['meeting', 'child'] as const;
export type LegalHoldSubjectType = (typeof LEGAL_HOLD_SUBJECT_TYPES)[number];

export const RETENTION_LIMITS = {
  holdReasonMin: 10,
  holdReasonMax: 2000,
} as const;

const reason = z
  .string({ error: 'reason is required' })
  .trim()
  .min(RETENTION_LIMITS.holdReasonMin, {
    error: `reason must be at least ${RETENTION_LIMITS.holdReasonMin} characters (why the records must be kept)`,
  })
  .max(RETENTION_LIMITS.holdReasonMax, {
    error: `reason must be at most ${RETENTION_LIMITS.holdReasonMax} characters`,
  });

export const PlaceLegalHoldRequestSchema = z
  .object({
    subjectType: z.enum(LEGAL_HOLD_SUBJECT_TYPES, { error: 'subjectType must be meeting or child' }),
    subjectId: z.uuid({ error: 'subjectId must be the id of a meeting or a child' }),
    reason,
  })
  .strict();
export type PlaceLegalHoldRequest = z.infer<typeof PlaceLegalHoldRequestSchema>;

export const LiftLegalHoldRequestSchema = z.object({ reason }).strict();
export type LiftLegalHoldRequest = z.infer<typeof LiftLegalHoldRequestSchema>;

export const LegalHoldSchema = z.object({
  id: z.uuid(),
  subjectType: z.enum(LEGAL_HOLD_SUBJECT_TYPES),
  subjectId: z.uuid(),
  /** The meeting's reference, or null for a child (a child is never named here). */
  subjectReference: z.string().nullable(),
  reason: z.string(),
  placedBy: z.string(),
  placedAt: z.iso.datetime({ offset: true }),
  liftedBy: z.string().nullable(),
  liftedAt: z.iso.datetime({ offset: true }).nullable(),
  liftReason: z.string().nullable(),
});
export type LegalHold = z.infer<typeof LegalHoldSchema>;

export const LegalHoldListResponseSchema = z.object({ holds: z.array(LegalHoldSchema) });
export type LegalHoldListResponse = z.infer<typeof LegalHoldListResponseSchema>;

export const RetentionRuleStatusSchema = z.object({
  recordType: z.enum(RETENTION_RECORD_TYPES),
  label: z.string(),
  period: z.object({ years: z.number().int(), days: z.number().int() }),
  countedFrom: z.string(),
  /** Records (meetings, children, entries or rows) due for destruction now. */
  due: z.number().int().min(0),
  /** Of those, held by a legal hold (never destroyed). */
  held: z.number().int().min(0),
});
export type RetentionRuleStatus = z.infer<typeof RetentionRuleStatusSchema>;

export const RetentionRunSchema = z.object({
  id: z.uuid(),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Count destroyed per record type. */
  destroyed: z.record(z.string(), z.number().int()),
  error: z.string().nullable(),
});
export type RetentionRun = z.infer<typeof RetentionRunSchema>;

/** One partnership's schedule, as the status page shows which applies to whom. */
export const RetentionScheduleSchema = z.object({
  partnership: z.string(),
  organisations: z.array(z.string()),
  periods: z.array(
    z.object({
      recordType: z.enum(RETENTION_RECORD_TYPES),
      period: z.object({ years: z.number().int(), days: z.number().int() }),
      /** True where the partnership sets its own period; false where the deployment's applies. */
      own: z.boolean(),
    }),
  ),
});
export type RetentionSchedule = z.infer<typeof RetentionScheduleSchema>;

export const RetentionStatusResponseSchema = z.object({
  now: z.iso.datetime({ offset: true }),
  cron: z.string(),
  /** The deployment's schedule (for meetings and children of no listed partnership, and everything else). */
  rules: z.array(RetentionRuleStatusSchema),
  /** How a meeting or a child is matched to a partnership's schedule. */
  partnershipKey: z.string(),
  /** Each partnership's schedule, in the rules file's order. */
  partnerships: z.array(RetentionScheduleSchema),
  lastRun: RetentionRunSchema.nullable(),
  tombstones: z.number().int().min(0),
});
export type RetentionStatusResponse = z.infer<typeof RetentionStatusResponseSchema>;

export const RunRetentionResponseSchema = z.object({ queued: z.boolean() });
export type RunRetentionResponse = z.infer<typeof RunRetentionResponseSchema>;

/** The job queue's name for the scheduled destruction run. */
export const RETENTION_RUN_JOB = 'retention-run';
