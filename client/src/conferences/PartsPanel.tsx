import type { MeetingPart } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import { formatDateTime } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { personWithAgency } from '../plans/planLabels';
import { StartPartForm } from './StartPartForm';

interface PartsPanelProps {
  meeting: MeetingDetail;
  parts: readonly MeetingPart[] | null;
  problem?: string;
  /** A part started or ended here: show it, then read the list again. */
  onChanged: (part: MeetingPart) => void;
}

/**
 * Parts of the conference held without the parents (DOMAIN-PATHWAY §1.7,
 * §9.1 item 6): the chair starts one with the reason and ends it when the
 * parents come back; every part is listed with its reason and times. Test
 * hooks: `#conference-parts`, `tr[data-part-id]`.
 */
export function PartsPanel({ meeting, parts, problem, onChanged }: PartsPanelProps) {
  const [ending, setEnding] = useState(false);
  const [endProblem, setEndProblem] = useState<string>();
  const chairRuns = meeting.myRole === 'chair' && meeting.status === 'live';
  const open = parts?.find((part) => part.endedAt === null);

  async function end(part: MeetingPart) {
    setEnding(true);
    setEndProblem(undefined);
    try {
      onChanged(await api.conferences.parts.end(meeting.id, part.id));
    } catch (error) {
      setEndProblem(errorMessage(error));
    } finally {
      setEnding(false);
    }
  }

  return (
    <section aria-labelledby="conference-parts-heading" id="conference-parts">
      <h2 className="govuk-heading-l" id="conference-parts-heading">
        Held without the parents
      </h2>
      <p className="govuk-body">
        Parents leave the conference only when there is a good reason, for example confidential information from a
        police investigation, and only for as long as needed. Each part is recorded with its reason and times, and the
        parents are told the decisions made while they were out.
      </p>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> The parts could not be loaded. {problem}
        </p>
      )}
      {chairRuns && parts !== null && (
        <>
          {open ? (
            <div className="govuk-!-margin-bottom-6">
              {endProblem && (
                <p className="govuk-error-message" role="alert">
                  <span className="govuk-visually-hidden">Error:</span> {endProblem}
                </p>
              )}
              <button type="button" className="govuk-button" disabled={ending} onClick={() => void end(open)}>
                End this part: the parents are back
              </button>
            </div>
          ) : (
            <StartPartForm meetingId={meeting.id} onStarted={onChanged} />
          )}
        </>
      )}
      {!chairRuns && meeting.status !== 'concluded' && (
        <p className="govuk-body">The chair starts and ends these parts while the conference is live.</p>
      )}
      {parts !== null && parts.length === 0 && (
        <p className="govuk-body">No part of this conference has been held without the parents.</p>
      )}
      {parts !== null && parts.length > 0 && (
        <ScrollableTable label="Parts held without the parents" stack>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--m">Parts held without the parents</caption>
            <TableHead columns={['Started', 'Ended', 'Reason', 'Started by']} />
            <tbody className="govuk-table__body">
              {parts.map((part) => (
                <tr className="govuk-table__row" key={part.id} data-part-id={part.id}>
                  <td className="govuk-table__cell" data-label="Started">
                    <time dateTime={part.startedAt}>{formatDateTime(part.startedAt)}</time>
                  </td>
                  <td className="govuk-table__cell" data-label="Ended">
                    {part.endedAt ? (
                      <time dateTime={part.endedAt}>{formatDateTime(part.endedAt)}</time>
                    ) : (
                      <strong className="govuk-tag govuk-tag--orange">Still going</strong>
                    )}
                  </td>
                  <td className="govuk-table__cell rt-preserve-lines" data-label="Reason">
                    {part.reason}
                  </td>
                  <td className="govuk-table__cell" data-label="Started by">
                    {personWithAgency(part.startedBy)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollableTable>
      )}
    </section>
  );
}
