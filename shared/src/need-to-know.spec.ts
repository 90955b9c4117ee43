import {
  type Audience,
  type AudienceMember,
  audienceLabel,
  AudienceSchema,
  isInAudience,
  isWidening,
  ShareCompartmentRequestSchema,
  withheldNotice,
} from './need-to-know';

const POLICE_ONLY: Audience = { kind: 'police-only', agencies: [], userIds: [] };
const HEALTH_ONLY: Audience = { kind: 'health-only', agencies: [], userIds: [] };
const named = (agencies: Audience['agencies'], userIds: string[] = []): Audience => ({
  kind: 'named-agencies',
  agencies,
  userIds,
});
const OBSERVER_ID = '6f1c1a52-2f35-4a8e-9d53-1f0b8c7e2a10';
const member = (role: AudienceMember['role'], agency: AudienceMember['agency'], userId = 'u'): AudienceMember => ({
  userId,
  role,
  agency,
});

describe('isInAudience', () => {
  it('lets the chair in always, an agency in when it is named, and everyone in once lifted', () => {
    expect(isInAudience(member('chair', 'childrens-social-care'), POLICE_ONLY)).toBe(true);
    expect(isInAudience(member('participant', 'police'), POLICE_ONLY)).toBe(true);
    expect(isInAudience(member('minute-taker', 'police'), POLICE_ONLY)).toBe(true);
    expect(isInAudience(member('participant', 'education'), POLICE_ONLY)).toBe(false);
    expect(isInAudience(member('participant', 'health'), HEALTH_ONLY)).toBe(true);
    expect(isInAudience(member('participant', 'police'), HEALTH_ONLY)).toBe(false);
    expect(isInAudience(member('participant', 'education'), named(['health', 'education']))).toBe(true);
    expect(isInAudience(member('participant', 'police'), named(['health', 'education']))).toBe(false);
    expect(isInAudience(member('observer', 'education'), null)).toBe(true);
  });

  it('keeps observers out of an agency audience unless named one by one', () => {
    expect(isInAudience(member('observer', 'police'), POLICE_ONLY)).toBe(false);
    expect(isInAudience(member('observer', 'police', OBSERVER_ID), { ...POLICE_ONLY, userIds: [OBSERVER_ID] })).toBe(
      true,
    );
    expect(isInAudience(member('participant', 'other', OBSERVER_ID), named(['health'], [OBSERVER_ID]))).toBe(true);
  });
});

describe('isWidening', () => {
  it('allows the same or more agencies and people, and lifting', () => {
    expect(isWidening(POLICE_ONLY, null)).toBe(true);
    expect(isWidening(POLICE_ONLY, named(['police', 'health']))).toBe(true);
    expect(isWidening(POLICE_ONLY, { ...POLICE_ONLY, userIds: [OBSERVER_ID] })).toBe(true);
    expect(isWidening(named(['health']), HEALTH_ONLY)).toBe(true);
  });

  it('refuses taking anyone away: an agency or a named person', () => {
    expect(isWidening(POLICE_ONLY, HEALTH_ONLY)).toBe(false);
    expect(isWidening(named(['police', 'health']), POLICE_ONLY)).toBe(false);
    expect(isWidening({ ...POLICE_ONLY, userIds: [OBSERVER_ID] }, POLICE_ONLY)).toBe(false);
  });
});

describe('labels and notices', () => {
  it('says who may read it, and what a reader outside it is told', () => {
    expect(audienceLabel(POLICE_ONLY)).toBe('Police only');
    expect(audienceLabel(HEALTH_ONLY)).toBe('Health only');
    expect(audienceLabel(named(['police', 'health', 'education']))).toBe('Police, health and education');
    expect(audienceLabel(named(['childrens-social-care']))).toBe("Children's social care");
    expect(withheldNotice(POLICE_ONLY)).toBe('Information withheld: police restricted');
    expect(withheldNotice(HEALTH_ONLY)).toBe('Information withheld: health restricted');
    expect(withheldNotice(named(['police', 'education']))).toBe(
      'Information withheld: restricted to police and education',
    );
  });
});

describe('schemas', () => {
  it('refuses an audience that names no agency, or names agencies where it should not', () => {
    expect(AudienceSchema.safeParse({ kind: 'named-agencies' }).success).toBe(false);
    expect(AudienceSchema.safeParse({ kind: 'police-only', agencies: ['health'] }).success).toBe(false);
    expect(AudienceSchema.safeParse({ kind: 'named-agencies', agencies: ['health', 'health'] }).success).toBe(false);
    expect(AudienceSchema.parse({ kind: 'police-only' })).toEqual(POLICE_ONLY);
  });

  it('requires a lawful basis and a reason to share', () => {
    const base = {
      requestId: '0b6c2f0e-6a43-4c55-9d7b-3f8a1c2d4e5f',
      meetingId: '1c72fe6f-56ca-4198-90d0-4c65d7ba8f7d',
      compartmentId: '9b2e0c3a-2f4d-4c1e-8a7b-0d6f5e4c3b2a',
      audience: null,
      lawfulBasis: 'public-task',
    };
    expect(ShareCompartmentRequestSchema.safeParse(base).success).toBe(false);
    expect(ShareCompartmentRequestSchema.safeParse({ ...base, reason: '   ' }).success).toBe(false);
    expect(ShareCompartmentRequestSchema.safeParse({ ...base, reason: 'Needed now.' }).success).toBe(true);
  });
});
