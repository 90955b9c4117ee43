/**
 * Family group decision-making (DOMAIN-PATHWAY §5, docs/FAMILY.md): the
 * coordinator's stages, private family time, the family plan, bottom lines,
 * the professionals' response and the family network support package.
 *
 * Contracts only; the rules live on the server (server/src/meeting/fgdm).
 *
 * Routes:
 * - `GET  /api/meetings/:id/fgdm` (members) → FgdmState
 * - `POST /api/meetings/:id/fgdm/stages` (the coordinator) AdvanceFgdmStageRequest → FgdmState
 * - `POST /api/meetings/:id/fgdm/bottom-lines` (the coordinator or a social worker member) AddBottomLineRequest → FgdmState
 * - `POST /api/meetings/:id/fgdm/presentations/:presentationId/responses` (the coordinator) RecordPlanResponseRequest → FgdmState
 * - `POST /api/meetings/:id/fgdm/support-items` (the coordinator) AddSupportItemRequest → FgdmState
 * - `POST /api/meetings/:id/fgdm/support-items/:itemId/withdrawals` (the coordinator) WithdrawSupportItemRequest → FgdmState
 * - `GET  /api/family/fgdm` (a signed-in family member of the meeting) → FamilyFgdmState
 * - `POST /api/family/fgdm/plan/presentations` (a signed-in family member) PresentFamilyPlanRequest → FamilyFgdmState
 *
 * The family's draft plan is the live Yjs document
 * `meetings/<meetingId>/family-plan` (familyPlanDocumentName) on the collab
 * endpoint. Only the meeting's signed-in family members may open it (the
 * family cookie on the upgrade); every professional, the coordinator
 * included, gets 404 as for an unknown document. Its text is one
 * `Y.XmlFragment` named FAMILY_PLAN_FRAGMENT (TipTap). Professionals read the
 * plan only as presented (FgdmState.presentations).
 */
import { z } from 'zod';
import { AGENCIES, MEETING_ROLES } from './constants';

export const FGDM_LIMITS = {
  bottomLineMaxLength: 2000,
  bottomLinesMax: 50,
  reasonsMaxLength: 4000,
  supportWhoMaxLength: 200,
  supportTextMaxLength: 2000,
  supportFrequencyMaxLength: 200,
  supportItemsMax: 100,
  /** £1,000,000 in pence: a support item's cost. */
  supportCostMaxPence: 100_000_000,
  /** Characters of plan text a presentation may hold. */
  presentationMaxLength: 100_000,
  presentationsMax: 20,
} as const;

// ---------------------------------------------------------------- the live draft

/** The one fragment of the family plan document. */
export const FAMILY_PLAN_FRAGMENT = 'content';

