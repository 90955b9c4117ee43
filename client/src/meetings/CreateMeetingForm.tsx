import { LIMITS, type MeetingFormat } from '@roundtable/shared/constants';
import type { MeetingType } from '@roundtable/shared/pathway';
import { CreateMeetingRequestSchema, type CreateMeetingRequest, type MeetingSummary } from '@roundtable/shared/schemas';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../api';
import {
  emptyChild,
  idForChildField,
  isBlank,
  pickedChild,
  prefixErrors,
  toChildInput,
  childFieldIds,
  type ChildDraft,
  type ChildField,
} from '../children/childDraft';
import { londonLocalToIso } from '../dates';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary, type FieldErrors } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { ChildFields } from './ChildFields';
import { MeetingDetailsFields, type MeetingDetailsValues } from './MeetingDetailsFields';
import { eligiblePreceding } from './precedingMeetings';
import { PrecedingMeetingField, type MyMeetings } from './PrecedingMeetingField';
import { inSentence, useMeetingTypes, type MeetingTypeChoice } from './useMeetingTypes';

const FIELD_ORDER = ['type', 'precededByMeetingId', 'reason', 'scheduledAt', 'format', 'reference', 'children'];

const TYPE_HINTS: Record<MeetingType, string> = {
  'strategy-discussion': 'Decides whether to start section 47 enquiries.',
  icpc: 'Follows a strategy discussion that started section 47 enquiries, within 15 working days.',
  'core-group': 'Works the child protection plan: the first within 10 working days of the conference.',
  'review-conference': 'Reviews the child protection plan: the first within 3 months, then at least every 6 months.',
};

/** Maps an error path (`children.1.nhsNumber`) to the id of the input the summary links to. */
function idForPath(path: string, children: readonly ChildDraft[]): string | undefined {
  const child = /^children\.(\d+)(?:\.(\w+))?/.exec(path);
  if (child) {
    const index = Number(child[1]);
    return idForChildField(`children-${index}`, children[index], child[2]);
  }
  if (path === 'children') return idForChildField('children-0', children[0], undefined);
  return FIELD_ORDER.includes(path) ? path : undefined;
}

/** Builds the request and the errors only the browser can spot (date parts, the datetime input, a child not picked). */
function buildRequest(draft: {
  type: MeetingTypeChoice;
  precededByMeetingId: string;
  reference: string;
  reason: string;
  scheduledAt: string;
  format: MeetingFormat;
  children: ChildDraft[];
}): { body: CreateMeetingRequest; errors: FieldErrors } {
  let errors: FieldErrors = {};
  let scheduledAt = '';
  if (draft.scheduledAt.trim() === '') errors.scheduledAt = 'Enter the date and time of the meeting';
  else {
    const iso = londonLocalToIso(draft.scheduledAt);
    if (iso) scheduledAt = iso;
    else errors.scheduledAt = 'Date and time must be a real date and time';
  }
  if (draft.type.type === 'icpc' && draft.precededByMeetingId === '')
    errors.precededByMeetingId = 'Select the strategy discussion this conference follows';
  const picked = new Set<string>();
  const children = draft.children.map((child, index) => {
    const { input, errors: childErrors } = toChildInput(child);
    if (child.picked && child.mode === 'existing') {
      if (picked.has(child.picked.id)) childErrors.childId = `${child.picked.name} is already listed as a child above`;
      picked.add(child.picked.id);
    }
    errors = { ...errors, ...prefixErrors(`children.${index}`, childErrors) };
    return input;
  });
  const reference = draft.reference.trim();
  return {
    body: {
      ...(reference ? { reference } : {}),
      reason: draft.reason,
      scheduledAt,
      format: draft.format,
      type: draft.type.type,
      ...(draft.type.convenedFrom !== 'nothing' && draft.precededByMeetingId
        ? { precededByMeetingId: draft.precededByMeetingId }
        : {}),
      children,
    },
    errors,
  };
}

/** The children of the meeting a new one follows, as existing children, keeping what the user already entered. */
function withChildrenOf(meeting: MeetingSummary, drafts: readonly ChildDraft[]): ChildDraft[] {
  const kept = drafts.filter((draft) => !isBlank(draft));
  const known = new Set(kept.flatMap((draft) => (draft.mode === 'existing' && draft.picked ? [draft.picked.id] : [])));
  const added = meeting.children
    .filter((child) => !known.has(child.childId))
    .map((child) =>
      pickedChild({ id: child.childId, name: child.name, dateOfBirth: child.dateOfBirth, caseSystemId: null }),
    );
  const next = [...kept, ...added].slice(0, LIMITS.childrenPerMeetingMax);
  return next.length > 0 ? next : [emptyChild()];
}

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
    if (meeting) setChildren((drafts) => withChildrenOf(meeting, drafts));
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
