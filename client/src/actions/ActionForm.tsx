import type { ActionResponse } from '@roundtable/shared/actions';
import { CreateActionRequestSchema, UpdateActionRequestSchema } from '@roundtable/shared/actions';
import type { Agency } from '@roundtable/shared/constants';
import type { DecisionResponse } from '@roundtable/shared/decisions';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';
import { ownRestriction, RestrictAsRecordedField } from '../room/RestrictAsRecordedField';
import { ACTION_FIELD_ORDER, createPayload, draftFromAction, EMPTY_ACTION_DRAFT, updatePayload } from './actionDraft';
import { ActionFields, actionFieldIds } from './ActionFields';

interface ActionFormProps {
  meeting: MeetingDetail;
  decisions: readonly DecisionResponse[];
  send: SendChange;
  /** Changing this action; otherwise adding a new one. */
  action?: ActionResponse;
  /** The recorder's agency: police and health may restrict a new action as they add it. */
  myAgency?: Agency;
  onDone: () => void;
  onCancel: () => void;
}

/**
 * Adds an action to the log, or changes one (only the fields that changed are
 * sent). Test hooks: `[data-testid=add-action-form]`, `[data-testid=edit-action-form]`.
 */
export function ActionForm({ meeting, decisions, send, action, myAgency, onDone, onCancel }: ActionFormProps) {
  const [draft, setDraft] = useState(() => (action ? draftFromAction(action) : EMPTY_ACTION_DRAFT));
  const [restricted, setRestricted] = useState(false);
  const restriction = !action && myAgency ? ownRestriction(myAgency) : undefined;
  const form = useFormSubmission();
  const prefix = action ? `action-${action.id}` : 'new-action';
  const ids = actionFieldIds(prefix);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!action) {
      const created = createPayload(meeting.id, draft);
      const payload = { ...created.payload, ...(restriction && restricted ? { restriction } : {}) };
      const { errors } = created;
      if (!validateChange(form, CreateActionRequestSchema, payload, errors)) return;
      await form.send(async () => {
        unwrapAck(await send('action:create', payload));
        setDraft(EMPTY_ACTION_DRAFT);
        setRestricted(false);
        onDone();
      });
      return;
    }
    const { payload, errors, changed } = updatePayload(action, draft);
    if (!changed) return onDone();
    if (!validateChange(form, UpdateActionRequestSchema, payload, errors)) return;
    await form.send(async () => {
      unwrapAck(await send('action:update', payload));
      onDone();
    });
  }

  const summary = toSummary(
    form.errors,
    ACTION_FIELD_ORDER,
    (path) => (ids as Record<string, string>)[path],
    ids.description,
  );
  return (
    <form
      noValidate
      onSubmit={(event) => void handleSubmit(event)}
      data-testid={action ? 'edit-action-form' : 'add-action-form'}
    >
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <ActionFields
        idPrefix={prefix}
        draft={draft}
        onChange={(change) => setDraft((previous) => ({ ...previous, ...change }))}
        errors={form.errors}
        members={meeting.members}
        meetingChildren={meeting.children}
        decisions={decisions}
        currentOwner={action?.owner}
      />
      {restriction && myAgency && (
        <RestrictAsRecordedField
          id={`${prefix}-restriction`}
          entry="this action"
          agency={myAgency}
          restricted={restricted}
          onChange={setRestricted}
        />
      )}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          {action ? 'Save changes' : 'Add action'}
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
