import { AGENCIES, type Agency, MEETING_ROLES, type MeetingRole } from './constants';
import { MEETING_STATUSES, type MeetingStatus } from './lifecycle';
import {
  canActOnEscalation,
  canAddAction,
  canAddAddendum,
  canConveneMeeting,
  canDownloadRecord,
  canEditAction,
  canEditDocument,
  canFlagEntry,
  flagChangeRuling,
  canGiveApologies,
  canGiveApologiesForOthers,
  canManageMeeting,
  canOpenOrCloseDecision,
  canAgencyDissent,
  canRecordDissent,
  canRecordLaDecision,
  canRecordView,
  canScoreSafetyPlan,
  canSetActionStatus,
  canSignOffAddendum,
  listedRecordVariants,
  canExportRecords,
  isRecordFinal,
} from './permissions';

const ME = 'a0000000-0000-4000-8000-000000000001';
const SOMEONE_ELSE = 'a0000000-0000-4000-8000-000000000002';
const ANOTHER = 'a0000000-0000-4000-8000-000000000003';

/** One row per role, so that a role added to MEETING_ROLES fails to compile here until each rule says what it may do. */
type ByRole<T> = Record<MeetingRole, T>;
const rows = <T>(table: ByRole<T>): [MeetingRole, T][] => MEETING_ROLES.map((role) => [role, table[role]]);

describe('permissions by role alone', () => {
  const rules: [string, (role: MeetingRole) => boolean, ByRole<boolean>][] = [
    ['canManageMeeting', canManageMeeting, { chair: true, participant: false, 'minute-taker': false, observer: false }],
    [
      'canGiveApologiesForOthers',
      canGiveApologiesForOthers,
      { chair: true, participant: false, 'minute-taker': false, observer: false },
    ],
    ['canAddAddendum', canAddAddendum, { chair: true, participant: true, 'minute-taker': true, observer: false }],
    [
      'canSignOffAddendum',
      canSignOffAddendum,
      { chair: true, participant: false, 'minute-taker': false, observer: false },
    ],
    [
      'canScoreSafetyPlan',
      canScoreSafetyPlan,
      { chair: true, participant: true, 'minute-taker': false, observer: false },
    ],
    [
      'canOpenOrCloseDecision',
      canOpenOrCloseDecision,
      { chair: true, participant: false, 'minute-taker': false, observer: false },
    ],
    ['canRecordView', canRecordView, { chair: true, participant: true, 'minute-taker': false, observer: false }],
    ['canRecordDissent', canRecordDissent, { chair: true, participant: true, 'minute-taker': false, observer: false }],
    ['canAddAction', canAddAction, { chair: true, participant: true, 'minute-taker': true, observer: false }],
  ];
  const cases = rules.flatMap(([name, rule, table]) =>
    rows(table).map(([role, allowed]) => [name, role, allowed, rule] as const),
  );

  it.each(cases)('%s: %s → %s', (_name, role, allowed, rule) => {
    expect(rule(role)).toBe(allowed);
  });
});

describe("recording or correcting the local authority's decision", () => {
  const cases = MEETING_ROLES.flatMap((role) =>
    AGENCIES.map((agency) => [role, agency, role === 'chair' && agency === 'childrens-social-care'] as const),
  );

  it.each(cases)('%s from %s → %s', (role, agency, allowed) => {
    expect(canRecordLaDecision(role, agency)).toBe(allowed);
  });

  it('refuses a chair of another agency: the local authority decides, not whoever chairs', () => {
    expect(canRecordLaDecision('chair', 'police')).toBe(false);
    expect(canRecordLaDecision('chair', 'childrens-social-care')).toBe(true);
  });

  it('lets every agency dissent but children’s social care, which made the decision', () => {
    expect(canAgencyDissent('childrens-social-care')).toBe(false);
    for (const agency of ['police', 'health', 'education', 'other'] as const)
      expect(canAgencyDissent(agency)).toBe(true);
  });
});

