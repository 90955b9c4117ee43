import { formatTimestamp } from '@roundtable/shared/dates';
import {
  type LegalHold,
  LEGAL_HOLD_SUBJECT_TYPES,
  type LegalHoldSubjectType,
  LiftLegalHoldRequestSchema,
  PlaceLegalHoldRequestSchema,
  RETENTION_RECORD_TYPE_LABELS,
  type RetentionRecordType,
  type RetentionStatusResponse,
} from '@roundtable/shared/retention';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api';
import { ErrorSummary } from '../forms/ErrorSummary';
import { RadiosField } from '../forms/RadiosField';
import { TextareaField } from '../forms/TextareaField';
import { TextField } from '../forms/TextField';
import { toSummary } from '../forms/fieldErrors';
import { useFormSubmission } from '../forms/useFormSubmission';
import { ProblemSummary, SuccessBanner } from '../layout/Banners';
import { PageHeading } from '../layout/PageHeading';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { usePageTitle } from '../layout/usePageTitle';
import { NoAccessPage } from '../pages/NoAccessPage';
import { useMe } from '../session/useSession';
import { useStepUp } from '../step-up/useStepUp';
import { PartnershipSchedules } from './PartnershipSchedules';
import { periodText } from './periodText';

const SUBJECT_LABELS: Record<LegalHoldSubjectType, string> = { meeting: 'A meeting', child: "A child's record" };

export { periodText };

/**
 * "Retention" for administrators (docs/RETENTION.md): each rule's period and
 * what is due and held now, the last destruction run and "run now" (step-up,
 * audited), and legal holds: placing one on a meeting or a child and lifting
 * it, each with a reason (step-up, audited).
 */
export function RetentionPage() {
  const me = useMe();
  return me.isAdmin ? <Retention /> : <NoAccessPage />;
}

