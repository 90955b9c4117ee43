import type {
  ConferenceOutcome,
  CpCategory,
  EscalationRoute,
  RecordConferenceOutcomeRequest,
  StepDownTarget,
} from '@roundtable/shared/pathway';
import type { FieldErrors } from '../forms/fieldErrors';

/** The decision form as the chair fills it in: every branch's fields, whichever outcome is chosen. */
export interface OutcomeDraft {
  outcome: ConferenceOutcome | '';
  categories: CpCategory[];
  leadProfessionalUserId: string;
  coreGroupUserIds: string[];
  stepDown: StepDownTarget | '';
  route: EscalationRoute | '';
  reasons: string;
}

export const EMPTY_OUTCOME_DRAFT: OutcomeDraft = {
  outcome: '',
  categories: [],
  leadProfessionalUserId: '',
  coreGroupUserIds: [],
  stepDown: '',
  route: '',
  reasons: '',
};

/**
 * The request for the chosen outcome, with only that outcome's fields (the
 * schema is strict), and the errors the schema would word for a developer
 * rather than a chair. Empty choices are sent as undefined, so the schema's
 * own message for a missing choice applies.
 */
export function outcomeRequest(draft: OutcomeDraft): { body: unknown; errors: FieldErrors } {
  const { reasons } = draft;
  const or = <T extends string>(value: T | '') => (value === '' ? undefined : value);
  switch (draft.outcome) {
    case '':
      // With no outcome the schema cannot tell which fields apply, so it says nothing about the reasons.
      return {
        body: { reasons },
        errors: {
          outcome: 'Select the conference’s decision for this child',
          ...(reasons.trim() === '' ? { reasons: 'Enter the reasons for the decision' } : {}),
        },
      };
    case 'child-protection-plan':
      return {
        body: {
          outcome: draft.outcome,
          categories: draft.categories,
          leadProfessionalUserId: draft.leadProfessionalUserId,
          coreGroupUserIds: draft.coreGroupUserIds,
          reasons,
        } satisfies RecordConferenceOutcomeRequest,
        errors: draft.leadProfessionalUserId === '' ? { leadProfessionalUserId: 'Select the lead professional' } : {},
      };
    case 'no-plan':
    case 'end-plan':
      return { body: { outcome: draft.outcome, stepDown: or(draft.stepDown), reasons }, errors: {} };
    case 'continue-plan':
      return { body: { outcome: draft.outcome, categories: draft.categories, reasons }, errors: {} };
    case 'escalate':
      return { body: { outcome: draft.outcome, route: or(draft.route), reasons }, errors: {} };
  }
}
