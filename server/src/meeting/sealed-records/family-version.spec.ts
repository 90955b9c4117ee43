import { FAMILY_OMISSIONS, toFamilyVersion } from './family-version';
import { buildRecordModel, PEOPLE } from './record-model.factory';

const NAMES = Object.values(PEOPLE).map((p) => p.name);
const RESTRICTED = [
  'The suspect has a firearms licence.',
  'Grandmother in Leeds is worried',
  'Intelligence from a covert source.',
  'Interview the suspect under caution',
];

describe('toFamilyVersion', () => {
  it('leaves out restricted passages, views and actions, and blocks left empty by that', () => {
    const family = toFamilyVersion(buildRecordModel());
    const json = JSON.stringify(family);
    for (const text of RESTRICTED) expect(json).not.toContain(text);
    expect(json).not.toContain('"restriction":"police-restricted"');
    expect(json).not.toContain('"restriction":"not-for-family"');
    const reason = family.sections.find((s) => s.key === 'reason')!;
    expect(reason.blocks.map((b) => b.runs.map((r) => r.text).join(''))).toEqual([
      'Bruising to the upper arm was seen at school. ',
      'Immediate action',
      'Child seen at home',
    ]);
    expect(family.decisions[0]!.views.map((v) => v.reasons)).toEqual([
      'Disclosure consistent with the injury.',
      'No health concerns recorded before.',
    ]);
    expect(family.actions.map((a) => a.description)).toEqual(['Arrange a child protection medical']);
  });

  it('names no professional: everyone is shown by agency and meeting role', () => {
    const family = toFamilyVersion(buildRecordModel());
    const json = JSON.stringify(family);
    for (const name of NAMES) expect(json).not.toContain(name);
    for (const title of Object.values(PEOPLE).map((p) => p.jobTitle)) expect(json).not.toContain(title);
    expect(family.header.chair).toEqual({ name: null, jobTitle: null, agency: 'childrens-social-care', role: 'chair' });
    expect(family.attendance.absent).toEqual([
      { person: { name: null, jobTitle: null, agency: 'education', role: 'observer' }, reason: null },
    ]);
  });

  it('leaves out the agency information section, the convening reason, key information and escalation notes, and says so', () => {
    const family = toFamilyVersion(buildRecordModel());
    expect(family.sections.map((s) => s.key)).toEqual(['reason']);
    expect(family.header.convenedBecause).toBeNull();
    expect(family.decisions[0]!.views.every((v) => v.keyInformation === null)).toBe(true);
    expect(family.decisions[0]!.dissents[0]!.steps.map((s) => s.note)).toEqual([null, null]);
    expect(JSON.stringify(family)).not.toMatch(/Mr Witness|Mrs Referrer|Jo Manager|GP confirmed/);
    expect(family.omissions).toEqual(FAMILY_OMISSIONS);
    expect(family.variant).toBe('family');
  });

  it('keeps what the family is told: the decision, its reasons, the dissent and the safety plan', () => {
    const family = toFamilyVersion(buildRecordModel());
    expect(family.decisions[0]!.laDecisions[0]).toMatchObject({
      chosenOptions: ['s47-joint'],
      reasons: 'Joint enquiry: the disclosure and the injury agree.',
      recordStateSha256: 'a'.repeat(64),
    });
    expect(family.decisions[0]!.dissents[0]).toMatchObject({
      agency: 'health',
      reasons: 'We see no significant harm.',
    });
    expect(family.safetyPlan?.scores).toEqual([expect.objectContaining({ agency: 'health', score: 4 })]);
  });

  it('leaves out addenda, which cannot be flagged as restricted, and says so', () => {
    const family = toFamilyVersion(buildRecordModel());
    expect(family.sections.flatMap((s) => s.addenda)).toEqual([]);
    expect(family.recordAddenda).toEqual([]);
    expect(family.safetyPlan?.addenda).toEqual([]);
    expect(family.omissions.join(' ')).toContain('Addenda are left out');
  });

  it('never changes the full model it is given', () => {
    const full = buildRecordModel();
    const before = JSON.stringify(full);
    toFamilyVersion(full);
    expect(JSON.stringify(full)).toBe(before);
  });
});
