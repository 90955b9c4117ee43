import type { FamilyMeetingResponse, FamilyView } from '@roundtable/shared/family-view';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api';
import { formatDate, formatDateTime } from '../../dates';
import { usePageTitle } from '../../layout/usePageTitle';
import { useFamilyMember } from '../familySession';
import { FamilySections } from './FamilySections';
import { FamilyViewForm } from './FamilyViewForm';
import { familyViewApi } from './familyViewApi';

const STATUS_TEXT: Record<FamilyMeetingResponse['meeting']['status'], string> = {
  scheduled: 'Not started yet',
  live: 'Happening now',
  concluded: 'Finished',
};

/**
 * The family member's home at /family (docs/FAMILY.md "The family view"):
 * plain English, phone first. What the meeting is, what has been shared with
 * them, the reports shared with them, their attendance, and a form to tell the
 * meeting what they think. Only what the server sends: it never sends anything
 * the chair did not share. Test hook: `[data-testid=family-home]`.
 */
export function FamilyHome() {
  usePageTitle('Your meeting');
  const session = useFamilyMember();
  const [data, setData] = useState<FamilyMeetingResponse | null>(null);
  const [problem, setProblem] = useState<string>();

  const load = useCallback(async () => {
    try {
      setData(await familyViewApi.meeting());
      setProblem(undefined);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const added = (view: FamilyView) => setData((d) => (d ? { ...d, views: [...d.views, view] } : d));

  if (!data) {
    return (
      <div data-testid="family-home">
        <span className="govuk-caption-l">{session.member.displayName}</span>
        <h1 className="govuk-heading-xl">Your meeting</h1>
        <p className="govuk-body govuk-!-margin-bottom-1">{session.meeting.typeLabel}</p>
        <p className="govuk-body">{`Reference ${session.meeting.reference}`}</p>
        {problem ? (
          <p className="govuk-error-message" role="alert">
            <span className="govuk-visually-hidden">Error:</span> {problem}
          </p>
        ) : (
          <p className="govuk-body">Loading…</p>
        )}
      </div>
    );
  }
  const { meeting } = data;
  const nothingShared =
    data.record.length === 0 &&
    data.safetyPlan.length === 0 &&
    data.decisions.length === 0 &&
    data.actions.length === 0;
  return (
    <div data-testid="family-home">
      <span className="govuk-caption-l">{data.you.displayName}</span>
      <h1 className="govuk-heading-xl">Your meeting</h1>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      {data.withoutFamily && (
        <div className="govuk-notification-banner" role="region" aria-labelledby="family-continuing-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="family-continuing-title">
              Important
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading" data-testid="family-continuing">
              {data.continuing}
            </p>
          </div>
        </div>
      )}

      <h2 className="govuk-heading-l">What this meeting is</h2>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Meeting</dt>
          <dd className="govuk-summary-list__value">{meeting.typeLabel}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">When</dt>
          <dd className="govuk-summary-list__value">
            <time dateTime={meeting.scheduledAt}>{formatDateTime(meeting.scheduledAt)}</time>
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Now</dt>
          <dd className="govuk-summary-list__value">{STATUS_TEXT[meeting.status]}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">About</dt>
          <dd className="govuk-summary-list__value">{data.children.join(', ')}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Reference</dt>
          <dd className="govuk-summary-list__value">{meeting.reference}</dd>
        </div>
      </dl>

      <h2 className="govuk-heading-l">Your attendance</h2>
      <p className="govuk-body" data-testid="family-attendance">
        {data.attendance.text}
      </p>
      {data.attendance.interpreterLanguage && (
        <p className="govuk-body">An interpreter ({data.attendance.interpreterLanguage}) helped you.</p>
      )}
      {data.attendance.advocate && <p className="govuk-body">Your advocate: {data.attendance.advocate}.</p>}

      <h2 className="govuk-heading-l">Tell the meeting what you think</h2>
      {data.canAddViews ? (
        <FamilyViewForm onAdded={added} />
      ) : (
        <p className="govuk-body">The meeting has finished, so you cannot add anything here now.</p>
      )}
      {data.views.length > 0 && (
        <>
          <h3 className="govuk-heading-m">What you have told the meeting</h3>
          <ul className="govuk-list" data-testid="family-own-views">
            {data.views.map((view) => (
              <li key={view.id} className="govuk-!-margin-bottom-4">
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  <time dateTime={view.submittedAt}>{formatDateTime(view.submittedAt)}</time>
                </p>
                <p className="govuk-body rt-preserve-lines">{view.text}</p>
              </li>
            ))}
          </ul>
        </>
      )}

      {session.meeting.type === 'fgdm' && (
        <p className="govuk-body">
          <Link className="govuk-link govuk-!-font-weight-bold" to="/family/plan">
            Write your family’s plan together
          </Link>
        </p>
      )}

      <h2 className="govuk-heading-l">What has been shared with you</h2>
      {!data.withoutFamily && nothingShared && (
        <p className="govuk-body">The chair has not shared anything from the meeting with you yet.</p>
      )}
      <FamilySections sections={data.record} />
      {data.safetyPlan.length > 0 && (
        <p className="govuk-body">
          <Link className="govuk-link" to="/family/safety-plan">
            Read and sign the safety plan
          </Link>
        </p>
      )}
      {data.decisions.map((decision, index) => (
        <section key={index} aria-labelledby={`family-decision-${index}`}>
          <h3 className="govuk-heading-m" id={`family-decision-${index}`}>
            {decision.question}
          </h3>
          <p className="govuk-body">
            {decision.outcome.length > 0 ? `Decided: ${decision.outcome.join(', ')}` : 'Not decided yet.'}
          </p>
          {decision.reasons && <p className="govuk-body rt-preserve-lines">Why: {decision.reasons}</p>}
          {decision.views.map((view, i) => (
            <p className="govuk-body rt-preserve-lines" key={`v${i}`}>
              {view.agency} said: {view.reasons}
            </p>
          ))}
          {decision.dissents.map((dissent, i) => (
            <p className="govuk-body rt-preserve-lines" key={`d${i}`}>
              {dissent.agency} disagreed: {dissent.reasons}
            </p>
          ))}
        </section>
      ))}
      {data.actions.length > 0 && (
        <>
          <h3 className="govuk-heading-m">What people will do</h3>
          <ul className="govuk-list govuk-list--bullet">
            {data.actions.map((action, index) => (
              <li key={index}>
                {action.description} ({action.agency}, by {formatDate(action.dueAt.slice(0, 10))})
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 className="govuk-heading-l">Reports shared with you</h2>
      {data.reports.length === 0 ? (
        <p className="govuk-body">No reports have been shared with you.</p>
      ) : (
        data.reports.map((report, index) => (
          <section key={index} aria-labelledby={`family-report-${index}`}>
            <h3 className="govuk-heading-m" id={`family-report-${index}`}>
              Report from {report.agency}
            </h3>
            {report.sharedAt && (
              <p className="govuk-body-s">
                Shared with you on <time dateTime={report.sharedAt}>{formatDateTime(report.sharedAt)}</time>
              </p>
            )}
            <p className="govuk-body rt-preserve-lines">{report.text}</p>
          </section>
        ))
      )}

      <h2 className="govuk-heading-l">The record of the meeting</h2>
      <p className="govuk-body">
        <Link className="govuk-link" to="/family/record">
          Download your copy of the record
        </Link>{' '}
        when the meeting has finished.
      </p>
    </div>
  );
}
