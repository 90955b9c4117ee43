import type { RecordHistoryResponse } from '@roundtable/shared/audit';
import { AuthorMarker } from './AuthorMarker';
import { AUTHOR_STYLES, contributorKey, type Contributor } from './contributors';

type Block = RecordHistoryResponse['sections'][number]['blocks'][number];

/** One paragraph (or heading) of the record's history: its runs, each marked with its author, then who wrote it. */
export function HistoryBlock({ block, contributors }: { block: Block; contributors: Map<string, Contributor> }) {
  const writers = [...new Set(block.runs.map((run) => contributorKey(run.author)))]
    .map((key) => contributors.get(key))
    .filter((c): c is Contributor => c !== undefined);
  return (
    <div className="rt-history-block" data-block-type={block.type}>
      <p className={`govuk-body rt-history-text${block.type === 'heading' ? ' govuk-!-font-weight-bold' : ''}`}>
        {block.runs.map((run, index) => {
          const contributor = contributors.get(contributorKey(run.author));
          if (!contributor) return null;
          return (
            <span key={index}>
              <span
                className={`rt-run rt-run--style-${(contributor.number - 1) % AUTHOR_STYLES}`}
                data-author-id={contributor.key}
              >
                {run.text}
              </span>
              <AuthorMarker contributor={contributor} />
            </span>
          );
        })}
      </p>
      <p className="govuk-body-s rt-secondary-text rt-history-writers">
        Written by {writers.map((w) => `${w.label} (${w.number})`).join('; ')}
      </p>
    </div>
  );
}
