import type { CirculationRecipient, RecipientKind } from '@roundtable/shared/circulation';
import { formatDateTime } from '@roundtable/shared/dates';
import { ScrollableTable } from '../layout/ScrollableTable';
import { TableHead } from '../layout/TableHead';

const KIND_TEXT: Record<RecipientKind, string> = {
  member: 'Member',
  'non-member': 'Not a member',
  family: 'Family member',
};

/** "Downloaded on …" or "Sent on … – not yet downloaded", and an expired link. */
function statusText(recipient: CirculationRecipient, now: number): string {
  if (recipient.downloadedAt) return `Downloaded on ${formatDateTime(recipient.downloadedAt)}`;
  const sent = `Sent on ${formatDateTime(recipient.sentAt)} – not yet downloaded`;
  if (recipient.linkExpiresAt && Date.parse(recipient.linkExpiresAt) <= now) return `${sent} (link expired)`;
  return sent;
}

/**
 * Everyone the record was sent to, newest first: the version and which
 * reader's version, when it was sent, and whether they downloaded it. A
 * recipient of an older version (an addendum sealed a newer one) is tagged.
 */
export function RecipientsTable({ recipients }: { recipients: readonly CirculationRecipient[] }) {
  const now = Date.now();
  return (
    <ScrollableTable label="Recipients of the record" stack>
      <table className="govuk-table" id="circulation-recipients">
        <caption className="govuk-table__caption govuk-table__caption--s">Sent to</caption>
        <TableHead columns={['Recipient', 'Version sent', 'Status']} />
        <tbody className="govuk-table__body">
          {recipients.map((r) => (
            <tr
              className="govuk-table__row"
              key={r.id}
              data-recipient-id={r.id}
              data-downloaded={r.downloadedAt ? 'true' : 'false'}
            >
              <th scope="row" className="govuk-table__header">
                {r.name}
                <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-font-weight-regular">
                  {KIND_TEXT[r.kind]}
                  {r.organisation ? `, ${r.organisation}` : ''} – {r.email}
                </span>
              </th>
              <td className="govuk-table__cell" data-label="Version sent">
                Version {r.version}: {r.variantLabel}
                {r.outdated && (
                  <>
                    {' '}
                    <strong className="govuk-tag govuk-tag--yellow">Older version</strong>
                  </>
                )}
              </td>
              <td className="govuk-table__cell" data-label="Status">
                {statusText(r, now)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollableTable>
  );
}
