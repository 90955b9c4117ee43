import { Link } from 'react-router';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';

/** GOV.UK "You do not have access" page: the audit trail, reached by someone who is not an auditor. */
export function NoAccessPage() {
  usePageTitle('You do not have access');
  return (
    <div className="govuk-grid-row" data-testid="no-access">
      <div className="govuk-grid-column-two-thirds">
        <PageHeading>You do not have access</PageHeading>
        <p className="govuk-body">
          The audit trail is only for safeguarding partner reviewers, such as the partnership’s business unit or an
          independent scrutineer.
        </p>
        <p className="govuk-body">
          If you need access for a partnership review, ask your agency’s Roundtable administrator.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to your meetings
          </Link>
        </p>
      </div>
    </div>
  );
}
