import { compactText, itWithPdftotext, pdfInfo, pdfToText } from '../../../test/support/pdf-text';
import { toFamilyVersion } from './family-version';
import { buildRecordModel, IDS, PEOPLE } from './record-model.factory';
import { renderRecordPdf } from './record-pdf.renderer';

const MARKS = [
  { type: 'section', id: 'reason' },
  { type: 'view', id: IDS.policeView },
] as const;

describe('renderRecordPdf', () => {
  it('is a tagged PDF 1.7 in English (UK) whose title shows in the window', async () => {
    const pdf = await renderRecordPdf(buildRecordModel());
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/Marked true');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/DisplayDocTitle true');
    for (const tag of ['/S /Document', '/S /H1', '/S /H2', '/S /Table', '/S /TH', '/S /TD', '/S /L', '/S /LI']) {
      expect(raw).toContain(tag);
    }
    expect(raw).toContain('/BaseFont /Helvetica');
  });

  itWithPdftotext()('carries its title and is reported as tagged', async () => {
    const info = await pdfInfo(await renderRecordPdf(toFamilyVersion(buildRecordModel(), MARKS)));
    expect(info).toMatchObject({
      Title: 'Strategy discussion record SD-TEST-001, version 1 (family version)',
      Tagged: 'yes',
      'PDF version': '1.7',
    });
  });

  itWithPdftotext()('is titled by its meeting type, in the window and on the page', async () => {
    const model = buildRecordModel();
    const header = { ...model.header, reference: 'CG-TEST-001', typeLabel: 'Core group meeting' };
    const pdf = await renderRecordPdf({ ...model, header });
    expect(await pdfInfo(pdf)).toMatchObject({
      Title: 'Core group meeting record CG-TEST-001, version 1 (complete record)',
      Subject: 'Core group meeting record, OFFICIAL-SENSITIVE',
    });
    const text = compactText(await pdfToText(pdf));
    expect(text).toContain(compactText('Core group meeting record CG-TEST-001'));
    expect(text).not.toContain(compactText('Strategy discussion record'));
  });

  it('renders the same model to the same bytes (the creation date is the sealing time)', async () => {
    const [a, b] = await Promise.all([renderRecordPdf(buildRecordModel()), renderRecordPdf(buildRecordModel())]);
    expect(a.equals(b)).toBe(true);
    const later = await renderRecordPdf(buildRecordModel({ sealedAt: '2026-03-02T14:06:00.000Z' }));
    expect(later.equals(a)).toBe(false);
  });

  itWithPdftotext()(
    'has extractable text: decisions, each agency view and its reasons, actions with owners and due dates',
    async () => {
      const text = compactText(await pdfToText(await renderRecordPdf(buildRecordModel())));
      for (const phrase of [
        'Strategy discussion record SD-TEST-001',
        'Section 47 threshold decision',
        'Police Yes Section 47 enquiry: joint with police Disclosure consistent with the injury.',
        'Health Unsure No further action No health concerns recorded before.',
        'Paediatric assessment within 48 hours',
        'Joint enquiry: the disclosure and the injury agree.',
        'a'.repeat(64),
        'Dissent: Health',
        'Dissents from: The option or options chosen.',
        'We see no significant harm.',
        'Agreed to proceed with the joint enquiry.',
        'Arrange a child protection medical Hana Health, Named Nurse (Health) Health 3 March 2026 at 5pm Open',
        'Interview the suspect under caution [NOT FOR FAMILY] Priya Police, Detective Constable, Testshire Police (Police) Police 4 March 2026 at 10am',
        '[POLICE RESTRICTED] The suspect has a firearms licence.',
        'The GP confirmed an earlier injury.',
        'Ruby is never left alone with the suspect.',
        'Signed off by Sam Chair, Team Manager',
        'Addenda to the record as a whole',
        'The record was circulated to the school on 4 March.',
        'Not reached The discussion concluded without this decision.',
        'Waiting for the hospital discharge summary.',
        'page 1 of',
      ]) {
        expect(text).toContain(compactText(phrase));
      }
    },
  );

  itWithPdftotext()('has no restricted text and no professional names in the family version', async () => {
    const text = compactText(await pdfToText(await renderRecordPdf(toFamilyVersion(buildRecordModel(), MARKS))));
    expect(text).toContain(compactText('This is the family version'));
    expect(text).toContain(compactText('Disclosure consistent with the injury.'));
    expect(text).toContain(compactText('Police (participant)'));
    for (const phrase of ['firearms', 'Grandmother', 'covert source', 'under caution', 'Mr Witness', 'Mrs Referrer']) {
      expect(text).not.toContain(compactText(phrase));
    }
    for (const { name } of Object.values(PEOPLE)) expect(text).not.toContain(compactText(name));
  });
});