/** The family's draft plan document, `meetings/<meetingId>/family-plan`. */
export function familyPlanDocumentName(meetingId: string): string {
  return `meetings/${meetingId}/family-plan`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const FAMILY_PLAN_DOCUMENT_NAME = new RegExp(`^meetings/(${UUID})/family-plan$`);

/** Parses a family plan document name; null for anything that is not exactly one. */
export function parseFamilyPlanDocumentName(name: string): { meetingId: string } | null {
  const match = FAMILY_PLAN_DOCUMENT_NAME.exec(name);
  return match ? { meetingId: match[1] as string } : null;
}

// ---------------------------------------------------------------- stages

/**
 * The stages in order (DOMAIN-PATHWAY §5.2). The coordinator (the meeting's
 * chair) moves the meeting forward ONE stage at a time, never back and never
 * skipping: each stage is a recorded fact. Private family time starts when
 * the meeting enters `private-family-time` and ends when it leaves it.
 *
 * - preparation: the coordinator prepares; bottom lines may be added.
 * - information-giving: concerns, bottom lines, resources, what happens if there is no plan; bottom lines may be added.
 * - private-family-time: professionals, the coordinator included, leave; the family writes its plan.
 * - plan-presentation: the family presents its plan.
 * - response: the professionals respond to each presentation (agreed / amended / not agreed).
 * - closed: nothing more changes; the family's draft closes.
 *
 * The family can write its draft in every stage before `closed` and present
 * it from `private-family-time` until `closed` (an amended plan is changed and
 * presented again during `response`). The coordinator records responses only
 * during `response`.
 */
export const FGDM_STAGES = [
  'preparation',
  'information-giving',
  'private-family-time',
  'plan-presentation',
  'response',
  'closed',
] as const;
export type FgdmStage = (typeof FGDM_STAGES)[number];
export const FgdmStageSchema = z.enum(FGDM_STAGES, {
  error: `Stage must be one of: ${FGDM_STAGES.join(', ')}`,
});
export const FGDM_STAGE_LABELS: Record<FgdmStage, string> = {
  preparation: 'Preparation',
  'information-giving': 'Information-giving',
  'private-family-time': 'Private family time',
  'plan-presentation': 'The family presents its plan',
  response: 'The professionals respond',
  closed: 'Closed',
};
/** Stages in which bottom lines may be added. */
export const BOTTOM_LINE_STAGES: readonly FgdmStage[] = ['preparation', 'information-giving'];
/** Stages in which the family may present its plan. */
export const PRESENTATION_STAGES: readonly FgdmStage[] = ['private-family-time', 'plan-presentation', 'response'];
/** The next stage, or null after `closed`. */
export function nextFgdmStage(stage: FgdmStage): FgdmStage | null {
  return FGDM_STAGES[FGDM_STAGES.indexOf(stage) + 1] ?? null;
}

const text = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

// ---------------------------------------------------------------- requests

/** Move to the next stage: name the stage being entered (it must be the next one). */
export const AdvanceFgdmStageRequestSchema = z.strictObject({ stage: FgdmStageSchema });
export type AdvanceFgdmStageRequest = z.infer<typeof AdvanceFgdmStageRequestSchema>;

/** What any plan must or must not contain. */
export const AddBottomLineRequestSchema = z.strictObject({
  text: text(FGDM_LIMITS.bottomLineMaxLength, 'the bottom line'),
});
export type AddBottomLineRequest = z.infer<typeof AddBottomLineRequestSchema>;

export const PLAN_OUTCOMES = ['agreed', 'amended', 'not-agreed'] as const;
export type PlanOutcome = (typeof PLAN_OUTCOMES)[number];
export const PLAN_OUTCOME_LABELS: Record<PlanOutcome, string> = {
  agreed: 'Agreed',
  amended: 'To be amended: the family changes the plan and presents it again',
  'not-agreed': 'Not agreed',
};

/** The professionals' response to one presentation; reasons are required when the plan does not keep the child safe. */
export const RecordPlanResponseRequestSchema = z
  .strictObject({
    keepsChildSafe: z.boolean({ error: 'Say whether the plan keeps the child safe (yes or no)' }),
    reasons: z
      .string({ error: 'Reasons must be text' })
      .trim()
      .max(FGDM_LIMITS.reasonsMaxLength, `Reasons must be ${FGDM_LIMITS.reasonsMaxLength} characters or fewer`)
      .default(''),
    outcome: z.enum(PLAN_OUTCOMES, { error: `Outcome must be one of: ${PLAN_OUTCOMES.join(', ')}` }),
  })
  .refine((r) => r.keepsChildSafe || r.reasons.length > 0, {
    message: 'Give the reasons the plan does not keep the child safe',
    path: ['reasons'],
  })
  .refine((r) => r.keepsChildSafe || r.outcome !== 'agreed', {
    message: 'A plan that does not keep the child safe cannot be agreed',
    path: ['outcome'],
  });
export type RecordPlanResponseRequest = z.infer<typeof RecordPlanResponseRequestSchema>;

/** One item of the family network support package (DOMAIN-PATHWAY §5.3). */
export const AddSupportItemRequestSchema = z.strictObject({
  /** A family network member's name or role (e.g. "Grandmother"). */
  who: text(FGDM_LIMITS.supportWhoMaxLength, 'who the support is for'),
  support: text(FGDM_LIMITS.supportTextMaxLength, 'the support'),
  costPence: z
    .number({ error: 'Enter the cost in pence as a whole number' })
    .int('Enter the cost in pence as a whole number')
    .min(0, 'The cost cannot be negative')
    .max(FGDM_LIMITS.supportCostMaxPence, 'The cost must be £1,000,000 or less'),
  /** How often and for how long, e.g. "weekly for 12 weeks". */
  frequency: text(FGDM_LIMITS.supportFrequencyMaxLength, 'how often and for how long'),
  approved: z.boolean({ error: 'Say whether the support is approved (yes or no)' }),
});
export type AddSupportItemRequest = z.infer<typeof AddSupportItemRequestSchema>;

export const WithdrawSupportItemRequestSchema = z.strictObject({
  reason: text(FGDM_LIMITS.reasonsMaxLength, 'the reason for withdrawing it'),
});
export type WithdrawSupportItemRequest = z.infer<typeof WithdrawSupportItemRequestSchema>;

/** The family presents the draft as it is now; nothing else is sent. */
export const PresentFamilyPlanRequestSchema = z.strictObject({});
export type PresentFamilyPlanRequest = z.infer<typeof PresentFamilyPlanRequestSchema>;

// ---------------------------------------------------------------- state

const agency = z.enum(AGENCIES);
const role = z.enum(MEETING_ROLES);

/** A professional as the family sees them: an agency and a role, never a name. */
export const ProfessionalLabelSchema = z.object({ agency, role });
export type ProfessionalLabel = z.infer<typeof ProfessionalLabelSchema>;

/** A professional as the professionals see them. */
export const FgdmPersonSchema = z.object({ userId: z.uuid(), displayName: z.string(), agency });
export type FgdmPerson = z.infer<typeof FgdmPersonSchema>;

export const FgdmStageEntrySchema = z.object({
  stage: FgdmStageSchema,
  enteredAt: z.iso.datetime({ offset: true }),
});

/** Private family time: only when it started and ended (null while it lasts). */
export const PrivateFamilyTimeSchema = z.object({
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type PrivateFamilyTime = z.infer<typeof PrivateFamilyTimeSchema>;

export const BottomLineSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  addedAt: z.iso.datetime({ offset: true }),
});

/** A presented version of the family's plan: the text as it stood when the family presented it. */
export const PlanPresentationSchema = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  text: z.string(),
  /** SHA-256 of the text (hex). */
  sha256: z.string(),
  presentedAt: z.iso.datetime({ offset: true }),
  /** The family member who presented it (`family_participants.id`). */
  presentedByParticipantId: z.uuid(),
});
export type PlanPresentation = z.infer<typeof PlanPresentationSchema>;

