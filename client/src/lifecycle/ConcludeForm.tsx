import { LIMITS } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { templateFor } from '@roundtable/shared/templates';
import { useState } from 'react';
import { api, isApiError } from '../api';
import { type UnsavedEditor, useUnsavedEditors } from '../collab/editingPresence';
import { formatDateTime } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { type FieldErrors, fromServerFields, toSummary } from '../forms/fieldErrors';
import { TextareaField } from '../forms/TextareaField';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';
import { WarningText } from '../forms/WarningText';

const fieldId = (decisionId: string) => `not-reached-${decisionId}`;

/** Undecided decisions: open for views, or closed without the local authority's decision. */
export const undecided = (decisions: readonly DecisionResponse[]) =>
  decisions.filter((d) => d.status === 'open' || d.status === 'closed');

/** Server field paths (`notReached.<decisionId>` or `notReached.<index>.…`) as `notReached.<decisionId>`. */
function byDecision(errors: FieldErrors, pending: readonly DecisionResponse[]): FieldErrors {
  const result: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const key = path.split('.')[1] ?? '';
    const id = /^\d+$/.test(key) ? pending[Number(key)]?.id : key;
    result[id ? `notReached.${id}` : ''] ??= message;
  }
  return result;
}

/** "Priya Placeholder is typing in Medical assessment" (the section's title from the meeting's template). */
function describeEditor(meeting: MeetingDetail, editor: UnsavedEditor): string {
  const sections = templateFor(meeting.templates, editor.kind).sections;
  const title = sections.find((section) => section.key === editor.section)?.title;
  const where = title ? (editor.kind === 'record' ? title : `the safety plan: ${title}`) : 'the record';
  return `${editor.name} is typing in ${where}`;
}

/**
 * Who is still typing, live, while the chair confirms: their last edits have
 * not reached the server yet. Test hook: `#conclude-unsaved-editors`.
 */
function UnsavedEditors({ meeting }: { meeting: MeetingDetail }) {
  const editors = useUnsavedEditors(meeting.id);
  return (
    <div id="conclude-unsaved-editors" aria-live="polite">
      {editors.length > 0 && (
        <div className="govuk-inset-text">
          <p className="govuk-body">
            Some changes have not reached the server yet. Anything not saved when you conclude cannot be added to the
            record, only to an addendum:
          </p>
          <ul className="govuk-list govuk-list--bullet">
            {editors.map((editor) => (
              <li key={`${editor.userId}-${editor.kind}`}>{describeEditor(meeting, editor)}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/**
 * The chair concludes a live discussion. Each undecided decision needs a
 * "not reached" reason; the server refuses otherwise and names them. Test
 * hooks: `#conclude-form`, textareas `#not-reached-<decision id>`. Those
 * still typing are named first (`UnsavedEditors`).
 */
export function ConcludeForm(props: {
  meeting: MeetingDetail;
  decisions: readonly DecisionResponse[];
  onConcluded: (detail: MeetingDetail) => void;
  onCancel: () => void;
}) {
  const pending = undecided(props.decisions);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const form = useFormSubmission();

  async function submit() {
    const errors: FieldErrors = {};
    for (const d of pending) {
      const reason = (reasons[d.id] ?? '').trim();
      if (!reason) errors[`notReached.${d.id}`] = `Give the reason “${d.title}” was not reached`;
      else if (reason.length > LIMITS.reasonsMaxLength) {
        errors[`notReached.${d.id}`] = `The reason must be ${LIMITS.reasonsMaxLength} characters or fewer`;
      }
    }
    if (Object.keys(errors).length > 0) return form.fail(errors);
    const notReached = pending.map((d) => ({ decisionId: d.id, reason: (reasons[d.id] ?? '').trim() }));
    await form.send(
      async () => props.onConcluded(await api.meetings.conclude(props.meeting.id, { notReached })),
      (error) =>
        isApiError(error, 'DecisionsUndecided', 'ValidationFailed')
          ? { fields: byDecision(fromServerFields(error.fields), pending), description: error.message }
          : describeError(error),
    );
  }

  const summary = toSummary(
    form.errors,
    pending.map((d) => `notReached.${d.id}`),
    (path) => (path.startsWith('notReached.') ? fieldId(path.slice('notReached.'.length)) : undefined),
    'conclude-submit',
  );
  return (
    <form
      id="conclude-form"
      noValidate
      className="rt-confirm govuk-!-margin-bottom-6"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 className="govuk-heading-m">Conclude the discussion</h2>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <WarningText>
        Concluding makes the record and the safety plan read-only for everyone, at once. Later corrections are addenda.
        This cannot be undone.
      </WarningText>
      <UnsavedEditors meeting={props.meeting} />
      {pending.length === 0 ? (
        <p className="govuk-body">Every decision has been decided.</p>
      ) : (
        <p className="govuk-body">
          These decisions have no local authority decision. Record why each was not reached, or cancel and decide it
          first.
        </p>
      )}
      {pending.map((d) => (
        <TextareaField
          key={d.id}
          id={fieldId(d.id)}
          name={`notReached.${d.id}`}
          label={`Why was “${d.title}” not reached?`}
          hint={`Opened ${formatDateTime(d.openedAt)}; ${d.status === 'open' ? 'open for views' : 'views closed'}.`}
          value={reasons[d.id] ?? ''}
          onChange={(reason) => setReasons((previous) => ({ ...previous, [d.id]: reason }))}
          error={form.errors[`notReached.${d.id}`]}
          rows={3}
          labelClass="govuk-label--s"
        />
      ))}
      <div className="govuk-button-group">
        <button
          type="submit"
          className="govuk-button govuk-button--warning"
          id="conclude-submit"
          disabled={form.submitting}
        >
          Conclude the discussion
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
