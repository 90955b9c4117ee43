import type { AudienceMember } from '@roundtable/shared/need-to-know';
import { buildRecordModel, IDS, USER_IDS } from './record-model.factory';
import {
  entryAudience,
  planReaderVersions,
  READER_OMISSION,
  restrictedItems,
  toReaderVersion,
} from './reader-versions';

const member = (userId: string, agency: AudienceMember['agency'], role: AudienceMember['role'] = 'participant') => ({
  userId,
  agency,
  role,
});
const EDUCATION = '6f1d2c3b-0000-4000-8000-0000000000c5';
const POLICE_2 = '6f1d2c3b-0000-4000-8000-0000000000c6';
const MEMBERS: AudienceMember[] = [
  member(USER_IDS.chair, 'childrens-social-care', 'chair'),
  member(USER_IDS.police, 'police'),
  member(POLICE_2, 'police'),
  member(USER_IDS.health, 'health'),
  member(EDUCATION, 'education'),
  member(USER_IDS.education, 'education', 'observer'),
];

describe('sealed records per reader', () => {
  const full = buildRecordModel();
  const items = restrictedItems(full);
  const plans = planReaderVersions(items, MEMBERS);
  const plan = (variant: string) => plans.find((p) => p.variant === variant)!;
  const json = (variant: string) => JSON.stringify(toReaderVersion(full, variant, plan(variant).readable));

  it('gives restricted entries the audience of their flag plus their recorder (and an action’s owner)', () => {
    expect(entryAudience('police-restricted', ['a', 'a', 'b'])).toEqual({
      kind: 'police-only',
      agencies: [],
      userIds: ['a', 'b'],
    });
    expect(entryAudience('health-restricted')).toMatchObject({ kind: 'health-only' });
    expect(entryAudience('not-for-family')).toBeNull();
    expect(entryAudience(null)).toBeNull();
    expect(items.map((i) => i.key).sort()).toEqual(
      [
        `compartment:${IDS.policeCompartment}`,
        `compartment:${IDS.healthCompartment}`,
        'inline:police-restricted',
        `view:${IDS.restrictedView}`,
        `person:${IDS.referrer}`,
        `sharing:${IDS.sharing}`,
      ].sort(),
    );
  });

  it('plans one version per distinct set of restricted content, named after its readers', () => {
    expect(plans.map((p) => [p.variant, p.readers])).toEqual([
      ['complete', [USER_IDS.chair]],
      ['audience-health', [USER_IDS.health]],
      ['audience-police', [USER_IDS.police, POLICE_2]],
      ['shared', [EDUCATION, USER_IDS.education]],
    ]);
    // A member named in an audience reads a version of their own: two police sets, two police versions.
    const named = buildRecordModel();
    named.protectedPersons.push({
      id: '6f1d2c3b-0000-4000-8000-0000000000b9',
      role: 'staff',
      label: 'the nurse',
      name: 'Nina Nurse',
      audience: { kind: 'health-only', agencies: [], userIds: [POLICE_2] },
    });
    const variants = planReaderVersions(restrictedItems(named), MEMBERS);
    expect(variants.map((p) => [p.variant, p.readers])).toEqual([
      ['complete', [USER_IDS.chair]],
      ['audience-health', [USER_IDS.health]],
      ['audience-police', [USER_IDS.police]],
      ['audience-police-2', [POLICE_2]],
      ['shared', [EDUCATION, USER_IDS.education]],
    ]);
  });

  it('keeps police content in the police version and withholds it, saying where, from the others', () => {
    const police = json('audience-police');
    for (const text of [
      'suspect in another enquiry',
      'firearms licence',
      'covert source',
      'Mrs Protected Caller',
      'The covert source’s identity',
    ]) {
      expect(police).toContain(text);
    }
    expect(police).not.toContain('perinatal');
    expect(police).toContain('Information withheld: health restricted');

    const shared = toReaderVersion(full, 'shared', plan('shared').readable);
    const text = JSON.stringify(shared);
    for (const secret of [
      'suspect in another enquiry',
      'firearms licence',
      'covert source',
      'Mrs Protected Caller',
      'perinatal',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(shared.sections[0]!.compartments.map((c) => c.withheld)).toEqual([
      'Information withheld: police restricted',
      'Information withheld: health restricted',
    ]);
    expect(shared.sections[0]!.compartments.every((c) => c.blocks.length === 0 && c.createdBy === null)).toBe(true);
    expect(shared.sections[0]!.blocks[0]!.runs[1]).toEqual({
      text: 'Information withheld: police restricted',
      restriction: null,
      withheld: true,
    });
    expect(shared.decisions[0]!.withheldViews).toEqual(['Information withheld: police restricted']);
    expect(shared.protectedPersons[0]).toMatchObject({ label: 'the referrer', name: null });
    expect(shared.withheldSharingDecisions).toEqual(['Information withheld: police restricted']);
    expect(shared.omissions).toEqual([READER_OMISSION]);
    // Not for the family is not a restriction among members.
    expect(text).toContain('Interview the suspect under caution');
  });

  it('the complete version withholds nothing and says nothing is left out', () => {
    const complete = toReaderVersion(full, 'complete', plan('complete').readable);
    expect(complete.omissions).toEqual([]);
    expect(JSON.stringify(complete)).not.toContain('Information withheld');
    expect(complete.sections[0]!.compartments.map((c) => c.blocks.length)).toEqual([1, 1]);
  });
});
