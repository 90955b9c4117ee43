import { compactText, itWithPdftotext, pdfToText } from '../../../test/support/pdf-text';
import { CONFERENCE_FAMILY_OMISSION, type ConferenceRecordModel, PART_WITHOUT_PARENTS } from './conference-section';
import { toFamilyVersion } from './family-version';
import { buildRecordModel, PEOPLE } from './record-model.factory';
import { renderRecordHtml } from './record-html.renderer';
import { renderRecordPdf } from './record-pdf.renderer';

const CONFERENCE: ConferenceRecordModel = {
  reports: [
    {
      agency: 'health',
      author: PEOPLE.health,
      submittedAt: '2026-03-10T09:00:00.000Z',
      sharedWithParents: true,
      sharedAt: '2026-03-11T10:00:00.000Z',
      notSharedReason: null,
    },
    {
      agency: 'police',
      author: PEOPLE.police,
      submittedAt: '2026-03-10T11:00:00.000Z',
      sharedWithParents: false,
      sharedAt: null,
      notSharedReason: 'Live investigation: interview pending',
    },
  ],
  parts: [
    { startedAt: '2026-03-16T10:15:00.000Z', endedAt: '2026-03-16T10:40:00.000Z', reason: 'Police intelligence' },
  ],
  heldPartWithoutParents: true,
  forFamily: false,
};
const conference = buildRecordModel({ conference: CONFERENCE });

describe('the conference section of the sealed record', () => {
  it('lists each report (agency, author, submitted, shared or why not) and each part without the parents', () => {
    const html = renderRecordHtml(conference);
    for (const text of [
      '<h2 id="conference">Agency reports and parts held without the parents</h2>',
      '<th scope="row">Health</th><td>Hana Health, Named Nurse (Health)</td><td>10 March 2026 at 9am</td><td>Yes, on 11 March 2026 at 10am</td>',
      '<td>No: Live investigation: interview pending</td>',
      '<th scope="row">16 March 2026 at 10:15am</th><td>16 March 2026 at 10:40am</td><td>Police intelligence</td>',
    ]) {
      expect(html).toContain(text);
    }
  });

  it('tells the family only of the reports shared with them, and only that a part was held without them', () => {
    const html = renderRecordHtml(toFamilyVersion(conference, []));
    expect(html).toContain('<th scope="row">Health</th><td>Health (participant)</td>');
    expect(html).toContain(`<p>${PART_WITHOUT_PARENTS}</p>`);
    expect(html).toContain(CONFERENCE_FAMILY_OMISSION);
    for (const hidden of ['Police</th>', 'Live investigation', 'Police intelligence', '10:15am', 'Hana Health']) {
      expect(html).not.toContain(hidden);
    }
  });

  it('is absent from the record of a meeting that is not a conference', () => {
    expect(renderRecordHtml(buildRecordModel())).not.toContain('id="conference"');
    expect(toFamilyVersion(buildRecordModel(), []).omissions).not.toContain(CONFERENCE_FAMILY_OMISSION);
  });

  itWithPdftotext()('says the same in the PDF', async () => {
    const full = compactText(await pdfToText(await renderRecordPdf(conference)));
    expect(full).toContain(compactText('Agency reports and parts held without the parents'));
    expect(full).toContain(compactText('Live investigation: interview pending'));
    const family = compactText(await pdfToText(await renderRecordPdf(toFamilyVersion(conference, []))));
    expect(family).toContain(compactText(PART_WITHOUT_PARENTS));
    expect(family).not.toContain(compactText('Police intelligence'));
  });
});
