import { formatDateTime } from '@roundtable/shared/dates';
import { PageHeading } from '../layout/PageHeading';
import { usePageTitle } from '../layout/usePageTitle';
import { useFamilyMember } from './familySession';

/** The family member's start page until the family view (client/src/family/home) replaces it. */
export function FamilyPlaceholderHome() {
  const { member, meeting } = useFamilyMember();
  usePageTitle('Your meeting');
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <PageHeading caption={`Meeting ${meeting.reference}`}>Your meeting</PageHeading>
        <p className="govuk-body">Hello {member.displayName}. You are signed in to this meeting:</p>
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Meeting</dt>
            <dd className="govuk-summary-list__value">{meeting.typeLabel}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Reference</dt>
            <dd className="govuk-summary-list__value">{meeting.reference}</dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">When</dt>
            <dd className="govuk-summary-list__value">{formatDateTime(meeting.scheduledAt, { weekday: true })}</dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
