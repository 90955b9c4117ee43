import type { RecordHistoryResponse } from '@roundtable/shared/audit';
import { AGENCY_LABELS } from '@roundtable/shared/constants';

type Author = RecordHistoryResponse['sections'][number]['blocks'][number]['runs'][number]['author'];

/** Someone whose text is in the record, numbered in order of first appearance. */
export interface Contributor {
  /** The user id, or 'unknown' for text stored before authorship was kept. */
  key: string;
  number: number;
  name: string;
  /** "Sam Chair, Children's social care" */
  label: string;
}

/** Marks cycle through this many underline styles, so neighbouring authors differ without colour. */
export const AUTHOR_STYLES = 4;

export function contributorKey(author: Author): string {
  return author?.userId ?? 'unknown';
}

/** Everyone who wrote text in the record as it stands, in reading order. */
export function contributorsOf(record: RecordHistoryResponse): Map<string, Contributor> {
  const contributors = new Map<string, Contributor>();
  // The record's sections, then the restricted compartments beside them (shown after the record).
  const blocks = [
    ...record.sections.flatMap((section) => section.blocks),
    ...(record.compartments ?? []).flatMap((compartment) => compartment.blocks),
  ];
  for (const block of blocks) {
    for (const { author } of block.runs) {
      const key = contributorKey(author);
      if (contributors.has(key)) continue;
      const name = author ? author.displayName : 'Unknown author';
      const label = author
        ? `${author.displayName}, ${AGENCY_LABELS[author.agency]}`
        : 'Unknown author (written before authorship was recorded)';
      contributors.set(key, { key, number: contributors.size + 1, name, label });
    }
  }
  return contributors;
}
