import type { RecordHistoryResponse } from '@roundtable/shared/audit';
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
    </div>
  );
}
