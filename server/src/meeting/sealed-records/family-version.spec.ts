import { FAMILY_PARAGRAPH_WITHHELD, type FamilyFacingItem } from '@roundtable/shared/need-to-know';
import { FAMILY_OMISSIONS, toFamilyVersion } from './family-version';
import { buildRecordModel, IDS, PEOPLE } from './record-model.factory';

const NAMES = Object.values(PEOPLE).map((p) => p.name);
const MARKS: FamilyFacingItem[] = [
  { type: 'section', id: 'reason' },
  { type: 'section', id: 'family-rules' },
  { type: 'view', id: IDS.policeView },
  { type: 'view', id: IDS.restrictedView },
  { type: 'decision-reasons', id: IDS.decision },
  { type: 'action', id: IDS.medical },
  { type: 'action', id: IDS.interview },
];
const text = (blocks: { runs: { text: string }[] }[]) => blocks.map((b) => b.runs.map((r) => r.text).join(''));

describe('toFamilyVersion', () => {
  it('includes only what is marked family-facing: sections, views, reasons, dissent and actions', () => {
    const unmarked = toFamilyVersion(buildRecordModel(), []);
    expect(unmarked.sections).toEqual([]);
    expect(unmarked.safetyPlan?.sections).toEqual([]);
    expect(unmarked.decisions[0]!.views).toEqual([]);
    expect(unmarked.decisions[0]!.dissents).toEqual([]);
    expect(unmarked.decisions[0]!.laDecisions[0]!.reasons).toBeNull();
    expect(unmarked.decisions[1]!.notReached?.reason).toBeNull();
    expect(unmarked.actions).toEqual([]);
    const json = JSON.stringify(unmarked);
    for (const free of [
      'Joint enquiry: the disclosure',
      'We see no significant harm',
      'Disclosure consistent',
      'Bruising',
    ]) {
      expect(json).not.toContain(free);
    }
    // The decision itself and its outcome stay: what was decided is what the family is told.
    expect(unmarked.decisions[0]!.laDecisions[0]!.chosenOptions).toEqual(['s47-joint']);
    expect(unmarked.omissions.at(-1)).toBe(
      'Sections left out of this version: “Reason for the discussion and immediate action taken”, “Information shared by each agency”, “Family rules”.',
    );

    const marked = toFamilyVersion(buildRecordModel(), [...MARKS, { type: 'dissent', id: IDS.dissent }]);
    expect(marked.sections.map((s) => s.key)).toEqual(['reason']);
    expect(marked.safetyPlan?.sections.map((s) => s.key)).toEqual(['family-rules']);
    expect(marked.decisions[0]!.laDecisions[0]!.reasons).toBe('Joint enquiry: the disclosure and the injury agree.');
    expect(marked.decisions[0]!.dissents.map((d) => d.reasons)).toEqual(['We see no significant harm.']);
  });

  it('withholds a whole paragraph that holds a restricted passage, with the marker', () => {
    const family = toFamilyVersion(buildRecordModel(), MARKS);
    expect(text(family.sections[0]!.blocks)).toEqual([
      FAMILY_PARAGRAPH_WITHHELD,
      'Immediate action',
      'Child seen at home',
      FAMILY_PARAGRAPH_WITHHELD,
    ]);
    // Not even the unflagged half of the sentence reaches the family.
    expect(JSON.stringify(family)).not.toContain('Bruising to the upper arm');
  });

  it('never includes a restricted entry, compartment, protected person or sharing decision, even when marked', () => {
    const family = toFamilyVersion(buildRecordModel(), MARKS);
    expect(family.decisions[0]!.views.map((v) => v.id)).toEqual([IDS.policeView]);
    expect(family.actions.map((a) => a.id)).toEqual([IDS.medical]);
    expect(family.sections[0]!.compartments).toEqual([]);
    expect(family.protectedPersons).toEqual([]);
    expect(family.sharingDecisions).toEqual([]);
    const json = JSON.stringify(family);
    for (const secret of [
      'firearms',
      'Grandmother',
      'covert source',
      'under caution',
      'suspect in another',
      'perinatal',
    ]) {
      expect(json).not.toContain(secret);
    }
    expect(json).not.toContain('Mrs Protected Caller');
    expect(json).not.toContain('Mrs Referrer');
  });

  it('names no professional, and leaves out the free text that can name people, saying so', () => {
    const family = toFamilyVersion(buildRecordModel(), MARKS);
    const json = JSON.stringify(family);
    for (const name of NAMES) expect(json).not.toContain(name);
    expect(json).not.toContain('Testshire Police');
    expect(family.header.convenedBecause).toBeNull();
    expect(family.decisions[0]!.views.every((v) => v.keyInformation === null)).toBe(true);
    expect(family.attendance.absent.map((a) => a.reason)).toEqual([null]);
    expect(family.omissions.slice(0, FAMILY_OMISSIONS.length)).toEqual(FAMILY_OMISSIONS);
    expect(family.variant).toBe('family');
    expect(family.recordAddenda).toEqual([]);
  });

  it('never changes the full model it is given', () => {
    const full = buildRecordModel();
    const before = JSON.stringify(full);
    toFamilyVersion(full, MARKS);
    expect(JSON.stringify(full)).toBe(before);
  });
});
