/**
 * The life of a strategy discussion (DOMAIN.md §3, §3.4, §3.5 item 1):
 * scheduled → live → concluded, enforced by the server; addenda after
 * conclusion (append-only, signed off by the chair); review strategy
 * discussions linked to the one they review; the attendance register built
 * from presence; and the statutory clocks a deployment configures.
 */
import { z } from 'zod';
import { AGENCIES, LIMITS, MEETING_ROLES } from './constants';
import { PersonRefSchema } from './decisions';
import { DEFAULT_RECORD_TEMPLATE } from './templates';

// ---------------------------------------------------------------- status

/**
 * scheduled: convened, not yet started (the record can be prepared).
 * live: the chair started it. concluded: the chair concluded it; the record
 * and the safety plan are read-only for everyone, decisions are final, the
 * action log stays open for follow-up, and corrections are addenda.
 */
export const MEETING_STATUSES = ['scheduled', 'live', 'concluded'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  scheduled: 'Scheduled',
  live: 'Live',
  concluded: 'Concluded',
};

export const MeetingStatusSchema = z.enum(MEETING_STATUSES);

/** Another strategy discussion linked to this one (the one it reviews, or a review of it). */
export const MeetingLinkSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  scheduledAt: z.string(),
  status: MeetingStatusSchema,
});
export type MeetingLink = z.infer<typeof MeetingLinkSchema>;

const text = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

// ---------------------------------------------------------------- conclusion

export const NotReachedEntrySchema = z.strictObject({
  decisionId: z.uuid({ error: 'decisionId must be an id' }),
  reason: text(LIMITS.reasonsMaxLength, 'why the decision was not reached'),
});
export type NotReachedEntry = z.infer<typeof NotReachedEntrySchema>;

/**
 * POST /api/meetings/:id/conclude. Every decision still open, or closed
 * without the local authority's decision, must be listed as not reached,
 * with a reason; otherwise the conclusion is refused.
 */
export const ConcludeMeetingRequestSchema = z.strictObject({
  notReached: z
    .array(NotReachedEntrySchema, { error: 'notReached must be a list' })
    .max(200)
    .refine((list) => new Set(list.map((e) => e.decisionId)).size === list.length, 'List each decision once')
    .default([]),
});
export type ConcludeMeetingRequest = z.input<typeof ConcludeMeetingRequestSchema>;

// ---------------------------------------------------------------- addenda

/** The section key of an addendum about the record as a whole rather than one section. */
export const ADDENDUM_WHOLE_RECORD = 'whole-record';

export const AddAddendumRequestSchema = z.strictObject({
  sectionKey: z
    .string({ error: 'Select the section the addendum is about' })
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Select the section the addendum is about'),
  text: text(LIMITS.addendumMaxLength, 'the addendum'),
});
export type AddAddendumRequest = z.infer<typeof AddAddendumRequestSchema>;

export const AddendumResponseSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  sectionKey: z.string(),
  text: z.string(),
  addedBy: PersonRefSchema,
  addedAt: z.string(),
  signedOffBy: PersonRefSchema.nullable(),
  signedOffAt: z.string().nullable(),
});
export type AddendumResponse = z.infer<typeof AddendumResponseSchema>;

/** GET /api/meetings/:id/addenda: oldest first. */
export const AddendaResponseSchema = z.object({ addenda: z.array(AddendumResponseSchema) });
export type AddendaResponse = z.infer<typeof AddendaResponseSchema>;

/** Section keys of the default templates, for labelling addenda (a meeting's own template may differ). */
export const DEFAULT_ADDENDUM_SECTIONS: readonly { key: string; title: string }[] = [
  { key: ADDENDUM_WHOLE_RECORD, title: 'The record as a whole' },
  ...DEFAULT_RECORD_TEMPLATE.sections.map(({ key, title }) => ({ key, title })),
  { key: 'safety-plan', title: 'Safety plan' },
];

/** Every section key an addendum may name: the whole record, a record section, or the safety plan. */
export function addendumSectionKeys(recordSectionKeys: readonly string[]): string[] {
  return [ADDENDUM_WHOLE_RECORD, ...recordSectionKeys, 'safety-plan'];
}

// ---------------------------------------------------------------- review date