describe('acting on an escalation', () => {
  const table: ByRole<{ ownAgency: boolean; anotherAgency: boolean }> = {
    chair: { ownAgency: true, anotherAgency: true },
    participant: { ownAgency: true, anotherAgency: false },
    'minute-taker': { ownAgency: false, anotherAgency: false },
    observer: { ownAgency: false, anotherAgency: false },
  };

  it.each(rows(table))('%s: %j', (role, expected) => {
    const dissenting: Agency = 'police';
    expect(canActOnEscalation(role, 'police', dissenting)).toBe(expected.ownAgency);
    expect(canActOnEscalation(role, 'health', dissenting)).toBe(expected.anotherAgency);
  });
});

describe('actions', () => {
  const mine = { ownerUserId: ME, recordedByUserId: SOMEONE_ELSE };
  const recordedByMe = { ownerUserId: SOMEONE_ELSE, recordedByUserId: ME };
  const neither = { ownerUserId: SOMEONE_ELSE, recordedByUserId: ANOTHER };

  const edit: ByRole<{ owner: boolean; recorder: boolean; neither: boolean }> = {
    chair: { owner: true, recorder: true, neither: true },
    participant: { owner: true, recorder: true, neither: false },
    'minute-taker': { owner: true, recorder: true, neither: false },
    observer: { owner: false, recorder: false, neither: false },
  };

  it.each(rows(edit))('details: %s %j', (role, expected) => {
    expect(canEditAction(role, ME, mine)).toBe(expected.owner);
    expect(canEditAction(role, ME, recordedByMe)).toBe(expected.recorder);
    expect(canEditAction(role, ME, neither)).toBe(expected.neither);
  });

  const status: ByRole<{ owner: boolean; recorder: boolean; neither: boolean }> = {
    chair: { owner: true, recorder: true, neither: true },
    participant: { owner: true, recorder: false, neither: false },
    'minute-taker': { owner: true, recorder: false, neither: false },
    observer: { owner: false, recorder: false, neither: false },
  };

  it.each(rows(status))('status: %s %j', (role, expected) => {
    expect(canSetActionStatus(role, ME, mine)).toBe(expected.owner);
    expect(canSetActionStatus(role, ME, recordedByMe)).toBe(expected.recorder);
    expect(canSetActionStatus(role, ME, neither)).toBe(expected.neither);
  });
});

describe('flagging an entry', () => {
  const table: ByRole<{ recordedIt: boolean; someoneElseDid: boolean }> = {
    chair: { recordedIt: true, someoneElseDid: true },
    participant: { recordedIt: true, someoneElseDid: false },
    'minute-taker': { recordedIt: true, someoneElseDid: false },
    observer: { recordedIt: false, someoneElseDid: false },
  };

  it.each(rows(table))('%s: %j', (role, expected) => {
    expect(canFlagEntry(role, ME, { recordedByUserId: ME })).toBe(expected.recordedIt);
    expect(canFlagEntry(role, ME, { recordedByUserId: SOMEONE_ELSE })).toBe(expected.someoneElseDid);
  });
});

describe('changing the flag of a police-restricted view recorded by police', () => {
  const entry = { recordedByUserId: SOMEONE_ELSE, owningAgency: 'police' as Agency };
  const rule = (role: MeetingRole, agency: Agency, to: 'health-restricted' | 'not-for-family' | null, reason = false) =>
    flagChangeRuling({ role, userId: ME, agency }, entry, 'police-restricted', to, reason);

  it('lets police members lift or loosen it, without a reason; never a police observer', () => {
    expect(rule('participant', 'police', null)).toBe('allowed');
    expect(rule('minute-taker', 'police', 'not-for-family')).toBe('allowed');
    expect(rule('observer', 'police', null, true)).toBe('refused');
  });

  it('lets the chair lift it only with a reason', () => {
    expect(rule('chair', 'childrens-social-care', null)).toBe('reason-required');
    expect(rule('chair', 'childrens-social-care', null, true)).toBe('allowed');
  });

  it('refuses other agencies, with or without a reason', () => {
    expect(rule('participant', 'education', null, true)).toBe('refused');
    expect(rule('participant', 'health', 'not-for-family', true)).toBe('refused');
  });

  it('treats police → health restricted as a lift and a new restriction: only the recorder or the chair', () => {
    expect(rule('participant', 'police', 'health-restricted')).toBe('refused');
    expect(
      flagChangeRuling(
        { role: 'participant', userId: ME, agency: 'police' },
        { ...entry, recordedByUserId: ME },
        'police-restricted',
        'health-restricted',
        false,
      ),
    ).toBe('allowed');
    expect(rule('chair', 'childrens-social-care', 'health-restricted', true)).toBe('allowed');
  });

  it('leaves setting a restriction, or "not for the family", to the recorder or the chair', () => {
    const set = (role: MeetingRole, userId: string, from: null | 'not-for-family', to: 'police-restricted' | null) =>
      flagChangeRuling({ role, userId, agency: 'police' }, entry, from, to, false);
    expect(set('participant', SOMEONE_ELSE, null, 'police-restricted')).toBe('allowed');
    expect(set('participant', ME, null, 'police-restricted')).toBe('refused');
    expect(set('chair', ME, null, 'police-restricted')).toBe('allowed');
    expect(set('participant', ME, 'not-for-family', null)).toBe('refused');
  });
});

