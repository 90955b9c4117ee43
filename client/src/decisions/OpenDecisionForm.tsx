import { LIMITS } from '@roundtable/shared/constants';
import { OpenDecisionRequestSchema, type DecisionTemplate } from '@roundtable/shared/decisions';
import type { ChildResponse } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { unwrapAck } from '../meeting-events/ackError';
import type { SendChange } from '../meeting-events/sendTypes';
import { validateChange } from '../meeting-events/validateChange';

const IDS: Record<string, string> = {
  childIds: 'open-decision-children',
  templateKey: 'open-decision-template',
  question: 'open-decision-question',
};

interface OpenDecisionFormProps {
  meetingId: string;
  meetingChildren: readonly ChildResponse[];
  templates: readonly DecisionTemplate[];
  send: SendChange;
  onDone: () => void;
  onCancel: () => void;
}

/**
 * The chair opens a decision for agencies' views: which children it is about,
 * which template (question and options), and an optional question of its own.
 * Test hook: `[data-testid=open-decision-form]`.
 */
export function OpenDecisionForm({
  meetingId,
  meetingChildren,
  templates,
  send,
  onDone,
  onCancel,
}: OpenDecisionFormProps) {
  // One child: chosen already. Several: the chair chooses (siblings may get separate decisions).
  const [childIds, setChildIds] = useState<string[]>(() =>
    meetingChildren.length === 1 && meetingChildren[0] ? [meetingChildren[0].id] : [],
  );
  const [templateKey, setTemplateKey] = useState(templates[0]?.key ?? '');
  const [question, setQuestion] = useState('');
  const form = useFormSubmission();
  const template = templates.find((t) => t.key === templateKey);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const payload = { meetingId, childIds, templateKey, question };
    if (!validateChange(form, OpenDecisionRequestSchema, payload)) return;
    await form.send(async () => {
      unwrapAck(await send('decision:open', payload));
      onDone();
    });
  }

  const summary = toSummary(
    form.errors,
    ['childIds', 'templateKey', 'question'],
    (path) => IDS[path.split('.')[0] ?? ''],
    'open-decision-children',
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="open-decision-form">
      <h3 className="govuk-heading-m">Open a decision</h3>
      <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
      <CheckboxesField
        id="open-decision-children"
        legend="Which children is the decision about?"
        hint="Each child needs their own outcome. Choose several only if the decision is the same for all of them."
        values={childIds}
        options={meetingChildren.map((child) => ({ value: child.id, text: child.name }))}
        onChange={setChildIds}
        error={form.errors.childIds}
      />
      {templates.length > 1 && (
        <SelectField
          id="open-decision-template"
          name="templateKey"
          label="Decision"
          value={templateKey}
          options={templates.map((t) => ({ value: t.key, text: t.title }))}
          onChange={setTemplateKey}
          error={form.errors.templateKey}
          labelClass="govuk-label--s"
        />
      )}
      <TextareaField
        id="open-decision-question"
        name="question"
        label="Question for agencies (optional)"
        hint={`Leave blank to ask: “${template?.question ?? ''}” Up to ${LIMITS.decisionQuestionMaxLength} characters.`}
        value={question}
        onChange={setQuestion}
        error={form.errors.question}
        rows={3}
        labelClass="govuk-label--s"
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={form.submitting}>
          Open decision for views
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