/** PUT /api/meetings/:id/review-date: the date the chair sets for the review, or null to clear it. */
export const SetReviewDateRequestSchema = z.strictObject({
  reviewDate: z.iso.date({ error: 'Enter a review date in the format YYYY-MM-DD' }).nullable(),
});
export type SetReviewDateRequest = z.infer<typeof SetReviewDateRequestSchema>;

/**
 * POST /api/meetings/:id/review: convenes a review strategy discussion of a
 * concluded one. Unset scheduledAt: 10:00 (UK time) on the review date the
 * chair set, else now.
 */
export const CreateReviewRequestSchema = z.strictObject({
  scheduledAt: z.iso
    .datetime({ offset: true, error: 'Enter a date and time in ISO 8601 format, like 2026-03-05T10:00:00Z' })
    .optional(),
});
export type CreateReviewRequest = z.infer<typeof CreateReviewRequestSchema>;

// ---------------------------------------------------------------- attendance

export const RecordApologyRequestSchema = z.strictObject({
  userId: z.uuid({ error: 'Select who sent apologies' }),
  reason: text(LIMITS.apologyReasonMaxLength, 'the reason for the apology'),
});
export type RecordApologyRequest = z.infer<typeof RecordApologyRequestSchema>;

const agency = z.enum(AGENCIES);
const role = z.enum(MEETING_ROLES);

export const AttendeeSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  jobTitle: z.string(),
  agency,
  /** The organisation within the agency ("Testshire Police"), when the account has one. */
  organisation: z.string().nullable(),
  /** Null when they are no longer a member of the meeting. */
  role: role.nullable(),
  firstJoinedAt: z.string(),
  /** Null while they are still in the room. */
  lastLeftAt: z.string().nullable(),
  totalSeconds: z.number().int().nonnegative(),
  present: z.boolean(),
});
export type Attendee = z.infer<typeof AttendeeSchema>;

export const ApologySchema = z.object({
  reason: z.string(),
  recordedBy: PersonRefSchema,
  recordedAt: z.string(),
});
export type Apology = z.infer<typeof ApologySchema>;

export const AbsenteeSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  jobTitle: z.string(),
  agency,
  /** The organisation within the agency ("Testshire Police"), when the account has one. */
  organisation: z.string().nullable(),
  role,
  /** The latest apology recorded for them; null when none was sent. */
  apology: ApologySchema.nullable(),
});
export type Absentee = z.infer<typeof AbsenteeSchema>;

/**
 * GET /api/meetings/:id/attendance. Time counts while the discussion is live
 * (from its start to its conclusion); presence before the start or after the
 * conclusion is not attendance.
 */
export const AttendanceRegisterSchema = z.object({
  meetingId: z.uuid(),
  status: MeetingStatusSchema,
  countedFrom: z.string().nullable(),
  countedUntil: z.string().nullable(),
  attendees: z.array(AttendeeSchema),
  /** Members who did not attend (yet), with apologies where sent. */
  absent: z.array(AbsenteeSchema),
  /** Minimum agencies (children's social care, police, health) nobody from which attended: a warning. */
  missingMinimumAgencies: z.array(agency),
  /**
   * When the register was read (the database's clock). Registers arrive live
   * over `/meetings` (`attendance:changed`) as well as over HTTP, in any order:
   * a client keeps the one read last.
   */
  asOf: z.string(),
});
export type AttendanceRegister = z.infer<typeof AttendanceRegisterSchema>;

// ---------------------------------------------------------------- clocks

