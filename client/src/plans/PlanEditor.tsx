import {
  PATHWAY_LIMITS,
  UpdatePlanRequestSchema,
  type ChildProtectionPlan,
  type UpdatePlanRequest,
} from '@roundtable/shared/pathway';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, errorMessage, isApiError } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { PlanConflict } from './PlanConflict';
import {
  contentFromDraft,
  draftFromContent,
  newAction,
  newOutcome,
  newReviewDate,
  planErrorPlace,
  planFieldIdForPath,
  planFieldIds,
  planFieldOrder,
  type OutcomeDraft,
  type PlanDraft,
} from './planDraft';
import { PlanOutcomeFields } from './PlanOutcomeFields';
import { ReviewDatesFields } from './ReviewDatesFields';

interface PlanEditorProps {
  childId: string;
  plan: ChildProtectionPlan;
  /** The plan meeting the change is made in, recorded with the version. */
  meetingId?: string;
  onSaved: (plan: ChildProtectionPlan) => void;
  /** Someone else saved a version while this editor was open: here it is. */
  onNewerVersion?: (plan: ChildProtectionPlan) => void;
  onCancel: () => void;
}

/**
 * Changes a child's plan into a new version (DOMAIN-PATHWAY §4): outcomes,
 * their actions, the contingency plan, review dates and the core group's
 * frequency. Saving sends the version it started from; when someone else
 * saved one in between (409), their version is shown beside the draft, which
 * is kept, and the next save knowingly replaces theirs. Test hook:
 * `[data-testid=plan-editor]`.
 */
export function PlanEditor({ childId, plan, meetingId, onSaved, onNewerVersion, onCancel }: PlanEditorProps) {
  const [draft, setDraft] = useState<PlanDraft>(() => draftFromContent(plan.current.content));
  const [baseVersion, setBaseVersion] = useState(plan.current.version);
  const [theirs, setTheirs] = useState<ChildProtectionPlan | null>(null);
  const form = useFormSubmission();
  const prefix = `plan-${childId}`;
  const ids = planFieldIds(prefix);

  // After adding or removing, focus goes to the new field or the button that stays in its place.
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  }, [draft]);
  const change = (next: PlanDraft, focusId?: string) => {
    focusNext.current = focusId ?? null;
    setDraft(next);
  };
  const setOutcome = (o: number, outcome: OutcomeDraft) =>
    change({ ...draft, outcomes: draft.outcomes.map((x, i) => (i === o ? outcome : x)) });

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { content, errors } = contentFromDraft(draft);
    const body: UpdatePlanRequest = { baseVersion, ...(meetingId ? { meetingId } : {}), content };
    const valid = form.validate(UpdatePlanRequestSchema, body, errors);
    if (!valid) return;
    await form.send(async () => {
      try {
        onSaved(await api.plans.update(childId, valid));
      } catch (error) {
        if (!isApiError(error) || error.status !== 409) throw error;
        await showTheirVersion();
      }
    });
  }

  async function showTheirVersion() {
    let current: ChildProtectionPlan | null;
    try {
      current = await api.plans.find(childId);
    } catch (error) {
      form.fail(
        {},
        `Someone else changed the plan while you were editing, and their version could not be loaded. Your changes have not been saved. ${errorMessage(error)}`,
      );
      return;
    }
    if (!current) {
      form.fail({}, 'The plan can no longer be found. Your changes have not been saved.');
      return;
    }
    form.clearErrors();
    setTheirs(current);
    setBaseVersion(current.current.version);
    onNewerVersion?.(current);
  }

  // Each message says where it is ("Outcome 2, action 1: Enter who will do it"): the same words repeat across outcomes.
  const placed = Object.fromEntries(
    Object.entries(form.errors).map(([path, message]) => [path, `${planErrorPlace(path)}${message}`]),
  );
  const summary = toSummary(placed, planFieldOrder(draft), (path) => planFieldIdForPath(prefix, path), ids.addOutcome);

  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
      data-testid="plan-editor"
      aria-labelledby={`${prefix}-editor-heading`}
    >
      {/* Above the editor's heading: the summary's own heading is an h2. */}
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <h3 className="govuk-heading-m" id={`${prefix}-editor-heading`}>
        Change the plan
      </h3>
      {theirs && (
        <PlanConflict
          theirs={theirs}
          onStartAgain={() => {
            change(draftFromContent(theirs.current.content));
            setTheirs(null);
          }}
        />
      )}
      <p className="govuk-body">
        Saving makes a new version of the plan, recorded with your name{meetingId ? ' and this meeting' : ''}. Earlier
        versions are kept.
      </p>
      <h4 className="govuk-heading-m">What must change</h4>
      {draft.outcomes.map((outcome, o) => (
        <PlanOutcomeFields
          key={outcome.id}
          idPrefix={prefix}
          index={o}
          outcome={outcome}
          errors={form.errors}
          onChange={(next) => setOutcome(o, next)}
          onAddAction={() => {
            const actions = [...outcome.actions, newAction()];
            focusNext.current = ids.actionText(o, actions.length - 1);
            setOutcome(o, { ...outcome, actions });
          }}
          onRemoveAction={(a) => {
            focusNext.current = ids.addAction(o);
            setOutcome(o, { ...outcome, actions: outcome.actions.filter((_, i) => i !== a) });
          }}
          onRemove={() => change({ ...draft, outcomes: draft.outcomes.filter((_, i) => i !== o) }, ids.addOutcome)}
        />
      ))}
      {draft.outcomes.length === 0 && <p className="govuk-body">The plan has no outcomes yet.</p>}
      {draft.outcomes.length < PATHWAY_LIMITS.planOutcomesMax && (
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          id={ids.addOutcome}
          onClick={() =>
            change({ ...draft, outcomes: [...draft.outcomes, newOutcome()] }, ids.outcomeText(draft.outcomes.length))
          }
        >
          Add an outcome
        </button>
      )}
      <TextareaField
        id={ids.contingency}
        name="contingency"
        label="Contingency plan"
        hint="What happens if the plan is not followed or the child is not safer."
        value={draft.contingency}
        onChange={(contingency) => change({ ...draft, contingency })}
        error={form.errors['content.contingency']}
        labelClass="govuk-label--m"
      />
      <ReviewDatesFields
        idPrefix={prefix}
        dates={draft.reviewDates}
        errors={form.errors}
        onChange={(reviewDates, focusId) => change({ ...draft, reviewDates }, focusId)}
        onAdd={() =>
          change(
            { ...draft, reviewDates: [...draft.reviewDates, newReviewDate()] },
            `${ids.reviewDate(draft.reviewDates.length)}-day`,
          )
        }
      />
      <TextField
        id={ids.coreGroupEveryWeeks}
        name="coreGroupEveryWeeks"
        label="How often the core group meets, in weeks"
        hint="From 1 to 13 weeks, after its first meeting."
        value={draft.coreGroupEveryWeeks}
        onChange={(coreGroupEveryWeeks) => change({ ...draft, coreGroupEveryWeeks })}
        error={form.errors['content.coreGroupEveryWeeks']}
        inputMode="numeric"
        widthClass="govuk-input--width-2"
        labelClass="govuk-label--m"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          {theirs ? 'Save my version' : 'Save the plan'}
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
