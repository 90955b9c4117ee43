import type { FgdmFacts } from '../fgdm/fgdm.repository';
import { compactText, itWithPdftotext, pdfToText } from '../../../test/support/pdf-text';
import { toFamilyVersion } from './family-version';
import { familyFgdmRecord, pounds, toFgdmRecord } from './fgdm-section';
import { buildRecordModel } from './record-model.factory';
import { renderRecordHtml } from './record-html.renderer';
import { renderRecordPdf } from './record-pdf.renderer';

const coordinator = { userId: 'u-coord', displayName: 'Cora Coordinator', agency: 'other', role: 'chair' } as const;
const socialWorker = {
  userId: 'u-sw',
  displayName: 'Sid Socialworker',
  agency: 'childrens-social-care',
  role: 'participant',
} as const;
const at = (time: string) => new Date(`2026-03-16T${time}:00.000Z`);
const HASH = 'a'.repeat(64);

const FACTS: FgdmFacts = {
  stages: [
    { stage: 'information-giving', enteredAt: at('10:00'), enteredBy: coordinator },
    { stage: 'private-family-time', enteredAt: at('10:30'), enteredBy: coordinator },
    { stage: 'plan-presentation', enteredAt: at('11:45'), enteredBy: coordinator },
    { stage: 'response', enteredAt: at('12:00'), enteredBy: coordinator },
  ],
  bottomLines: [{ id: 'b1', text: 'No unsupervised contact with Mr X', addedAt: at('10:10'), addedBy: socialWorker }],
  presentations: [
    {
      id: 'p1',
      version: 1,
      text: 'Grandma Jo stays every weeknight.\nWeekends with Aunt Bee.',
      sha256: HASH,
      presentedAt: at('11:40'),
      presentedByParticipantId: 'f1',
    },
  ],
  responses: [
    {
      id: 'r1',
      presentationId: 'p1',
      keepsChildSafe: false,
      reasons: 'Sundays are not covered',
      outcome: 'amended',
      recordedAt: at('12:10'),
      recordedBy: coordinator,
    },
  ],
  supportItems: [
    {
      id: 's1',
      who: 'Grandmother',
      support: 'Bus pass',
      costPence: 120050,
      frequency: 'Monthly',
      approved: true,
      addedAt: at('12:20'),
      withdrawnAt: null,
      withdrawnReason: null,
    },
  ],
};
const fgdm = toFgdmRecord(FACTS, (id) => (id === 'f1' ? 'Sam Family' : 'A family member'));
const record = buildRecordModel({ fgdm });
const professionals = [coordinator.displayName, socialWorker.displayName];

describe('the FGDM section of the sealed record', () => {
  it('records private family time as an interval only: start, end, who moved it', () => {
    expect(fgdm?.privateFamilyTime).toEqual([
      {
        startedAt: '2026-03-16T10:30:00.000Z',
        startedBy: expect.objectContaining({ name: 'Cora Coordinator' }),
        endedAt: '2026-03-16T11:45:00.000Z',
        endedBy: expect.objectContaining({ name: 'Cora Coordinator' }),
      },
    ]);
    expect(pounds(120050)).toBe('£1,200.50');
  });

  it('renders stages, bottom lines, each presented plan with its hash, responses and support, with names', () => {
    const html = renderRecordHtml(record);
    for (const text of [
      '<h2 id="fgdm">Family group decision-making</h2>',
      '<caption>Private family time</caption>',
      '<th scope="row">16 March 2026 at 10:30am</th><td>Cora Coordinator (Other agency)</td><td>16 March 2026 at 11:45am</td>',
      '<th scope="row">No unsupervised contact with Mr X</th><td>Sid Socialworker (Children&#39;s social care)</td>',
      '<h3>The family’s plan, version 1</h3>',
      `Presented by Sam Family, 16 March 2026 at 11:40am. SHA-256: ${HASH}`,
      'Grandma Jo stays every weeknight.<br>Weekends with Aunt Bee.',
      '<th scope="row">Version 1</th><td>No</td><td>Sundays are not covered</td><td>To be amended',
      '<th scope="row">Grandmother</th><td>Bus pass</td><td>£1,200.50</td><td>Monthly</td><td>Yes</td><td>No</td>',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('gives the family everything but professionals’ names (agency and role instead)', () => {
    const html = renderRecordHtml(toFamilyVersion(record, []));
    for (const text of [
      'Grandma Jo stays every weeknight.',
      HASH,
      'Presented by Sam Family',
      'No unsupervised contact with Mr X',
      'Sundays are not covered',
      'Bus pass',
      '<td>Other agency (chair)</td>',
      '<td>Children&#39;s social care (participant)</td>',
    ]) {
      expect(html).toContain(text);
    }
    for (const name of professionals) expect(html).not.toContain(name);
    expect(familyFgdmRecord(fgdm)?.forFamily).toBe(true);
  });

  it('is absent from the record of a meeting that is not an FGDM', () => {
    expect(toFgdmRecord(null, () => '')).toBeNull();
    expect(renderRecordHtml(buildRecordModel())).not.toContain('id="fgdm"');
  });

  itWithPdftotext()('says the same in the PDF', async () => {
    const full = compactText(await pdfToText(await renderRecordPdf(record)));
    for (const text of [
      'Family group decision-making',
      'Grandma Jo stays every weeknight.',
      HASH,
      'Cora Coordinator',
    ]) {
      expect(full).toContain(compactText(text));
    }
    const family = compactText(await pdfToText(await renderRecordPdf(toFamilyVersion(record, []))));
    expect(family).toContain(compactText('Sundays are not covered'));
    for (const name of professionals) expect(family).not.toContain(compactText(name));
  });
});
