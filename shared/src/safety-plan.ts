/**
 * The safety plan's Signs of Safety scaling (DOMAIN.md §5.1): each agency's
 * 0–10 judgement, recorded separately and never averaged. 10 means everyone
 * knows the child is safe enough to close; 0 means the child cannot live at
 * home. Server-owned rows, not text in the safety plan document; a new score
 * supersedes the agency's previous one, and every score stays in the history.
 */
import { z } from 'zod';
import { AGENCIES } from './constants';
import { PersonRefSchema } from './decisions';

export const SAFETY_SCALE_MIN = 0;
export const SAFETY_SCALE_MAX = 10;
/** Longest note an agency may give with its score. */
export const SAFETY_SCORE_NOTE_MAX_LENGTH = 1000;

/** What the two ends of the scale mean, for hints beside the input. */
export const SAFETY_SCALE_ANCHORS = {
  min: 'the child cannot live at home',
  max: 'everyone knows the child is safe enough to close the case',
} as const;

/** PUT /api/meetings/:id/safety-plan/scores: the caller's agency's score (the agency comes from the account). */
export const RecordSafetyScoreRequestSchema = z.strictObject({
  score: z
    .number({ error: `Enter a score from ${SAFETY_SCALE_MIN} to ${SAFETY_SCALE_MAX}` })
    .int(`Enter a whole number from ${SAFETY_SCALE_MIN} to ${SAFETY_SCALE_MAX}`)
    .min(SAFETY_SCALE_MIN, `Enter a score from ${SAFETY_SCALE_MIN} to ${SAFETY_SCALE_MAX}`)
    .max(SAFETY_SCALE_MAX, `Enter a score from ${SAFETY_SCALE_MIN} to ${SAFETY_SCALE_MAX}`),
  note: z
    .string({ error: 'The note must be text' })
    .trim()
    .max(SAFETY_SCORE_NOTE_MAX_LENGTH, `The note must be ${SAFETY_SCORE_NOTE_MAX_LENGTH} characters or fewer`)
    .optional()
    .nullable()
    .transform((value) => (value ? value : null)),
});
export type RecordSafetyScoreRequest = z.input<typeof RecordSafetyScoreRequestSchema>;

export const SafetyScoreResponseSchema = z.object({
  id: z.uuid(),
  agency: z.enum(AGENCIES),
  score: z.number().int(),
  /** The agency's score this one replaced; null for its first. */
  previousScore: z.number().int().nullable(),
  note: z.string().nullable(),
  recordedBy: PersonRefSchema,
  recordedAt: z.string(),
});
export type SafetyScoreResponse = z.infer<typeof SafetyScoreResponseSchema>;

export const SafetyPlanScoresResponseSchema = z.object({
  meetingId: z.uuid(),
  /** Each agency's current score, in AGENCIES order; agencies that have not scored are absent. */
  current: z.array(SafetyScoreResponseSchema),
  /** Every score ever recorded, newest first. */
  history: z.array(SafetyScoreResponseSchema),
});
export type SafetyPlanScoresResponse = z.infer<typeof SafetyPlanScoresResponseSchema>;
