import { formatTimestamp } from '@roundtable/shared/dates';
import type { OutboxPage as OutboxPageData } from '@roundtable/shared/family';
import { useEffect, useState } from 'react';
import { deliveryOf } from './delivery';
import { api, errorMessage } from '../api';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { NoAccessPage } from '../pages/NoAccessPage';
import { useMe } from '../session/useSession';

/** Administrators only: the emails Roundtable sent, or (without SMTP_URL) only recorded. */
export function OutboxPage() {
  const me = useMe();
  return me.isAdmin ? <Outbox /> : <NoAccessPage />;
}

function Outbox() {
  usePageTitle('Email outbox');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<OutboxPageData | null>(null);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    api.outbox.page(page).then(
      (result) => {
        if (!cancelled) setData(result);
      },
      (error: unknown) => {
        if (!cancelled) setProblem(errorMessage(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [page]);

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <>
      <PageHeading>Email outbox</PageHeading>
      <p className="govuk-body">
        Every email Roundtable has sent, newest first. Without a mail server (SMTP_URL) emails are only kept here: give
        family members their sign-in codes from this page.
      </p>
      {problem && (
        <div className="govuk-error-summary" role="alert">
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{problem}</p>
          </div>
        </div>
      )}
      {data === null ? (
        <p className="govuk-body" role="status">
          Loading…
        </p>
      ) : data.messages.length === 0 ? (
        <p className="govuk-body">No emails yet.</p>
      ) : (
        <ol className="govuk-list" data-testid="outbox">
          {data.messages.map((message) => (
            <li key={message.id} className="govuk-!-margin-bottom-6" data-outbox-to={message.toAddress}>
              <h2 className="govuk-heading-s govuk-!-margin-bottom-1">{message.subject}</h2>
              <p className="govuk-body-s govuk-!-margin-bottom-1">
                To {message.toAddress}, {formatTimestamp(message.createdAt)}. {deliveryOf(message)}
                {message.calendarMethod === 'REQUEST' && ' With a calendar invitation.'}
                {message.calendarMethod === 'CANCEL' && ' With a calendar cancellation.'}
              </p>
              <pre className="govuk-body rt-outbox__text">{message.bodyText}</pre>
            </li>
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav className="govuk-pagination" aria-label="Outbox pages">
          {page > 1 && (
            <div className="govuk-pagination__prev">
              <button type="button" className="govuk-link rt-link-button" onClick={() => setPage(page - 1)}>
                Newer emails
              </button>
            </div>
          )}
          {page < pages && (
            <div className="govuk-pagination__next">
              <button type="button" className="govuk-link rt-link-button" onClick={() => setPage(page + 1)}>
                Older emails
              </button>
            </div>
          )}
        </nav>
      )}
    </>
  );
}
