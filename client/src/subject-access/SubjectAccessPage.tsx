import { formatTimestamp } from '@roundtable/shared/dates';
import {
  OpenSubjectAccessRequestSchema,
  REDACTION_EXEMPTION_LABELS,
  REDACTION_EXEMPTIONS,
  type RedactionExemption,
  SUBJECT_ITEM_KIND_LABELS,
  SUBJECT_KIND_LABELS,
  SUBJECT_KINDS,
  type SubjectAccessDetail,
  type SubjectAccessSummary,
  type SubjectItem,
  type SubjectKind,
} from '@roundtable/shared/subject-access';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorMessage } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { toSummary } from '../forms/fieldErrors';
import { RadiosField } from '../forms/RadiosField';
import { SelectField } from '../forms/SelectField';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { useFormSubmission } from '../forms/useFormSubmission';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { NoAccessPage } from '../pages/NoAccessPage';
import { useMe } from '../session/useSession';
import { useStepUp } from '../step-up/useStepUp';
import { TableHead } from '../layout/TableHead';

type RedactionBody = { span?: { start: number; end: number }; exemption: RedactionExemption; note: string };

const STATUS_LABELS = { open: 'Open: redacting', 'signed-off': 'Signed off' } as const;

/** Hands a file to the browser as a download. */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function Problem({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div className="govuk-error-summary" role="alert">
      <h2 className="govuk-error-summary__title">There is a problem</h2>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">{message}</p>
      </div>
    </div>
  );
}

/** Administrators only: subject access requests, newest first, and opening one (docs/SUBJECT-ACCESS.md). */
export function SubjectAccessPage() {
  const me = useMe();
  return me.isAdmin ? <SubjectAccessList /> : <NoAccessPage />;
}

/** Administrators only: one request's items, redactions, sign-off and export. */
export function SubjectAccessRequestPage() {
  const me = useMe();
  const { id = '' } = useParams();
  return me.isAdmin ? <SubjectAccessRequest id={id} meId={me.id} /> : <NoAccessPage />;
}

