import {
  type CirculationResponse,
  NON_MEMBER_VARIANT_LABELS,
  NON_MEMBER_VARIANTS,
  type NonMemberRecipient,
  NonMemberRecipientSchema,
  type NonMemberVariant,
} from '@roundtable/shared/circulation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, errorMessage, isApiError } from '../api';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { useStepUp } from '../step-up/useStepUp';

const VARIANT_OPTIONS = NON_MEMBER_VARIANTS.map((value) => ({
  value,
  text: NON_MEMBER_VARIANT_LABELS[value],
  hint:
    value === 'shared'
      ? 'What a professional with no need to know restricted information reads: no restricted information at all'
      : 'Only what the chair marked for the family, without professionals’ names',
}));
const FIELD_IDS: Record<string, string> = {
  name: 'non-member-name',
  email: 'non-member-email',
  organisation: 'non-member-organisation',
  variant: 'non-member-variant',
};

/** The recipients chosen so far. */
export interface Selection {
  members: string[];
  familyMembers: string[];
  nonMembers: NonMemberRecipient[];
}

/** Adds someone who is not a member (the GP, the referrer, an absent agency). */
function AddNonMember({ onAdd }: { onAdd: (person: NonMemberRecipient) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [variant, setVariant] = useState<NonMemberVariant | ''>('shared');
  const { errors, generalError, attempt, validate, clearErrors } = useFormSubmission();

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = validate(NonMemberRecipientSchema, { name, email, organisation, variant });
    if (parsed === undefined) return;
    clearErrors();
    onAdd(parsed);
    setName('');
    setEmail('');
    setOrganisation('');
    setVariant('shared');
  }

  const summary = toSummary(
    errors,
    ['name', 'email', 'organisation', 'variant'],
    (p) => FIELD_IDS[p],
    'non-member-name',
  );
  return (
    <form noValidate onSubmit={add} data-testid="add-non-member-form">
      <h4 className="govuk-heading-s">Someone who is not a member</h4>
      <p className="govuk-body">
        For example the GP, the referrer or an agency that did not attend. They get a link for them alone that asks for
        a code we email to them.
      </p>
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <TextField id="non-member-name" name="name" label="Name" value={name} onChange={setName} error={errors.name} />
      <TextField
        id="non-member-email"
        name="email"
        type="email"
        label="Email address"
        hint="Use a secure email address, such as nhs.net or a council address"
        value={email}
        onChange={setEmail}
        error={errors.email}
        autoComplete="off"
        spellCheck={false}
        inputMode="email"
        widthClass="govuk-!-width-full"
      />
      <TextField
        id="non-member-organisation"
        name="organisation"
        label="Organisation or role"
        hint="For example GP, Riverside Surgery"
        value={organisation}
        onChange={setOrganisation}
        error={errors.organisation}
      />
      <RadiosField
        id="non-member-variant"
        legend="Which version do they get?"
        legendClass="govuk-fieldset__legend--s"
        value={variant}
        options={VARIANT_OPTIONS}
        onChange={setVariant}
        error={errors.variant}
        small
      />
      <button type="submit" className="govuk-button govuk-button--secondary">
        Add this person
      </button>
    </form>
  );
}

/**
 * The chair chooses recipients, checks them, and sends the newest sealed
 * version (GOV.UK "check answers"). The server checks everything again.
 */
