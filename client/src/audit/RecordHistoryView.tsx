import type { RecordHistoryResponse } from '@roundtable/shared/audit';
import { AGENCY_LABELS } from '@roundtable/shared/constants';

/** Why a stored change was set aside, as an auditor reads it. */
const SET_ASIDE_REASONS: Record<RecordHistoryResponse['setAside'][number]['problem'], string> = {
  'does-not-decode': 'it is not a readable change',
  'missing-dependency': 'it depends on changes that were never stored',
  'forward-reference': 'it refers to a change its sender had not made',
  'missing-deletion-target': 'it deletes text that was never stored',
  'unsafe-overlap': 'it repeats part of an earlier change in a way that cannot be applied',
};
import { formatAuditTime } from './auditTime';
import { AUTHOR_STYLES, contributorsOf } from './contributors';
import { HistoryBlock } from './HistoryBlock';

/**
 * The record as it was at a moment, section by section. Each run of text is
 * attributed: an underline whose style differs between neighbouring authors,
 * a numbered marker naming the author (on hover and focus, and to screen
 * readers), and under each paragraph the people who wrote it.
 *
 * Test hooks: `[data-testid=record-history][data-at]`, `[data-section=<key>]`,
 * `[data-author-id]` on each run, `#record-contributors li[data-author-id]`.
 */
export function RecordHistoryView({ record }: { record: RecordHistoryResponse }) {
  const contributors = contributorsOf(record);
  return (
    <div data-testid="record-history" data-at={record.at}>
      <p className="govuk-body">
        The record as it was at <time dateTime={record.at}>{formatAuditTime(record.at)}</time>, after{' '}
        {record.updatesApplied === 1 ? '1 stored change' : `${record.updatesApplied} stored changes`}. Each passage is
        attributed to the account that wrote it, as the server authenticated it.
      </p>

      {record.setAside.length > 0 && (
        <div className="govuk-warning-text" data-testid="record-set-aside">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {record.setAside.length === 1
              ? '1 stored change could not be applied and was set aside'
              : `${record.setAside.length} stored changes could not be applied and were set aside`}
            . {record.setAside.length === 1 ? 'It is' : 'They are'} kept, but not part of the record shown:
            <ul className="govuk-list govuk-list--bullet">
              {record.setAside.map((change) => (
                <li key={change.updateId} data-update-id={change.updateId}>
                  Stored <time dateTime={change.storedAt}>{formatAuditTime(change.storedAt)}</time>, sent by{' '}
                  {change.sentBy ? change.sentBy.displayName : 'an unknown account'}:{' '}
                  {SET_ASIDE_REASONS[change.problem]}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}

      <h3 className="govuk-heading-m">Contributors</h3>
      {contributors.size === 0 ? (
        <p className="govuk-body">Nobody had written anything in the record at this time.</p>
      ) : (
        <ol className="govuk-list" id="record-contributors">
          {[...contributors.values()].map((c) => (
            <li key={c.key} id={`contributor-${c.number}`} tabIndex={-1} data-author-id={c.key}>
              <span className={`rt-author-key rt-run--style-${(c.number - 1) % AUTHOR_STYLES}`}>{c.number}</span>{' '}
              {c.label}
            </li>
          ))}
        </ol>
      )}

      {record.sections.map((section) => (
        <section key={section.key} data-section={section.key} aria-labelledby={`history-${section.key}`}>
          <h3 className="govuk-heading-m" id={`history-${section.key}`}>
            {section.title}
          </h3>
          {section.blocks.length === 0 ? (
            <p className="govuk-body rt-secondary-text">Nothing was written in this section.</p>
          ) : (
            section.blocks.map((block, index) => <HistoryBlock key={index} block={block} contributors={contributors} />)
          )}
        </section>
      ))}

      {record.compartments && record.compartments.length > 0 && (
        <section aria-labelledby="history-compartments" data-testid="history-compartments">
          <h3 className="govuk-heading-m" id="history-compartments">
            Restricted information
          </h3>
          <p className="govuk-body">
            Kept beside the record, each for its own audience. You are reading it through this justified, audited
            access.
          </p>
          {record.compartments.map((compartment) => (
            <div
              key={compartment.id}
              className="govuk-inset-text rt-compartment"
              data-compartment-id={compartment.id}
              data-section={compartment.sectionKey}
            >
              <p className="govuk-body govuk-!-margin-bottom-1">
                <strong className={`govuk-tag ${compartment.audience ? 'govuk-tag--red' : 'govuk-tag--grey'}`}>
                  {compartment.audience ? `Restricted: ${compartment.audience}` : 'Restriction lifted'}
                </strong>
              </p>
              <p className="govuk-body-s">
                Beside “{sectionTitleOf(record, compartment.sectionKey)}”
                {compartment.documentKind === 'safety-plan' ? ' in the safety plan' : ''}; controlled by{' '}
                {AGENCY_LABELS[compartment.ownerAgency]}; added{' '}
                <time dateTime={compartment.createdAt}>{formatAuditTime(compartment.createdAt)}</time>.
              </p>
              {compartment.blocks.length === 0 ? (
                <p className="govuk-body rt-secondary-text">Nothing was written in it.</p>
              ) : (
                compartment.blocks.map((block, index) => (
                  <HistoryBlock key={index} block={block} contributors={contributors} />
                ))
              )}
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

function sectionTitleOf(record: RecordHistoryResponse, key: string): string {
  return record.sections.find((section) => section.key === key)?.title ?? key;
}
