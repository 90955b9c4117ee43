import { MEETING_TYPE_LABELS, type ChronologyEntry } from '@roundtable/shared/pathway';
import { Link } from 'react-router';
import { formatDayOf } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';

/** A link within this page (`/children/<id>#plan`) is a plain anchor: the router would not scroll to it. */
function EntryLink({ href, pagePath, children }: { href: string; pagePath: string; children: string }) {
  if (href.startsWith(`${pagePath}#`))
    return (
      <a className="govuk-link" href={href.slice(pagePath.length)}>
        {children}
      </a>
    );
  return (
    <Link className="govuk-link" to={href}>
      {children}
    </Link>
  );
}

/**
 * The child's chronology: every meeting, decision, category, plan change,
 * action, dissent and sealed record, oldest first, each linked to where it is
 * recorded. Test hooks: `#chronology` (caption "Chronology"), `tr[data-kind]`.
 */
export function ChronologyTable({ entries, childId }: { entries: readonly ChronologyEntry[]; childId: string }) {
  const pagePath = `/children/${childId}`;
  const sorted = [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <section aria-labelledby="chronology-heading" id="chronology-section" className="govuk-!-margin-top-8">
      <h2 className="govuk-heading-m" id="chronology-heading">
        Chronology
      </h2>
      {sorted.length === 0 ? (
        <p className="govuk-body">Nothing is recorded yet.</p>
      ) : (
        <>
          <p className="govuk-body">Oldest first. Each entry links to where it is recorded.</p>
          <ScrollableTable label="Chronology, oldest first" stack>
            <table className="govuk-table" id="chronology">
              <caption className="govuk-table__caption govuk-visually-hidden">Chronology</caption>
              <TableHead columns={['Date', 'What happened', 'Meeting']} />
              <tbody className="govuk-table__body">
                {sorted.map((entry, index) => (
                  <tr className="govuk-table__row" key={`${entry.at}:${entry.kind}:${index}`} data-kind={entry.kind}>
                    <td className="govuk-table__cell" data-label="Date">
                      <time dateTime={entry.at}>{formatDayOf(entry.at)}</time>
                    </td>
                    <td className="govuk-table__cell" data-label="What happened">
                      <EntryLink href={entry.href} pagePath={pagePath}>
                        {entry.title}
                      </EntryLink>
                      {entry.detail && (
                        <p className="govuk-body-s rt-secondary-text govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                          {entry.detail}
                        </p>
                      )}
                    </td>
                    <td className="govuk-table__cell" data-label="Meeting">
                      {entry.meeting
                        ? `${entry.meeting.reference} (${MEETING_TYPE_LABELS[entry.meeting.type]})`
                        : 'None'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollableTable>
        </>
      )}
    </section>
  );
}
