import { LIMITS } from '@roundtable/shared/constants';
import type { MeetingType } from '@roundtable/shared/pathway';
import { CreateMeetingRequestSchema } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../api';
import { childFieldIds, emptyChild, type ChildDraft, type ChildField } from '../children/childDraft';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { ChildFields } from './ChildFields';
import { buildRequest, FIELD_ORDER, idForPath, withChildrenOf } from './createMeetingDraft';
import { MeetingDetailsFields, type MeetingDetailsValues } from './MeetingDetailsFields';
import { eligiblePreceding } from './precedingMeetings';
import { PrecedingMeetingField, type MyMeetings } from './PrecedingMeetingField';
import { inSentence, useMeetingTypes } from './useMeetingTypes';

const TYPE_HINTS: Record<MeetingType, string> = {
  'strategy-discussion': 'Decides whether to start section 47 enquiries.',
  icpc: 'Follows a strategy discussion that started section 47 enquiries, within 15 working days.',
  'core-group': 'Works the child protection plan: the first within 10 working days of the conference.',
  'review-conference': 'Reviews the child protection plan: the first within 3 months, then at least every 6 months.',
  fgdm: 'The family makes its own plan in private family time, with an independent coordinator (not the case’s social worker).',
};

/**
 * "Create a meeting": its type (and for a conference or core group the
 * meeting it follows), reason, time, format and 1..N children, each an
 * existing child or a new one. The creator becomes chair.
 */
