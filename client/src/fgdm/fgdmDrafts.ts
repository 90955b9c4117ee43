import {
  AddSupportItemRequestSchema,
  RecordPlanResponseRequestSchema,
  type AddSupportItemRequest,
  type PlanOutcome,
  type RecordPlanResponseRequest,
} from '@roundtable/shared/fgdm';
import { fromZodIssues, type FieldErrors } from '../forms/fieldErrors';

type Result<T> = { body: T; errors?: undefined } | { body?: undefined; errors: FieldErrors };

/** The response form as the coordinator fills it in. */
export interface ResponseDraft {
  keepsChildSafe: 'yes' | 'no' | '';
  reasons: string;
  outcome: PlanOutcome | '';
}

export const EMPTY_RESPONSE_DRAFT: ResponseDraft = { keepsChildSafe: '', reasons: '', outcome: '' };

/** Messages the schema would word for a developer rather than a coordinator. */
export const RESPONSE_MESSAGES = {
  keepsChildSafe: 'Say whether the family’s plan keeps the child safe',
  outcome: 'Say whether the plan is agreed, to be amended or not agreed',
} as const;

/** The request, or every error at once: the shared schema's (reasons required when not safe) and the choices missing. */
export function responseRequest(draft: ResponseDraft): Result<RecordPlanResponseRequest> {
  const body = {
    keepsChildSafe: draft.keepsChildSafe === '' ? undefined : draft.keepsChildSafe === 'yes',
    reasons: draft.reasons,
    outcome: draft.outcome === '' ? undefined : draft.outcome,
  };
  const parsed = RecordPlanResponseRequestSchema.safeParse(body);
  const errors: FieldErrors = parsed.success ? {} : fromZodIssues(parsed.error.issues);
  if (draft.keepsChildSafe === '') errors.keepsChildSafe = RESPONSE_MESSAGES.keepsChildSafe;
  if (draft.outcome === '') errors.outcome = RESPONSE_MESSAGES.outcome;
  // Without an answer to "keeps the child safe" the reasons cannot be judged yet.
  if (draft.keepsChildSafe === '' && errors.reasons?.startsWith('Give the reasons')) delete errors.reasons;
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { body: parsed.data };
}

/** The support package form. */
export interface SupportDraft {
  who: string;
  support: string;
  /** Pounds as typed: "250", "£1,200.50", "0". */
  cost: string;
  frequency: string;
  approved: 'yes' | 'no' | '';
}

export const EMPTY_SUPPORT_DRAFT: SupportDraft = { who: '', support: '', cost: '', frequency: '', approved: '' };

export const SUPPORT_MESSAGES = {
  cost: 'Enter the cost in pounds, like 250 or 1200.50 (0 if it costs nothing)',
  approved: 'Say whether the support is approved',
} as const;

/** "£1,200.50" → 120050 pence; anything that is not an amount in pounds → undefined. */
export function parsePounds(input: string): number | undefined {
  const cleaned = input
    .trim()
    .replace(/^£\s*/, '')
    .replace(/,(?=\d{3}(?:\D|$))/g, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** "£1,200.50" or "£250" from pence. */
export function formatPounds(pence: number): string {
  return new Intl.NumberFormat('en-GB', {
    style: 'currency',
    currency: 'GBP',
    minimumFractionDigits: pence % 100 === 0 ? 0 : 2,
  }).format(pence / 100);
}

/** The request, or every error at once (the shared schema's wording, and pounds rather than pence). */
export function supportRequest(draft: SupportDraft): Result<AddSupportItemRequest> {
  const costPence = parsePounds(draft.cost);
  const body = {
    who: draft.who,
    support: draft.support,
    costPence,
    frequency: draft.frequency,
    approved: draft.approved === '' ? undefined : draft.approved === 'yes',
  };
  const parsed = AddSupportItemRequestSchema.safeParse(body);
  const errors: FieldErrors = parsed.success ? {} : fromZodIssues(parsed.error.issues);
  if (costPence === undefined) errors.costPence = SUPPORT_MESSAGES.cost;
  if (draft.approved === '') errors.approved = SUPPORT_MESSAGES.approved;
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { body: parsed.data };
}