export function CirculateForm({
  circulation,
  initial,
  onSent,
}: {
  circulation: CirculationResponse;
  initial: Selection;
  onSent: (result: CirculationResponse, count: number) => void;
}) {
  const [selection, setSelection] = useState<Selection>(initial);
  const [checking, setChecking] = useState(false);
  const { generalError, attempt, submitting, fail, send } = useFormSubmission();
  const [serverProblems, setServerProblems] = useState<string[]>([]);
  const { withStepUp } = useStepUp();
  const checkRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => setSelection(initial), [initial]);
  useEffect(() => {
    if (checking) checkRef.current?.focus();
  }, [checking]);

  const { members, familyMembers } = circulation.candidates;
  const memberOptions = members
    .filter((m) => !m.unavailable)
    .map((m) => ({ value: m.id, text: m.name, hint: m.description }));
  const familyOptions = familyMembers
    .filter((m) => !m.unavailable)
    .map((m) => ({ value: m.id, text: m.name, hint: m.description }));
  const count = selection.members.length + selection.familyMembers.length + selection.nonMembers.length;
  const nameOf = (id: string) => [...members, ...familyMembers].find((m) => m.id === id)?.name ?? id;

  async function sendRecord() {
    setServerProblems([]);
    await send(
      async () => {
        const body = {
          members: selection.members.map((userId) => ({ userId })),
          familyMembers: selection.familyMembers.map((participantId) => ({ participantId })),
          nonMembers: selection.nonMembers,
        };
        const result = await withStepUp(() => api.circulation.send(circulation.meetingId, body));
        setChecking(false);
        onSent(result, count);
      },
      (error) => {
        if (isApiError(error, 'ValidationFailed')) setServerProblems(error.fields.map((f) => f.message));
        return { fields: {}, description: errorMessage(error) };
      },
    );
  }

  if (checking) {
    return (
      <div data-testid="circulation-check">
        <ErrorSummary errors={[]} description={generalError} attempt={attempt} />
        {serverProblems.length > 0 && (
          <ul className="govuk-list govuk-list--bullet govuk-error-message">
            {serverProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <h3 className="govuk-heading-s rt-focus-target" tabIndex={-1} ref={checkRef}>
          Check before you send version {circulation.latestVersion}
        </h3>
        <dl className="govuk-summary-list">
          {selection.members.map((id) => (
            <div className="govuk-summary-list__row" key={id}>
              <dt className="govuk-summary-list__key">{nameOf(id)}</dt>
              <dd className="govuk-summary-list__value">Member: their own version, in Roundtable</dd>
            </div>
          ))}
          {selection.familyMembers.map((id) => (
            <div className="govuk-summary-list__row" key={id}>
              <dt className="govuk-summary-list__key">{nameOf(id)}</dt>
              <dd className="govuk-summary-list__value">Family member: the family version, after they sign in</dd>
            </div>
          ))}
          {selection.nonMembers.map((p) => (
            <div className="govuk-summary-list__row" key={p.email}>
              <dt className="govuk-summary-list__key">{p.name}</dt>
              <dd className="govuk-summary-list__value">
                {p.organisation}, {p.email}: {NON_MEMBER_VARIANT_LABELS[p.variant as NonMemberVariant]}, through a link
                and a code
              </dd>
            </div>
          ))}
        </dl>
        <p className="govuk-body">
          Each person gets an email with the meeting’s reference and a link. The email says nothing about the child or
          what the record says.
        </p>
        <div className="govuk-button-group">
          <button type="button" className="govuk-button" disabled={submitting} onClick={() => void sendRecord()}>
            Send the record
          </button>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setChecking(false)}>
            Change recipients
          </button>
        </div>
      </div>
    );
  }

  return (
    <div data-testid="circulation-choose">
      <ErrorSummary errors={[]} description={generalError} attempt={attempt} />
      {memberOptions.length > 0 && (
        <CheckboxesField
          id="circulation-members"
          legend="Members of the meeting"
          legendClass="govuk-fieldset__legend--s"
          hint="Each gets their own version: without restricted information they may not read"
          values={selection.members}
          options={memberOptions}
          onChange={(values) => setSelection({ ...selection, members: values })}
          small
        />
      )}
      {familyOptions.length > 0 && (
        <CheckboxesField
          id="circulation-family"
          legend="Family members"
          legendClass="govuk-fieldset__legend--s"
          hint="They get the family version, after signing in with a code"
          values={selection.familyMembers}
          options={familyOptions}
          onChange={(values) => setSelection({ ...selection, familyMembers: values })}
          small
        />
      )}
      {selection.nonMembers.length > 0 && (
        <ul className="govuk-list" data-testid="non-member-recipients">
          {selection.nonMembers.map((p) => (
            <li key={p.email}>
              {p.name} ({p.organisation}), {p.email}{' '}
              <button
                type="button"
                className="govuk-link rt-link-button"
                onClick={() =>
                  setSelection({ ...selection, nonMembers: selection.nonMembers.filter((n) => n.email !== p.email) })
                }
              >
                Remove<span className="govuk-visually-hidden"> {p.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <AddNonMember
        onAdd={(person) =>
          setSelection({
            ...selection,
            nonMembers: [...selection.nonMembers.filter((n) => n.email !== person.email), person],
          })
        }
      />
      <button
        type="button"
        className="govuk-button"
        onClick={() => (count === 0 ? fail({}, 'Choose at least one recipient') : setChecking(true))}
      >
        Continue
      </button>
    </div>
  );
}