export function CreateMeetingForm({ onErrorsChange }: { onErrorsChange?: (hasErrors: boolean) => void }) {
  const navigate = useNavigate();
  const meetingTypes = useMeetingTypes();
  const [type, setType] = useState<MeetingType>('strategy-discussion');
  const [precededByMeetingId, setPrecededByMeetingId] = useState('');
  const [myMeetings, setMyMeetings] = useState<MyMeetings | null>(null);
  const [prefilled, setPrefilled] = useState('');
  const [reference, setReference] = useState('');
  const [details, setDetails] = useState<MeetingDetailsValues>({ reason: '', scheduledAt: '', format: 'online' });
  const [children, setChildren] = useState<ChildDraft[]>(() => [emptyChild()]);
  const { errors, setErrors, generalError, attempt, submitting, validate, send } = useFormSubmission({
    onFail: () => onErrorsChange?.(true),
  });
  const focusChild = useRef<number | null>(null);
  const choice = meetingTypes.find((candidate) => candidate.type === type) ?? meetingTypes[0];
  const convenedFrom = choice?.convenedFrom ?? 'nothing';

  useEffect(() => {
    if (focusChild.current === null) return;
    const index = focusChild.current;
    const ids = childFieldIds(`children-${index}`);
    document.getElementById(children[index]?.mode === 'existing' ? ids.mode : ids.name)?.focus();
    focusChild.current = null;
  }, [children]);

  // The user's meetings, fetched once, when a type that follows another meeting is first chosen.
  useEffect(() => {
    if (convenedFrom === 'nothing' || myMeetings !== null) return;
    setMyMeetings({ status: 'loading' });
    api.meetings.list().then(
      (response) => setMyMeetings({ status: 'loaded', meetings: response.meetings }),
      (error: unknown) => setMyMeetings({ status: 'failed', message: errorMessage(error) }),
    );
  }, [convenedFrom, myMeetings]);

  const preceding: MyMeetings =
    myMeetings?.status === 'loaded'
      ? { status: 'loaded', meetings: eligiblePreceding(myMeetings.meetings, convenedFrom) }
      : (myMeetings ?? { status: 'loading' });

  function chooseType(next: MeetingType) {
    setType(next);
    const nextFrom = meetingTypes.find((candidate) => candidate.type === next)?.convenedFrom ?? 'nothing';
    // A meeting chosen for one kind may not qualify for another.
    if (nextFrom !== convenedFrom) setPrecededByMeetingId('');
  }

  function choosePreceding(meetingId: string) {
    setPrecededByMeetingId(meetingId);
    const meeting = preceding.status === 'loaded' ? preceding.meetings.find((m) => m.id === meetingId) : undefined;
    if (!meeting) return;
    setChildren((drafts) => withChildrenOf(meeting, drafts));
    // Said in words too: the children change further down the page, out of sight.
    setPrefilled(
      meeting.children.length > 0
        ? `The children of ${meeting.reference} are listed below: ${meeting.children.map((child) => child.name).join(', ')}.`
        : '',
    );
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!choice) return;
    const { body, errors: localErrors } = buildRequest({
      type: choice,
      precededByMeetingId,
      reference,
      ...details,
      children,
    });
    // Sends the draft as built (not the parsed copy); the schema only gates it.
    if (validate(CreateMeetingRequestSchema, body, localErrors) === undefined) return;

    await send(async () => {
      const meeting = await api.meetings.create(body);
      onErrorsChange?.(false);
      void navigate(`/meetings/${meeting.id}`, { state: { created: meeting.reference } });
    });
  }

  function updateChild(index: number, child: ChildDraft) {
    setChildren((list) => list.map((item, i) => (i === index ? child : item)));
  }

  function addChild() {
    focusChild.current = children.length;
    setChildren((list) => [...list, emptyChild()]);
  }

  function removeChild(index: number) {
    focusChild.current = Math.max(0, index - 1);
    setChildren((list) => list.filter((_, i) => i !== index));
    setErrors({});
  }

  const summary = toSummary(errors, FIELD_ORDER, (path) => idForPath(path, children), 'reason');
  const childErrors = (index: number): Partial<Record<ChildField, string>> => {
    const prefix = `children.${index}`;
    const own = Object.fromEntries(
      Object.entries(errors)
        .filter(([path]) => path.startsWith(`${prefix}.`))
        .map(([path, message]) => [path.slice(prefix.length + 1), message]),
    ) as Partial<Record<ChildField, string>>;
    // An error about the child as a whole (or the list) goes on its first field.
    const whole = errors[prefix] ?? (index === 0 ? errors.children : undefined);
    if (whole) {
      const field = children[index]?.mode === 'existing' ? 'childId' : 'name';
      own[field] ??= whole;
    }
    return own;
  };
  const label = choice ? inSentence(choice.label) : 'meeting';
  const pickedElsewhere = (index: number) =>
    new Map(
      children.flatMap((child, i) =>
        i !== index && child.mode === 'existing' && child.picked
          ? [[child.picked.id, `Already listed as child ${i + 1}`] as const]
          : [],
      ),
    );

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="create-meeting-form">
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <RadiosField
        id="type"
        legend="Type of meeting"
        legendClass="govuk-fieldset__legend--s"
        value={type}
        options={meetingTypes.map((option) => ({
          value: option.type,
          text: option.label,
          hint: TYPE_HINTS[option.type],
        }))}
        onChange={chooseType}
        error={errors.type}
      />
      {convenedFrom !== 'nothing' && (
        <PrecedingMeetingField
          convenedFrom={convenedFrom}
          meetings={preceding}
          value={precededByMeetingId}
          onChange={choosePreceding}
          error={errors.precededByMeetingId}
          required={type === 'icpc'}
        />
      )}
      <div role="status">{prefilled && convenedFrom !== 'nothing' && <p className="govuk-body">{prefilled}</p>}</div>
      <MeetingDetailsFields
        values={details}
        onChange={(change) => setDetails((previous) => ({ ...previous, ...change }))}
        errors={errors}
      />
      <TextField
        id="reference"
        name="reference"
        label="Reference (optional)"
        hint="Your case reference, using letters, numbers and hyphens. Leave blank and Roundtable will create one."
        value={reference}
        onChange={setReference}
        error={errors.reference}
        spellCheck={false}
        widthClass="govuk-input--width-20"
        labelClass="govuk-label--s"
      />
      <fieldset className="govuk-fieldset" aria-describedby="children-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h3 className="govuk-fieldset__heading">Children</h3>
        </legend>
        <div id="children-hint" className="govuk-hint">
          Add every child the meeting is about, including siblings and other children at risk in the same household. If
          a child is already on Roundtable, find their record so their history stays in one place.
        </div>
        {children.map((child, index) => (
          <ChildFields
            key={child.key}
            index={index}
            child={child}
            errors={childErrors(index)}
            onChange={(next) => updateChild(index, next)}
            onRemove={children.length > 1 ? () => removeChild(index) : undefined}
            unavailable={pickedElsewhere(index)}
          />
        ))}
        {children.length < LIMITS.childrenPerMeetingMax && (
          <button type="button" className="govuk-button govuk-button--secondary" onClick={addChild}>
            Add another child
          </button>
        )}
      </fieldset>
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
          Create {label}
        </button>
      </div>
    </form>
  );
}