function SubjectAccessList() {
  usePageTitle('Subject access requests');
  const { withStepUp } = useStepUp();
  const [requests, setRequests] = useState<SubjectAccessSummary[] | null>(null);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    withStepUp(() => api.subjectAccess.list()).then(
      (result) => setRequests(result?.requests ?? []),
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, [withStepUp]);

  return (
    <>
      <PageHeading>Subject access requests</PageHeading>
      <p className="govuk-body">
        Assemble everything Roundtable holds about a child, a family member or a professional, withhold what the Data
        Protection Act 2018 exempts, have another administrator sign the redactions off, then export the bundle. Every
        step is in the audit trail.
      </p>
      <Problem message={problem} />
      <h2 className="govuk-heading-m">Requests</h2>
      {requests === null ? (
        <p className="govuk-body" role="status">
          Loading…
        </p>
      ) : requests.length === 0 ? (
        <p className="govuk-body">There are no subject access requests yet.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">Requests</caption>
          <TableHead columns={['Reference', 'About', 'Opened', 'Status']} />
          <tbody className="govuk-table__body">
            {requests.map((r) => (
              <tr className="govuk-table__row" key={r.id} data-testid="subject-access-request">
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/admin/subject-access/${r.id}`}>
                    {r.reference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{r.subjectName}</td>
                <td className="govuk-table__cell">
                  {formatTimestamp(r.openedAt)} by {r.openedBy.displayName}
                </td>
                <td className="govuk-table__cell">
                  <strong className={`govuk-tag ${r.status === 'open' ? 'govuk-tag--blue' : 'govuk-tag--green'}`}>
                    {STATUS_LABELS[r.status]}
                  </strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <OpenRequestForm />
    </>
  );
}

const OPEN_FIELDS: Record<string, string> = {
  reference: 'sar-reference',
  subject: 'sar-kind',
  'subject.childId': 'sar-subject',
  'subject.email': 'sar-subject',
  'subject.userId': 'sar-subject',
};

function OpenRequestForm() {
  const { withStepUp } = useStepUp();
  const [kind, setKind] = useState<SubjectKind | ''>('');
  const [subject, setSubject] = useState('');
  const [reference, setReference] = useState('');
  const [opened, setOpened] = useState<SubjectAccessDetail | null>(null);
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = subject.trim();
    const body = validate(OpenSubjectAccessRequestSchema, {
      reference,
      subject:
        kind === 'child'
          ? { kind, childId: value }
          : kind === 'professional'
            ? { kind, userId: value }
            : kind === 'family-member'
              ? { kind, email: value }
              : undefined,
    });
    if (body === undefined) return;
    await send(async () => {
      const result = await withStepUp(() => api.subjectAccess.open(body));
      if (result) setOpened(result);
    });
  }

  const summary = toSummary(errors, Object.keys(OPEN_FIELDS), (path) => OPEN_FIELDS[path], 'sar-reference');
  return (
    <form onSubmit={handleSubmit} noValidate data-testid="open-subject-access-form">
      <h2 className="govuk-heading-m">Open a request</h2>
      {opened && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              Request {opened.reference} about {opened.subjectName} is open ({opened.items.length} items).{' '}
              <Link className="govuk-notification-banner__link" to={`/admin/subject-access/${opened.id}`}>
                Review it
              </Link>
            </p>
          </div>
        </div>
      )}
      <ErrorSummary errors={summary} description={generalError} attempt={attempt} />
      <TextField
        id="sar-reference"
        name="reference"
        label="Your reference for the request"
        hint="For example your data protection officer’s case number, SAR-2026-014"
        value={reference}
        onChange={setReference}
        error={errors.reference}
      />
      <RadiosField
        id="sar-kind"
        legend="Who is the request about?"
        value={kind}
        options={SUBJECT_KINDS.map((value) => ({ value, text: SUBJECT_KIND_LABELS[value] }))}
        onChange={setKind}
        error={errors.subject}
      />
      <TextField
        id="sar-subject"
        name="subject"
        label={kind === 'family-member' ? 'Their email address' : 'Their record’s id'}
        hint={
          kind === 'family-member'
            ? 'The address they were invited to meetings with'
            : 'The id of the child’s record, or of the professional’s account'
        }
        value={subject}
        onChange={setSubject}
        error={errors['subject.childId'] ?? errors['subject.email'] ?? errors['subject.userId']}
      />
      <button type="submit" className="govuk-button" disabled={submitting}>
        Open request
      </button>
    </form>
  );
}

function SubjectAccessRequest({ id, meId }: { id: string; meId: string }) {
  usePageTitle('Subject access request');
  const { withStepUp } = useStepUp();
  const [detail, setDetail] = useState<SubjectAccessDetail | null>(null);
  const [problem, setProblem] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(() => {
    withStepUp(() => api.subjectAccess.get(id)).then(
      (result) => result && setDetail(result),
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, [id, withStepUp]);
  useEffect(load, [load]);

  /** Runs one change; true when it succeeded (the page shows the problem otherwise). */
  async function act(action: () => Promise<SubjectAccessDetail | undefined>, done: string): Promise<boolean> {
    setProblem(undefined);
    try {
      const result = await withStepUp(action);
      if (result) setDetail(result);
      setNotice(done);
      return true;
    } catch (error) {
      setProblem(errorMessage(error));
      return false;
    }
  }

  async function download(format: 'pdf' | 'json') {
    setProblem(undefined);
    try {
      const file = await withStepUp(() => api.subjectAccess.export(id, format));
      if (file) saveFile(file.blob, file.fileName);
      setNotice(`The ${format.toUpperCase()} bundle is downloaded; its SHA-256 is in the audit trail.`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  if (!detail) {
    return (
      <>
        <PageHeading>Subject access request</PageHeading>
        <Problem message={problem} />
        {!problem && (
          <p className="govuk-body" role="status">
            Loading…
          </p>
        )}
      </>
    );
  }
  const open = detail.status === 'open';
  const mayReview =
    open && detail.openedBy.userId !== meId && !detail.redactions.some((r) => r.redactedBy.userId === meId);
  return (
    <>
      <PageHeading caption={`Subject access request ${detail.reference}`}>{detail.subjectName}</PageHeading>
      <Problem message={problem} />
      {notice && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      )}
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">About</dt>
          <dd className="govuk-summary-list__value">{SUBJECT_KIND_LABELS[detail.subjectKind]}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Opened</dt>
          <dd className="govuk-summary-list__value">
            {formatTimestamp(detail.openedAt)} by {detail.openedBy.displayName}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Status</dt>
          <dd className="govuk-summary-list__value">
            {STATUS_LABELS[detail.status]}
            {detail.signedOffBy && detail.signedOffAt
              ? ` by ${detail.signedOffBy.displayName}, ${formatTimestamp(detail.signedOffAt)}`
              : ''}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Items and redactions</dt>
          <dd className="govuk-summary-list__value">
            {detail.items.length} items, {detail.redactions.length} redactions
          </dd>
        </div>
      </dl>
      {open ? (
        <div className="govuk-inset-text">
          {mayReview ? (
            <>
              <p className="govuk-body">
                You did not open this request or redact any of it, so you may sign its redactions off. After that
                nothing more can be redacted and the bundle can be exported.
              </p>
              <button
                type="button"
                className="govuk-button govuk-!-margin-bottom-0"
                onClick={() => act(() => api.subjectAccess.signOff(id), 'The redactions are signed off.')}
              >
                Sign off the redactions
              </button>
            </>
          ) : (
            <p className="govuk-body govuk-!-margin-bottom-0">
              Another administrator, who did not open this request or redact any of it, must sign the redactions off
              before the bundle can be exported.
            </p>
          )}
        </div>
      ) : (
        <div className="govuk-button-group">
          <button type="button" className="govuk-button" onClick={() => download('pdf')}>
            Download the bundle (PDF)
          </button>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => download('json')}>
            Download the bundle (JSON)
          </button>
        </div>
      )}
      <h2 className="govuk-heading-m">What is held</h2>
      {detail.items.map((item) => (
        <ItemCard
          key={item.key}
          item={item}
          redactions={detail.redactions.filter((r) => r.itemKey === item.key)}
          open={open}
          items={detail.items.filter(
            (other) => !detail.redactions.some((r) => r.itemKey === other.key && r.span === null),
          )}
          onRedact={(itemKey, body, done) => act(() => api.subjectAccess.redact(id, { itemKey, ...body }), done)}
        />
      ))}
    </>
  );
}

function ItemCard({
  item,
  redactions,
  open,
  items,
  onRedact,
}: {
  item: SubjectItem;
  redactions: SubjectAccessDetail['redactions'];
  open: boolean;
  items: SubjectItem[];
  onRedact: (itemKey: string, body: RedactionBody, done: string) => Promise<boolean>;
}) {
  const whole = redactions.some((r) => r.span === null);
  return (
    <section className="govuk-summary-card" data-testid="subject-item">
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">
          {SUBJECT_ITEM_KIND_LABELS[item.kind]}: {item.title}
          {whole && <strong className="govuk-tag govuk-tag--red govuk-!-margin-left-2">Withheld</strong>}
          {item.suggested && !whole && (
            <strong className="govuk-tag govuk-tag--yellow govuk-!-margin-left-2">Consider withholding</strong>
          )}
        </h3>
      </div>
      <div className="govuk-summary-card__content">
        <p className="govuk-body-s">
          {item.meetingReference ? `Meeting ${item.meetingReference}` : 'Not about one meeting'}
          {item.at ? `, ${formatTimestamp(item.at)}` : ''}
        </p>
        <p className="govuk-body" style={{ whiteSpace: 'pre-wrap' }}>
          {item.text}
        </p>
        {redactions.length > 0 && (
          <ul className="govuk-list govuk-list--bullet">
            {redactions.map((r) => (
              <li key={r.id}>
                {r.span ? `“${item.text.slice(r.span.start, r.span.end)}”` : 'The whole item'}:{' '}
                {REDACTION_EXEMPTION_LABELS[r.exemption]}. {r.note} ({r.redactedBy.displayName})
              </li>
            ))}
          </ul>
        )}
        {open && !whole && <RedactForm item={item} items={items} onRedact={onRedact} />}
      </div>
    </section>
  );
}

function RedactForm({
  item,
  items,
  onRedact,
}: {
  item: SubjectItem;
  items: SubjectItem[];
  onRedact: (itemKey: string, body: RedactionBody, done: string) => Promise<boolean>;
}) {
  const [passage, setPassage] = useState('');
  const [exemption, setExemption] = useState<RedactionExemption>(item.suggested ?? 'third-party');
  const [note, setNote] = useState('');
  const [everywhere, setEverywhere] = useState(false);
  const [error, setError] = useState<string>();
  const prefix = `redact-${item.key.replace(/[^A-Za-z0-9-]/g, '-')}`;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    if (note.trim() === '') return setError('Enter why this is withheld');
    const text = passage.trim();
    if (text !== '' && !item.text.includes(text)) {
      return setError('The passage is not in this item’s text: copy it exactly');
    }
    let ok = true;
    if (text === '') ok = await onRedact(item.key, { exemption, note }, 'The item is withheld.');
    // Every occurrence of the passage in this item, or in every item of the request still shown whole.
    let count = 0;
    for (const target of text === '' ? [] : everywhere ? items : [item]) {
      for (let at = target.text.indexOf(text); ok && at >= 0; at = target.text.indexOf(text, at + text.length)) {
        count += 1;
        ok = await onRedact(
          target.key,
          { span: { start: at, end: at + text.length }, exemption, note },
          `The passage is withheld (${count} ${count === 1 ? 'place' : 'places'}).`,
        );
      }
    }
    if (ok) {
      setPassage('');
      setNote('');
      setEverywhere(false);
    }
  }

  return (
    <details className="govuk-details govuk-!-margin-bottom-0">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Withhold this item or a passage</span>
      </summary>
      <form className="govuk-details__text" onSubmit={handleSubmit} noValidate>
        {error && (
          <p className="govuk-error-message" role="alert">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <TextField
          id={`${prefix}-passage`}
          name="passage"
          label="Passage to withhold"
          hint="Copy it from the text above. Leave empty to withhold the whole item."
          value={passage}
          onChange={setPassage}
        />
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div className="govuk-checkboxes__item">
              <input
                className="govuk-checkboxes__input"
                id={`${prefix}-everywhere`}
                type="checkbox"
                checked={everywhere}
                onChange={(event) => setEverywhere(event.target.checked)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`${prefix}-everywhere`}>
                Withhold the passage wherever it appears in this request (for example a third party’s name)
              </label>
            </div>
          </div>
        </div>
        <SelectField
          id={`${prefix}-exemption`}
          name="exemption"
          label="Exemption"
          value={exemption}
          options={REDACTION_EXEMPTIONS.map((value) => ({ value, text: REDACTION_EXEMPTION_LABELS[value] }))}
          onChange={setExemption}
        />
        <TextareaField
          id={`${prefix}-note`}
          name="note"
          label="Why it is withheld"
          hint="Seen by administrators only, never by the person who asked"
          value={note}
          onChange={setNote}
          rows={2}
        />
        <button type="submit" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0">
          Withhold
        </button>
      </form>
    </details>
  );
}
