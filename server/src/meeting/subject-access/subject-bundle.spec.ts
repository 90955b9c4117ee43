import fc from 'fast-check';
import type { SubjectItem } from '@roundtable/shared/subject-access';
import { type AppliedRedaction, applyRedactions, redactSpans } from './subject-bundle';

const CANARY = 'QZXCANARYQZX';

const item = (key: string, text: string): SubjectItem => ({
  key,
  kind: 'family-view',
  meetingId: null,
  meetingReference: null,
  at: null,
  title: `Title of ${key}`,
  text,
  suggested: null,
});

describe('redactSpans', () => {
  it('replaces a span with the notice naming its exemption, keeping the rest', () => {
    expect(
      redactSpans('Seen by Dr Who at the clinic.', [
        { itemKey: 'k', span: { start: 8, end: 14 }, exemption: 'third-party' },
      ]),
    ).toBe('Seen by [Redacted: Information about another person (DPA 2018 Schedule 2 paragraph 16)] at the clinic.');
  });

  it('merges overlapping spans into one place, naming each exemption', () => {
    const out = redactSpans('abcdefghij', [
      { itemKey: 'k', span: { start: 1, end: 4 }, exemption: 'third-party' },
      { itemKey: 'k', span: { start: 3, end: 6 }, exemption: 'health-serious-harm' },
    ]);
    expect(out.startsWith('a[Redacted: Information about another person')).toBe(true);
    expect(out.endsWith('(DPA 2018 Schedule 3 Part 2)]ghij')).toBe(true);
    expect(out.match(/\[Redacted/g)).toHaveLength(2);
  });

  it('never lets a character of a redacted span through, wherever the spans fall (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(100), fc.nat(30)), { maxLength: 5 }),
        fc.nat(20),
        fc.nat(20),
        (before, after, extra, widenLeft, widenRight) => {
          const text = `${before}${CANARY}${after}`;
          const start = Math.max(0, before.length - widenLeft);
          const end = Math.min(text.length, before.length + CANARY.length + widenRight);
          const redactions: AppliedRedaction[] = [
            { itemKey: 'k', span: { start, end }, exemption: 'child-abuse-data' },
            ...extra
              .map(([s, len]) => ({ start: Math.min(s, text.length), end: Math.min(s, text.length) + len + 1 }))
              .filter((sp) => sp.end <= text.length && sp.end > sp.start)
              .map((span) => ({ itemKey: 'k', span, exemption: 'third-party' as const })),
          ];
          const out = redactSpans(text, redactions);
          expect(out).not.toContain(CANARY.slice(1, -1));
          expect(out).toContain('[Redacted: Child abuse data');
        },
      ),
    );
  });
});

describe('applyRedactions', () => {
  it('withholds a whole item’s title and text, redacts spans in another, leaves the rest as they are', () => {
    const items = [item('a', `whole ${CANARY}`), item('b', `part ${CANARY} end`), item('c', 'kept')];
    const out = applyRedactions(items, [
      { itemKey: 'a', span: null, exemption: 'third-party' },
      { itemKey: 'b', span: { start: 5, end: 5 + CANARY.length }, exemption: 'crime-and-taxation' },
    ]);
    expect(out[0]).toEqual({
      key: 'a',
      kind: 'family-view',
      meetingReference: null,
      at: null,
      title: null,
      text: null,
      redactions: ['third-party'],
    });
    expect(out[1]!.text).toBe(
      'part [Redacted: Prevention or detection of crime (DPA 2018 Schedule 2 paragraph 2)] end',
    );
    expect(out[2]).toMatchObject({ title: 'Title of c', text: 'kept', redactions: [] });
    expect(JSON.stringify(out)).not.toContain(CANARY);
  });
});