describe('giving apologies', () => {
  const table: ByRole<{ forThemselves: boolean; forAnother: boolean }> = {
    chair: { forThemselves: true, forAnother: true },
    participant: { forThemselves: true, forAnother: false },
    'minute-taker': { forThemselves: true, forAnother: false },
    observer: { forThemselves: true, forAnother: false },
  };

  it.each(rows(table))('%s: %j', (role, expected) => {
    expect(canGiveApologies(role, ME, ME)).toBe(expected.forThemselves);
    expect(canGiveApologies(role, ME, SOMEONE_ELSE)).toBe(expected.forAnother);
  });
});

describe('editing a document section (the record or the safety plan)', () => {
  const table: ByRole<Record<MeetingStatus, boolean>> = {
    chair: { scheduled: true, live: true, concluded: false },
    participant: { scheduled: true, live: true, concluded: false },
    'minute-taker': { scheduled: true, live: true, concluded: false },
    observer: { scheduled: false, live: false, concluded: false },
  };

  it.each(rows(table))('%s: %j', (role, expected) => {
    for (const status of MEETING_STATUSES) expect(canEditDocument(role, status)).toBe(expected[status]);
  });

  it('makes the record final only once concluded', () => {
    expect(MEETING_STATUSES.filter(isRecordFinal)).toEqual(['concluded']);
  });
});

describe('downloading a sealed record', () => {
  const variants = ['complete', 'shared', 'audience-police', 'family'];

  it('gives the chair and auditors every variant, a member their own and the family version, an observer none', () => {
    for (const reader of ['chair', 'auditor'] as const) {
      expect(listedRecordVariants(reader, variants, null)).toEqual(variants);
      for (const v of variants) expect(canDownloadRecord(reader, v, null)).toBe(true);
    }
    for (const reader of ['participant', 'minute-taker'] as const) {
      expect(listedRecordVariants(reader, variants, 'audience-police')).toEqual(['audience-police', 'family']);
      expect(canDownloadRecord(reader, 'audience-police', 'audience-police')).toBe(true);
      expect(canDownloadRecord(reader, 'family', 'shared')).toBe(true);
      expect(canDownloadRecord(reader, 'audience-police', 'shared')).toBe(false);
      expect(canDownloadRecord(reader, 'complete', 'shared')).toBe(false);
    }
    expect(listedRecordVariants('observer', variants, 'shared')).toEqual(['shared', 'family']);
    for (const v of variants) expect(canDownloadRecord('observer', v, 'shared')).toBe(false);
    expect(canExportRecords('observer')).toBe(false);
  });
});

describe('convening a strategy discussion', () => {
  it('is the account’s permission to convene and chair, whatever its agency or admin role', () => {
    for (const isAdmin of [false, true]) {
      expect(canConveneMeeting({ canChair: true, isAuditor: false, ...{ isAdmin } })).toBe(true);
      expect(canConveneMeeting({ canChair: false, isAuditor: false, ...{ isAdmin } })).toBe(false);
    }
  });

  it('is never a safeguarding partner reviewer’s, even with the flag', () => {
    expect(canConveneMeeting({ canChair: true, isAuditor: true })).toBe(false);
  });
});
