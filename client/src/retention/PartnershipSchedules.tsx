import { RETENTION_RECORD_TYPE_LABELS, type RetentionSchedule } from '@roundtable/shared/retention';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { periodText } from './periodText';

/**
 * Which retention schedule applies to whom (docs/RETENTION.md, "Per-partnership
 * schedules"): how records are matched to a partnership, then each
 * partnership's organisations and periods, marking those it sets itself.
 */
export function PartnershipSchedules({ schedules, matchedBy }: { schedules: RetentionSchedule[]; matchedBy: string }) {
  return (
    <>
      <h2 className="govuk-heading-m">Safeguarding partnerships’ schedules</h2>
      <p className="govuk-body" data-testid="retention-partnership-key">
        {matchedBy}
      </p>
      {schedules.length === 0 ? (
        <p className="govuk-body">No partnership sets its own schedule: the rules above apply to every record.</p>
      ) : (
        schedules.map((schedule) => (
          <ScrollableTable key={schedule.partnership} label={schedule.partnership}>
            <table className="govuk-table" data-testid="retention-partnership">
              <caption className="govuk-table__caption govuk-table__caption--s">
                {schedule.partnership}: {schedule.organisations.join(', ')}
              </caption>
              <TableHead columns={['Records', 'Kept for', 'Set by']} />
              <tbody className="govuk-table__body">
                {schedule.periods.map((p) => (
                  <tr key={p.recordType} className="govuk-table__row">
                    <th scope="row" className="govuk-table__header">
                      {RETENTION_RECORD_TYPE_LABELS[p.recordType]}
                    </th>
                    <td className="govuk-table__cell">{periodText(p.period)}</td>
                    <td className="govuk-table__cell">{p.own ? 'the partnership' : 'the deployment'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollableTable>
        ))
      )}
    </>
  );
}