export const CLOCK_STATUSES = ['not-started', 'running', 'met', 'overdue'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

export const CLOCK_STATUS_LABELS: Record<ClockStatus, string> = {
  'not-started': 'Not started',
  running: 'Running',
  met: 'Met',
  overdue: 'Overdue',
};

/** The clocks a deployment can configure. */
export const CLOCK_KEYS = ['icpc', 'record-circulation', 'review'] as const;
export type ClockKey = (typeof CLOCK_KEYS)[number];

export const ClockSchema = z.object({
  key: z.enum(CLOCK_KEYS),
  label: z.string(),
  /** End of the due day in the deployment's time zone; null while not started. */
  dueAt: z.string().nullable(),
  /** The due day (YYYY-MM-DD) in the deployment's time zone; null while not started. */
  dueDate: z.string().nullable(),
  status: z.enum(CLOCK_STATUSES),
  /** What the clock runs from, in words (references only, never case content). */
  basis: z.string(),
});
export type Clock = z.infer<typeof ClockSchema>;

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const isoDate = z.iso.date({ error: 'Dates must be in the format YYYY-MM-DD' });
const workingDays = z.number().int().min(0).max(365);
const months = z.number().int().min(1).max(24);

/**
 * England and Wales bank holidays 2025–2027 (gov.uk/bank-holidays), with the
 * substitute days where Christmas or Boxing Day falls at a weekend.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS_2025_2027: readonly string[] = [
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
];

/**
 * The file named by CLOCK_RULES_FILE: a partnership's working week, bank
 * holidays and timescales (DOMAIN.md §2, §11 item 4). Every field has the
 * default shown by DEFAULT_CLOCK_RULES.
 */
export const ClockRulesSchema = z.strictObject({
  /** IANA time zone in which days are counted. */
  timeZone: z.string().min(1).default('Europe/London'),
  workingWeek: z
    .array(z.enum(WEEKDAYS, { error: `Working days must be among: ${WEEKDAYS.join(', ')}` }))
    .min(1, 'The working week needs at least one day')
    .refine((days) => new Set(days).size === days.length, 'List each working day once')
    .default(['monday', 'tuesday', 'wednesday', 'thursday', 'friday']),
  bankHolidays: z
    .array(isoDate)
    .refine((days) => new Set(days).size === days.length, 'List each bank holiday once')
    .default([...ENGLAND_AND_WALES_BANK_HOLIDAYS_2025_2027]),
  rules: z
    .strictObject({
      icpc: z
        .strictObject({
          label: z.string().trim().min(1).max(200).default('Initial child protection conference'),
          workingDays: workingDays.default(15),
          /** LA decision options that start section 47 enquiries (and so this clock). */
          startingOptions: z.array(z.string().min(1)).min(1).default(['s47-single-agency', 's47-joint']),
        })
        .default({
          label: 'Initial child protection conference',
          workingDays: 15,
          startingOptions: ['s47-single-agency', 's47-joint'],
        }),
      recordCirculation: z
        .strictObject({
          label: z.string().trim().min(1).max(200).default('Record circulated'),
          workingDays: workingDays.default(1),
        })
        .default({ label: 'Record circulated', workingDays: 1 }),
      review: z
        .strictObject({ label: z.string().trim().min(1).max(200).default('Review strategy discussion') })
        .default({ label: 'Review strategy discussion' }),
      // The pathway after the strategy discussion (DOMAIN-PATHWAY §2, §3; shared/src/pathway.ts).
      firstCoreGroup: z
        .strictObject({
          label: z.string().trim().min(1).max(200).default('First core group'),
          workingDays: workingDays.default(10),
        })
        .default({ label: 'First core group', workingDays: 10 }),
      coreGroup: z
        .strictObject({ label: z.string().trim().min(1).max(200).default('Next core group') })
        .default({ label: 'Next core group' }),
      firstReviewConference: z
        .strictObject({
          label: z.string().trim().min(1).max(200).default('First review conference'),
          months: months.default(3),
        })
        .default({ label: 'First review conference', months: 3 }),
      reviewConference: z
        .strictObject({
          label: z.string().trim().min(1).max(200).default('Next review conference'),
          months: months.default(6),
        })
        .default({ label: 'Next review conference', months: 6 }),
    })
    .default({
      icpc: {
        label: 'Initial child protection conference',
        workingDays: 15,
        startingOptions: ['s47-single-agency', 's47-joint'],
      },
      recordCirculation: { label: 'Record circulated', workingDays: 1 },
      review: { label: 'Review strategy discussion' },
      firstCoreGroup: { label: 'First core group', workingDays: 10 },
      coreGroup: { label: 'Next core group' },
      firstReviewConference: { label: 'First review conference', months: 3 },
      reviewConference: { label: 'Next review conference', months: 6 },
    }),
});
export type ClockRules = z.output<typeof ClockRulesSchema>;

/** The rules when CLOCK_RULES_FILE is unset. */
export const DEFAULT_CLOCK_RULES: ClockRules = ClockRulesSchema.parse({});