function Retention() {
  usePageTitle('Retention and legal holds');
  const { withStepUp } = useStepUp();
  const [status, setStatus] = useState<RetentionStatusResponse | null>(null);
  const [holds, setHolds] = useState<LegalHold[] | null>(null);
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();

  const load = useCallback(() => {
    api.retention.status().then(setStatus, (error: unknown) => setProblem(errorMessage(error)));
    api.retention.holds().then(
      (r) => setHolds(r.holds),
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, []);
  useEffect(load, [load]);

  async function runNow() {
    setProblem(undefined);
    setDone(undefined);
    try {
      const { queued } = await withStepUp(() => api.retention.run());
      setDone(queued ? 'The retention run will start in a moment' : 'A retention run is already waiting to start');
      load();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  return (
    <>
      {done && <SuccessBanner id="retention-done">{done}</SuccessBanner>}
      {problem && <ProblemSummary problem={problem} testId="retention-problem" />}
      <PageHeading>Retention and legal holds</PageHeading>
      <p className="govuk-body">
        Records are destroyed when their retention period has passed, by a run every night (and when you ask for one).
        What is destroyed is replaced by a tombstone saying what it was, when and under which rule, and the audit trail
        records it. Records under a legal hold are never destroyed.
      </p>
      {status === null ? (
        !problem && (
          <p className="govuk-body" role="status">
            Loading…
          </p>
        )
      ) : (
        <>
          <ScrollableTable label="Retention rules">
            <table className="govuk-table" data-testid="retention-rules">
              <caption className="govuk-table__caption govuk-table__caption--m">Retention rules</caption>
              <TableHead
                columns={[
                  'Records',
                  'Kept for',
                  'Counted from',
                  { label: 'Due now', numeric: true },
                  { label: 'Of which held', numeric: true },
                ]}
              />
              <tbody className="govuk-table__body">
                {status.rules.map((rule) => (
                  <tr key={rule.recordType} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {RETENTION_RECORD_TYPE_LABELS[rule.recordType as RetentionRecordType] ?? rule.label}
                    </th>
                    <td className="govuk-table__cell">{periodText(rule.period)}</td>
                    <td className="govuk-table__cell">{rule.countedFrom}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{rule.due}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{rule.held}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollableTable>
          <PartnershipSchedules schedules={status.partnerships} matchedBy={status.partnershipKey} />
          <h2 className="govuk-heading-m">Destruction runs</h2>
          <dl className="govuk-summary-list" data-testid="retention-last-run">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Last run</dt>
              <dd className="govuk-summary-list__value">
                {status.lastRun === null
                  ? 'None yet'
                  : `${formatTimestamp(status.lastRun.startedAt)} (${status.lastRun.trigger === 'manual' ? 'asked for' : 'scheduled'}), ${
                      status.lastRun.error
                        ? `failed: ${status.lastRun.error}`
                        : status.lastRun.finishedAt
                          ? `destroyed ${Object.values(status.lastRun.destroyed).reduce((a, b) => a + b, 0)}`
                          : 'running'
                    }`}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Schedule</dt>
              <dd className="govuk-summary-list__value">
                <code>{status.cron}</code> (London time)
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Meetings and children destroyed so far</dt>
              <dd className="govuk-summary-list__value">{status.tombstones}</dd>
            </div>
          </dl>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Destruction cannot be undone. Place a legal hold first on anything that must be kept.
            </strong>
          </div>
          <button type="button" className="govuk-button govuk-button--warning" onClick={() => void runNow()}>
            Run retention now
          </button>
        </>
      )}
      <h2 className="govuk-heading-m">Legal holds</h2>
      {holds === null ? null : holds.length === 0 ? (
        <p className="govuk-body">No legal holds.</p>
      ) : (
        <ul className="govuk-list" data-testid="legal-holds">
          {holds.map((hold) => (
            <HoldItem key={hold.id} hold={hold} onLifted={load} />
          ))}
        </ul>
      )}
      <h3 className="govuk-heading-s">Place a legal hold</h3>
      <PlaceHoldForm onPlaced={load} />
    </>
  );
}

function HoldItem({ hold, onLifted }: { hold: LegalHold; onLifted: () => void }) {
  const { withStepUp } = useStepUp();
  const [lifting, setLifting] = useState(false);
  const [reason, setReason] = useState('');
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();
  const subject =
    hold.subjectType === 'meeting' ? `Meeting ${hold.subjectReference ?? hold.subjectId}` : `Child ${hold.subjectId}`;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = validate(LiftLegalHoldRequestSchema, { reason });
    if (!body) return;
    await send(async () => {
      await withStepUp(() => api.retention.liftHold(hold.id, body));
      setLifting(false);
      onLifted();
    });
  }

  const liftId = `lift-reason-${hold.id}`;
  return (
    <li className="govuk-!-margin-bottom-4">
      <strong>{subject}</strong>: {hold.liftedAt ? 'lifted' : 'in force'}. Placed by {hold.placedBy},{' '}
      {formatTimestamp(hold.placedAt)}: {hold.reason}
      {hold.liftedAt && (
        <>
          {' '}
          Lifted by {hold.liftedBy}, {formatTimestamp(hold.liftedAt)}: {hold.liftReason}
        </>
      )}
      {!hold.liftedAt &&
        (lifting ? (
          <form noValidate onSubmit={(event) => void handleSubmit(event)}>
            {(Object.keys(errors).length > 0 || generalError) && (
              <ErrorSummary
                errors={toSummary(errors, ['reason'], () => liftId, liftId)}
                description={generalError}
                attempt={attempt}
              />
            )}
            <TextareaField
              id={liftId}
              name="reason"
              label="Why the hold can be lifted"
              value={reason}
              onChange={setReason}
              error={errors.reason}
              rows={3}
            />
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button govuk-button--warning" disabled={submitting}>
                Lift the hold
              </button>
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setLifting(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setLifting(true)}>
              Lift<span className="govuk-visually-hidden"> the hold on {subject}</span>
            </button>
          </div>
        ))}
    </li>
  );
}

function PlaceHoldForm({ onPlaced }: { onPlaced: () => void }) {
  const { withStepUp } = useStepUp();
  const [subjectType, setSubjectType] = useState<LegalHoldSubjectType>('meeting');
  const [subjectId, setSubjectId] = useState('');
  const [reason, setReason] = useState('');
  const { errors, generalError, attempt, submitting, validate, send } = useFormSubmission();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = validate(PlaceLegalHoldRequestSchema, { subjectType, subjectId: subjectId.trim(), reason });
    if (!body) return;
    await send(async () => {
      await withStepUp(() => api.retention.placeHold(body));
      setSubjectId('');
      setReason('');
      onPlaced();
    });
  }

  const order = ['subjectType', 'subjectId', 'reason'];
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="place-hold-form">
      {(Object.keys(errors).length > 0 || generalError) && (
        <ErrorSummary
          errors={toSummary(errors, order, (path) => (order.includes(path) ? path : undefined), 'subjectType')}
          description={generalError}
          attempt={attempt}
        />
      )}
      <RadiosField
        id="subjectType"
        legend="What to hold"
        value={subjectType}
        options={LEGAL_HOLD_SUBJECT_TYPES.map((type) => ({ value: type, text: SUBJECT_LABELS[type] }))}
        onChange={setSubjectType}
        error={errors.subjectType}
        inline
      />
      <TextField
        id="subjectId"
        name="subjectId"
        label={subjectType === 'meeting' ? 'The meeting’s id' : 'The child’s id'}
        hint="From the address of its page, for example /meetings/… or /children/…"
        autoComplete="off"
        spellCheck={false}
        value={subjectId}
        onChange={setSubjectId}
        error={errors.subjectId}
        widthClass="govuk-!-width-two-thirds"
      />
      <TextareaField
        id="reason"
        name="reason"
        label="Why the records must be kept"
        hint="For example, care proceedings or an inquiry has asked for them"
        value={reason}
        onChange={setReason}
        error={errors.reason}
        rows={3}
      />
      <button type="submit" className="govuk-button" disabled={submitting}>
        Place the hold
      </button>
    </form>
  );
}