export const PlanResponseSchema = z.object({
  id: z.uuid(),
  presentationId: z.uuid(),
  keepsChildSafe: z.boolean(),
  reasons: z.string(),
  outcome: z.enum(PLAN_OUTCOMES),
  recordedAt: z.iso.datetime({ offset: true }),
});
export type PlanResponse = z.infer<typeof PlanResponseSchema>;

export const SupportItemSchema = z.object({
  id: z.uuid(),
  who: z.string(),
  support: z.string(),
  costPence: z.number().int().min(0),
  frequency: z.string(),
  approved: z.boolean(),
  addedAt: z.iso.datetime({ offset: true }),
  /** When withdrawn (the item stays on record), else null. */
  withdrawnAt: z.iso.datetime({ offset: true }).nullable(),
  withdrawnReason: z.string().nullable(),
});
export type SupportItem = z.infer<typeof SupportItemSchema>;

/** GET /api/meetings/:id/fgdm: what the meeting's professionals read. Never the unpresented draft. */
export const FgdmStateSchema = z.object({
  meetingId: z.uuid(),
  stage: FgdmStageSchema,
  /** The stages entered, oldest first; a new FGDM is in `preparation` with none entered yet. */
  stages: z.array(FgdmStageEntrySchema.extend({ enteredBy: FgdmPersonSchema })),
  privateFamilyTime: z.array(
    PrivateFamilyTimeSchema.extend({ startedBy: FgdmPersonSchema, endedBy: FgdmPersonSchema.nullable() }),
  ),
  bottomLines: z.array(BottomLineSchema.extend({ addedBy: FgdmPersonSchema })),
  presentations: z.array(PlanPresentationSchema),
  responses: z.array(PlanResponseSchema.extend({ recordedBy: FgdmPersonSchema })),
  supportItems: z.array(SupportItemSchema),
  /** The signed-in user may move stages, respond and change the support package (the coordinator). */
  canCoordinate: z.boolean(),
  /** The signed-in user may add bottom lines now (the coordinator or a social worker, in an early stage). */
  canAddBottomLines: z.boolean(),
});
export type FgdmState = z.infer<typeof FgdmStateSchema>;

/** GET /api/family/fgdm: what the family reads. Professionals appear as agency and role, never by name. */
export const FamilyFgdmStateSchema = z.object({
  meetingId: z.uuid(),
  stage: FgdmStageSchema,
  stages: z.array(FgdmStageEntrySchema),
  privateFamilyTime: z.array(PrivateFamilyTimeSchema),
  bottomLines: z.array(BottomLineSchema.extend({ addedBy: ProfessionalLabelSchema })),
  presentations: z.array(PlanPresentationSchema),
  responses: z.array(PlanResponseSchema.extend({ recordedBy: ProfessionalLabelSchema })),
  supportItems: z.array(SupportItemSchema),
  /** The family may edit the draft now (every stage before closed). */
  canEditPlan: z.boolean(),
  /** The family may present the draft now. */
  canPresent: z.boolean(),
  /** The live draft's document name (familyPlanDocumentName). */
  planDocument: z.string(),
});
export type FamilyFgdmState = z.infer<typeof FamilyFgdmStateSchema>;
