import type { FgdmState, SupportItem } from '@roundtable/shared/fgdm';
import { useState } from 'react';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';
import { AddSupportForm } from './AddSupportForm';
import { formatPounds } from './fgdmDrafts';
import { WithdrawSupportForm } from './WithdrawSupportForm';

interface SupportPackageProps {
  meetingId: string;
  items: readonly SupportItem[];
  /** The coordinator: adds and withdraws items. */
  canEdit?: boolean;
  onChanged?: (state: FgdmState) => void;
  /** Heading level: the family's page has fewer levels above it. */
  headingLevel?: 2 | 3;
  /** The family reads it as support for them. */
  audience?: 'family' | 'professionals';
}

/** "Approved", "Not yet approved" or "Withdrawn" as a tag. */
function SupportStatus({ item }: { item: SupportItem }) {
  if (item.withdrawnAt !== null) return <strong className="govuk-tag govuk-tag--grey">Withdrawn</strong>;
  if (item.approved) return <strong className="govuk-tag govuk-tag--green">Approved</strong>;
  return <strong className="govuk-tag govuk-tag--yellow">Not yet approved</strong>;
}

/**
 * The family network support package (DOMAIN-PATHWAY §5.3): who the support
 * is for, what it is, what it costs, how often and whether it is approved.
 * The coordinator adds items and withdraws them with a reason; withdrawn items
 * stay listed. Test hooks: `#fgdm-support`, `tr[data-support-id][data-withdrawn]`.
 */
export function SupportPackage({
  meetingId,
  items,
  canEdit = false,
  onChanged,
  headingLevel = 3,
  audience = 'professionals',
}: SupportPackageProps) {
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const approvedTotal = items
    .filter((item) => item.withdrawnAt === null && item.approved)
    .reduce((sum, item) => sum + item.costPence, 0);
  const headers = ['Who for', 'Support', 'Cost', 'How often', 'Approved', ...(canEdit ? ['Change'] : [])];

  return (
    <section aria-labelledby="fgdm-support-heading" id="fgdm-support">
      <Heading className="govuk-heading-m" id="fgdm-support-heading">
        {audience === 'family' ? 'Support for your family' : 'Family network support package'}
      </Heading>
      {items.length === 0 ? (
        <p className="govuk-body">No support has been added yet.</p>
      ) : (
        <ScrollableTable label="Family network support package" stack>
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">
              Approved support: {formatPounds(approvedTotal)} in total
            </caption>
            <TableHead columns={headers} />
            <tbody className="govuk-table__body">
              {items.map((item) => {
                const withdrawn = item.withdrawnAt !== null;
                return (
                  <tr className="govuk-table__row" key={item.id} data-support-id={item.id} data-withdrawn={withdrawn}>
                    <td className="govuk-table__cell" data-label="Who for">
                      {item.who}
                    </td>
                    <td className="govuk-table__cell rt-preserve-lines" data-label="Support">
                      {item.support}
                      {withdrawn && item.withdrawnReason && (
                        <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1">
                          Withdrawn because: {item.withdrawnReason}
                        </span>
                      )}
                    </td>
                    <td className="govuk-table__cell" data-label="Cost">
                      {item.costPence === 0 ? 'No cost' : formatPounds(item.costPence)}
                    </td>
                    <td className="govuk-table__cell" data-label="How often">
                      {item.frequency}
                    </td>
                    <td className="govuk-table__cell" data-label="Approved">
                      <SupportStatus item={item} />
                    </td>
                    {canEdit && (
                      <td className="govuk-table__cell" data-label="Change">
                        {!withdrawn &&
                          (withdrawing === item.id ? (
                            <WithdrawSupportForm
                              meetingId={meetingId}
                              item={item}
                              onWithdrawn={(state) => {
                                setWithdrawing(null);
                                onChanged?.(state);
                              }}
                              onCancel={() => setWithdrawing(null)}
                            />
                          ) : (
                            <button
                              type="button"
                              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                              onClick={() => setWithdrawing(item.id)}
                            >
                              Withdraw<span className="govuk-visually-hidden"> the support for {item.who}</span>
                            </button>
                          ))}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollableTable>
      )}
      {canEdit && onChanged && <AddSupportForm meetingId={meetingId} onAdded={onChanged} />}
    </section>
  );
}
