import type { AdminUser } from '@roundtable/shared/admin';
import { AGENCIES, AGENCY_LABELS, LIMITS, type Agency } from '@roundtable/shared/constants';
import { CreateUserRequestSchema } from '@roundtable/shared/schemas';
import { useState, type FormEvent } from 'react';
import { api, isApiError } from '../api';
import { CheckboxesField } from '../forms/CheckboxesField';
import { ErrorSummary } from '../forms/ErrorSummary';
import { RadiosField } from '../forms/RadiosField';
import { SelectField } from '../forms/SelectField';
import { TextField } from '../forms/TextField';
import { toSummary } from '../forms/fieldErrors';
import { describeError, useFormSubmission } from '../forms/useFormSubmission';

type Kind = 'member' | 'admin' | 'auditor';
const FIELD_ORDER = [
  'email',
  'displayName',
  'jobTitle',
  'agency',
  'organisation',
  'isAuditor',
  'canChair',
  'teamManager',
  'password',
];
const KIND_OPTIONS = [
  { value: 'member', text: 'Practitioner', hint: 'Joins the strategy discussions they are invited to' },
  { value: 'admin', text: 'Administrator', hint: 'Manages accounts; joins no meeting unless invited' },
  { value: 'auditor', text: 'Safeguarding partner reviewer', hint: 'Reads the audit trail and final records only' },
] as const;
const PERMISSION_OPTIONS = [
  {
    value: 'can-chair',
    text: 'Can convene and chair strategy discussions',
    hint: 'For team managers and child protection chairs. Leave it unticked for everyone else, including students, business support and administrators.',
  },
  {
    value: 'team-manager',
    text: 'Team manager',
    hint: 'Sees the caseload of every child whose lead child protection practitioner is in their organisation, and can name a lead child protection practitioner in it.',
  },
] as const;
type Permission = (typeof PERMISSION_OPTIONS)[number]['value'];

/** "Create an account": the person's details, what kind of account, and an initial password given to them out of band. */
export function AdminCreateUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [jobTitle, setJobTitle] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [agency, setAgency] = useState<Agency>('childrens-social-care');
  const [kind, setKind] = useState<Kind>('member');
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [password, setPassword] = useState('');
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = validate(CreateUserRequestSchema, {
      email,
      displayName,
      jobTitle,
      agency,
      organisation: organisation.trim() === '' ? null : organisation,
      password,
      isAdmin: kind === 'admin',
      isAuditor: kind === 'auditor',
      canChair: kind !== 'auditor' && permissions.includes('can-chair'),
      teamManager: kind !== 'auditor' && permissions.includes('team-manager'),
    });
    if (!body) return;
    await send(
      async () => {
        const created = await api.admin.users.create(body);
        setEmail('');
        setDisplayName('');
        setJobTitle('');
        setOrganisation('');
        setPassword('');
        setKind('member');
        setPermissions([]);
        onCreated(created);
      },
      (error) => {
        if (isApiError(error, 'EmailTaken'))
          return { fields: { email: 'An account with this email address already exists' } };
        return describeError(error);
      },
    );
  }

  const summary = toSummary(
    errors,
    FIELD_ORDER,
    (path) =>
      path === 'isAuditor' || path === 'isAdmin'
        ? 'kind'
        : path === 'teamManager'
          ? 'canChair'
          : FIELD_ORDER.includes(path)
            ? path
            : undefined,
    'email',
  );
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="create-user-form">
      {(summary.length > 0 || generalError) && (
        <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      )}
      <TextField
        id="email"
        name="email"
        label="Email address"
        type="email"
        autoComplete="off"
        spellCheck={false}
        value={email}
        onChange={setEmail}
        error={errors.email}
        widthClass="govuk-!-width-two-thirds"
      />
      <TextField
        id="displayName"
        name="displayName"
        label="Full name"
        hint="As colleagues know them, for example DS Jordan Mock"
        autoComplete="off"
        value={displayName}
        onChange={setDisplayName}
        error={errors.displayName}
        widthClass="govuk-!-width-two-thirds"
      />
      <TextField
        id="jobTitle"
        name="jobTitle"
        label="Job title"
        autoComplete="off"
        value={jobTitle}
        onChange={setJobTitle}
        error={errors.jobTitle}
        widthClass="govuk-!-width-two-thirds"
      />
      <SelectField
        id="agency"
        name="agency"
        label="Agency"
        value={agency}
        options={AGENCIES.map((a) => ({ value: a, text: AGENCY_LABELS[a] }))}
        onChange={setAgency}
        error={errors.agency}
      />
      <TextField
        id="organisation"
        name="organisation"
        label="Organisation (optional)"
        hint="Within their agency, for example Testshire Police or Testshire NHS Foundation Trust"
        autoComplete="off"
        value={organisation}
        onChange={setOrganisation}
        error={errors.organisation}
        widthClass="govuk-!-width-two-thirds"
      />
      <RadiosField
        id="kind"
        legend="Kind of account"
        legendClass="govuk-fieldset__legend--s"
        value={kind}
        options={KIND_OPTIONS}
        onChange={setKind}
        error={errors.isAuditor ?? errors.isAdmin}
      />
      {kind !== 'auditor' && (
        <CheckboxesField
          id="canChair"
          legend="Permissions"
          legendClass="govuk-fieldset__legend--s"
          values={permissions}
          options={PERMISSION_OPTIONS}
          onChange={setPermissions}
          error={errors.canChair ?? errors.teamManager}
        />
      )}
      <TextField
        id="password"
        name="password"
        label="Initial password"
        hint={`At least ${LIMITS.passwordMinLength} characters. Give it to the person by a different route from their email address.`}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        widthClass="govuk-!-width-one-half"
      />
      <button type="submit" className="govuk-button" disabled={submitting} aria-disabled={submitting || undefined}>
        Create account
      </button>
    </form>
  );
}
