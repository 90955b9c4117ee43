import { AGENCIES, AGENCY_LABELS } from '@roundtable/shared/constants';
import type { AgencyReport } from '@roundtable/shared/pathway';
import type { MeetingDetail, UserResponse } from '@roundtable/shared/schemas';
import { api } from '../api';
import { ReportForm } from './ReportForm';
import { ReportItem } from './ReportItem';
import { useApiResource } from './useApiResource';

/**
 * Agencies' reports for the conference (DOMAIN-PATHWAY §1.4, §9.1 item 5):
 * every invited agency sends one; each agency decides whether the parents
 * see its report before the meeting, and says why not. Chair and
 * participants send their own; observers and minute takers read. Test hook:
 * `#conference-reports`, `[data-report-agency=<agency>]`.
 */
export function ReportsPanel({ meeting, me }: { meeting: MeetingDetail; me: UserResponse }) {
  const { data, problem, reload, setData } = useApiResource(`reports:${meeting.id}`, () =>
    api.conferences.reports.list(meeting.id),
  );
  const reports = data?.reports ?? null;
  const open = meeting.status !== 'concluded';
  const speaksForAgency = meeting.myRole === 'chair' || meeting.myRole === 'participant';
  const mine = reports?.find((report) => report.author.userId === me.id);
  const keep = (report: AgencyReport) => {
    setData((previous) => ({
      reports: [...(previous?.reports ?? []).filter((r) => r.id !== report.id), report],
    }));
    void reload();
  };
  const agencies = AGENCIES.filter((agency) => reports?.some((report) => report.agency === agency));

  return (
    <section aria-labelledby="conference-reports-heading" id="conference-reports">
      <h2 className="govuk-heading-l" id="conference-reports-heading">
        Agency reports
      </h2>
      <p className="govuk-body">
        Every agency invited sends a written report before the conference, even if it cannot attend. The parents see
        each report before the meeting unless the agency gives a safeguarding reason not to share it.
      </p>
      {open && speaksForAgency && reports !== null && (
        <p className="govuk-body">
          <a className="govuk-link" href="#report-form-heading">
            {mine ? 'Replace your report' : 'Send your report'}
          </a>
        </p>
      )}
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> The reports could not be loaded. {problem}
        </p>
      )}
      {reports === null && !problem && (
        <p className="govuk-body" role="status">
          Loading reports…
        </p>
      )}
      {reports !== null && (
        <>
          <h3 className="govuk-heading-m">Reports received</h3>
          {agencies.length === 0 && <p className="govuk-body">No agency has sent a report yet.</p>}
          {agencies.map((agency) => (
            <div key={agency} data-report-agency={agency}>
              <h4 className="govuk-heading-s govuk-!-margin-bottom-3">{AGENCY_LABELS[agency]}</h4>
              {reports
                .filter((report) => report.agency === agency)
                .map((report) => (
                  <ReportItem
                    key={report.id}
                    report={report}
                    canChangeSharing={open && speaksForAgency && report.agency === me.agency}
                    onChanged={keep}
                  />
                ))}
            </div>
          ))}
          {open && speaksForAgency && (
            <ReportForm meetingId={meeting.id} agency={me.agency} mine={mine} onSaved={keep} />
          )}
        </>
      )}
    </section>
  );
}
