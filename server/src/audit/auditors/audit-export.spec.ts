import { parse } from 'csv-parse/sync';
import type { AuditExportEntry } from './audit-event.mapper';
import { CSV_COLUMNS, exportFilename, neutraliseFormula, toCsv } from './audit-export';

function buildEntry(overrides: Partial<AuditExportEntry> = {}): AuditExportEntry {
  return {
    seq: 7,
    occurredAt: '2026-03-02T13:00:00.000Z',
    type: 'member.added',
    outcome: 'success',
    actorUserId: '6b1f0c4e-2a53-4c1f-9d6e-0b7a1c2d3e4f',
    actorAgency: 'childrens-social-care',
    actorDisplayName: 'Sam Okafor',
    meetingId: '0f9e8d7c-6b5a-4c3d-8e1f-a2b3c4d5e6f7',
    meetingReference: 'SD-DEMO-001',
    subjectType: 'user',
    subjectId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    details: { role: 'participant' },
    prevHash: 'ab'.repeat(32),
    hash: 'cd'.repeat(32),
    ...overrides,
  };
}

describe('audit export formatting', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises a cell starting %j', (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it('leaves ordinary cells alone', () => {
    for (const cell of ['Sam Okafor', 'SD-1', '2026-03-02T13:00:00.000Z', '', "'quoted", 'a=b']) {
      expect(neutraliseFormula(cell)).toBe(cell);
    }
  });

  it('writes a header and one row per entry that parse back, with quotes, commas and newlines intact', () => {
    const tricky = buildEntry({ actorDisplayName: 'O\'Brien, "Jo"\nsecond line', details: { note: 'a,b' } });
    const csv = toCsv([buildEntry(), tricky]);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows[2]![CSV_COLUMNS.indexOf('actorDisplayName')]).toBe('O\'Brien, "Jo"\nsecond line');
    expect(JSON.parse(rows[2]![CSV_COLUMNS.indexOf('details')]!)).toEqual({ note: 'a,b' });
    expect(rows[1]![CSV_COLUMNS.indexOf('seq')]).toBe('7');
  });

  it('writes null as an empty cell and neutralises formulas in every column', () => {
    const csv = toCsv([buildEntry({ meetingId: null, meetingReference: null, actorDisplayName: '=HYPERLINK("x")' })]);
    const [, row] = parse(csv, { bom: true }) as string[][];
    expect(row![CSV_COLUMNS.indexOf('meetingId')]).toBe('');
    expect(row![CSV_COLUMNS.indexOf('actorDisplayName')]).toBe('\'=HYPERLINK("x")');
  });

  it('names the file after the moment of export', () => {
    expect(exportFilename('2026-03-02T13:05:09.123Z', 'csv')).toBe('roundtable-audit-2026-03-02T130509Z.csv');
  });
});
