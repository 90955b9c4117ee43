import type { PlanContent } from '@roundtable/shared/pathway';
import { formatDate } from '../dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { PLAN_AGENCY_LABELS } from './planLabels';

type Level = 3 | 4;

function Heading({ level, children }: { level: Level; children: string }) {
  const Tag = level === 3 ? 'h3' : 'h4';
  return <Tag className={level === 3 ? 'govuk-heading-m' : 'govuk-heading-s'}>{children}</Tag>;
}

/**
 * One version of a child protection plan, read only (DOMAIN-PATHWAY §4): what
 * must change, with each outcome's actions (owner, agency, due date,
 * progress), the contingency plan, review dates and how often the core group
 * meets. `level` is the heading level its parts start at.
 */
export function PlanContentView({ content, level = 3 }: { content: PlanContent; level?: Level }) {
  return (
    <div>
      <Heading level={level}>What must change</Heading>
      {content.outcomes.length === 0 && <p className="govuk-body">No outcomes have been written yet.</p>}
      {content.outcomes.map((outcome, o) => (
        <div className="rt-plan-outcome" key={outcome.id} data-outcome-id={outcome.id}>
          <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">Outcome {o + 1}</p>
          <p className="govuk-body rt-preserve-lines">{outcome.text}</p>
          {outcome.actions.length === 0 ? (
            <p className="govuk-body">No actions for this outcome yet.</p>
          ) : (
            <ScrollableTable label={`Actions for outcome ${o + 1}`} stack>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">Actions for outcome {o + 1}</caption>
                <TableHead columns={['Action', 'Owner', 'Agency', 'Due', 'Progress']} />
                <tbody className="govuk-table__body">
                  {outcome.actions.map((action) => (
                    <tr className="govuk-table__row" key={action.id} data-action-id={action.id}>
                      <td className="govuk-table__cell rt-preserve-lines" data-label="Action">
                        {action.text}
                      </td>
                      <td className="govuk-table__cell" data-label="Owner">
                        {action.owner}
                      </td>
                      <td className="govuk-table__cell" data-label="Agency">
                        {PLAN_AGENCY_LABELS[action.agency]}
                      </td>
                      <td className="govuk-table__cell" data-label="Due">
                        <time dateTime={action.dueDate}>{formatDate(action.dueDate)}</time>
                      </td>
                      <td className="govuk-table__cell rt-preserve-lines" data-label="Progress">
                        {action.progress || 'None recorded yet'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollableTable>
          )}
        </div>
      ))}
      <Heading level={level}>Contingency plan</Heading>
      <p className="govuk-body rt-preserve-lines">
        {content.contingency || 'No contingency plan has been written yet.'}
      </p>
      <Heading level={level}>Review dates</Heading>
      {content.reviewDates.length === 0 ? (
        <p className="govuk-body">None set.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {content.reviewDates.map((date) => (
            <li key={date}>
              <time dateTime={date}>{formatDate(date)}</time>
            </li>
          ))}
        </ul>
      )}
      <Heading level={level}>Core group meetings</Heading>
      <p className="govuk-body">
        Every {content.coreGroupEveryWeeks} {content.coreGroupEveryWeeks === 1 ? 'week' : 'weeks'}
      </p>
    </div>
  );
}
