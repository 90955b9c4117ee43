import type { RecordHistoryResponse } from '@roundtable/shared/audit';
import { describe, expect, it } from 'vitest';
import { contributorsOf } from './contributors';

type Author = RecordHistoryResponse['sections'][number]['blocks'][number]['runs'][number]['author'];

const sam: Author = { userId: 'u-sam', displayName: 'Sam Chair', agency: 'childrens-social-care' };
const pat: Author = { userId: 'u-pat', displayName: 'Pat Police', agency: 'police' };

/** A record whose sections hold blocks of runs by these authors, in reading order. */
function record(sections: Author[][][]): RecordHistoryResponse {
  return {
    meetingId: '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91',
    at: '2026-03-02T14:00:00Z',
    updatesApplied: 3,
    setAside: [],
    sections: sections.map((blocks, s) => ({
      key: `section-${s}`,
      title: `Section ${s}`,
      blocks: blocks.map((authors) => ({
        type: 'paragraph',
        runs: authors.map((author) => ({ text: 'text', author })),
      })),
    })),
  };
}

describe('contributors to a record', () => {
  it('numbers people in the order their text first appears', () => {
    const contributors = contributorsOf(record([[[pat]], [[sam, pat]]]));
    expect([...contributors.values()].map((c) => [c.number, c.name])).toEqual([
      [1, 'Pat Police'],
      [2, 'Sam Chair'],
    ]);
  });

  it('labels each person with their agency', () => {
    expect(contributorsOf(record([[[sam]]])).get('u-sam')?.label).toBe("Sam Chair, Children's social care");
  });

  it('groups text written before authorship was kept under one unknown author', () => {
    const contributors = contributorsOf(record([[[null, null], [null]]]));
    expect(contributors.size).toBe(1);
    expect(contributors.get('unknown')?.label).toBe('Unknown author (written before authorship was recorded)');
  });
});
