import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, isMfaChallenge } from '.';

const MEETING = '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91';
const USER = '0b7e8a52-6c1d-4f3e-8a90-1c2d3e4f5a6b';
const ADDENDUM = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const CHILD = 'c0ffee00-1234-4abc-8def-000000000001';

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
});

/** The one request the call made: method, path and decoded body. */
function sent(): { method: string; path: string; body: unknown } {
  expect(fetchMock).toHaveBeenCalledTimes(1);
  const [path, init] = fetchMock.mock.calls[0] as [string, RequestInit];
  return {
    method: init.method as string,
    path,
    body: init.body === undefined ? undefined : JSON.parse(init.body as string),
  };
}

type Case = [name: string, call: () => Promise<unknown>, method: string, path: string, body?: unknown];

const cases: Case[] = [
  [
    'auth.login',
    () => api.auth.login({ email: 'sam@example.org', password: 'pw' }),
    'POST',
    '/api/auth/login',
    { email: 'sam@example.org', password: 'pw' },
  ],
  ['auth.logout', () => api.auth.logout(), 'POST', '/api/auth/logout'],
  ['auth.me', () => api.auth.me(), 'GET', '/api/me'],
  ['auth.mfa.status', () => api.auth.mfa.status(), 'GET', '/api/auth/mfa'],
  [
    'auth.mfa.verify',
    () => api.auth.mfa.verify({ code: '123456' }),
    'POST',
    '/api/auth/mfa/verify',
    { code: '123456' },
  ],
  ['auth.mfa.enrol', () => api.auth.mfa.enrol(), 'POST', '/api/auth/mfa/enrol'],
  [
    'auth.mfa.confirm',
    () => api.auth.mfa.confirm({ code: '123456' }),
    'POST',
    '/api/auth/mfa/enrol/confirm',
    { code: '123456' },
  ],
  [
    'auth.mfa.regenerateRecoveryCodes',
    () => api.auth.mfa.regenerateRecoveryCodes(),
    'POST',
    '/api/auth/mfa/recovery-codes',
  ],
  ['auth.mfa.disable', () => api.auth.mfa.disable(), 'POST', '/api/auth/mfa/disable'],
  ['auth.stepUp.status', () => api.auth.stepUp.status(), 'GET', '/api/auth/step-up'],
  [
    'auth.stepUp.confirm',
    () => api.auth.stepUp.confirm({ password: 'pw' }),
    'POST',
    '/api/auth/step-up',
    { password: 'pw' },
  ],
  ['auth.oidc.providers', () => api.auth.oidc.providers(), 'GET', '/api/auth/oidc/providers'],
  ['auth.oidc.stepUpOptions', () => api.auth.oidc.stepUpOptions(), 'GET', '/api/auth/oidc/step-up-options'],

  ['meetings.list', () => api.meetings.list(), 'GET', '/api/meetings'],
  ['meetings.get', () => api.meetings.get(MEETING), 'GET', `/api/meetings/${MEETING}`],
  [
    'meetings.create',
    () =>
      api.meetings.create({
        reason: 'Bruising',
        scheduledAt: '2026-03-02T13:00:00Z',
        format: 'online',
        children: [{ name: 'Ruby' }],
      }),
    'POST',
    '/api/meetings',
    { reason: 'Bruising', scheduledAt: '2026-03-02T13:00:00Z', format: 'online', children: [{ name: 'Ruby' }] },
  ],
  [
    'meetings.update',
    () => api.meetings.update(MEETING, { reason: 'Changed' }),
    'PATCH',
    `/api/meetings/${MEETING}`,
    { reason: 'Changed' },
  ],
  [
    'meetings.members.add',
    () => api.meetings.members.add(MEETING, { email: 'pat@example.org', role: 'participant' }),
    'POST',
    `/api/meetings/${MEETING}/members`,
    { email: 'pat@example.org', role: 'participant' },
  ],
  [
    'meetings.members.changeRole',
    () => api.meetings.members.changeRole(MEETING, USER, 'observer'),
    'PATCH',
    `/api/meetings/${MEETING}/members/${USER}`,
    { role: 'observer' },
  ],
  [
    'meetings.members.remove',
    () => api.meetings.members.remove(MEETING, USER),
    'DELETE',
    `/api/meetings/${MEETING}/members/${USER}`,
  ],
  ['meetings.start', () => api.meetings.start(MEETING), 'POST', `/api/meetings/${MEETING}/start`],
  [
    'meetings.conclude',
    () => api.meetings.conclude(MEETING, { notReached: [] }),
    'POST',
    `/api/meetings/${MEETING}/conclude`,
    { notReached: [] },
  ],
  [
    'meetings.setReviewDate',
    () => api.meetings.setReviewDate(MEETING, { reviewDate: '2026-06-01' }),
    'PUT',
    `/api/meetings/${MEETING}/review-date`,
    { reviewDate: '2026-06-01' },
  ],
  [
    'meetings.createReview',
    () => api.meetings.createReview(MEETING, {}),
    'POST',
    `/api/meetings/${MEETING}/review`,
    {},
  ],
  ['meetings.addenda.list', () => api.meetings.addenda.list(MEETING), 'GET', `/api/meetings/${MEETING}/addenda`],
  [
    'meetings.addenda.add',
    () => api.meetings.addenda.add(MEETING, { sectionKey: 'outcome', text: 'Later information' }),
    'POST',
    `/api/meetings/${MEETING}/addenda`,
    { sectionKey: 'outcome', text: 'Later information' },
  ],
  [
    'meetings.addenda.signOff',
    () => api.meetings.addenda.signOff(MEETING, ADDENDUM),
    'POST',
    `/api/meetings/${MEETING}/addenda/${ADDENDUM}/sign-off`,
  ],
  ['meetings.attendance.get', () => api.meetings.attendance.get(MEETING), 'GET', `/api/meetings/${MEETING}/attendance`],
  [
    'meetings.attendance.recordApology',
    () => api.meetings.attendance.recordApology(MEETING, { userId: USER, reason: 'Unwell' }),
    'POST',
    `/api/meetings/${MEETING}/apologies`,
    { userId: USER, reason: 'Unwell' },
  ],
  [
    'meetings.safetyScores.list',
    () => api.meetings.safetyScores.list(MEETING),
    'GET',
    `/api/meetings/${MEETING}/safety-plan/scores`,
  ],
  [
    'meetings.safetyScores.record',
    () => api.meetings.safetyScores.record(MEETING, { score: 4, note: 'Safer' }),
    'PUT',
    `/api/meetings/${MEETING}/safety-plan/scores`,
    { score: 4, note: 'Safer' },
  ],
  [
    'meetings.sealedRecords.list',
    () => api.meetings.sealedRecords.list(MEETING),
    'GET',
    `/api/meetings/${MEETING}/records`,
  ],

  ['actions.mine', () => api.actions.mine(), 'GET', '/api/actions/mine'],
  ['dashboard.get', () => api.dashboard.get(), 'GET', '/api/dashboard'],
  ['decisionTemplates.list', () => api.decisionTemplates.list(), 'GET', '/api/decision-templates'],

  [
    'audit.events',
    () => api.audit.events('agency=police&type=sign-in'),
    'GET',
    '/api/audit/events?agency=police&type=sign-in',
  ],
  ['audit.events without filters', () => api.audit.events(''), 'GET', '/api/audit/events'],
  ['audit.verification', () => api.audit.verification(), 'GET', '/api/audit/verification'],
  ['audit.meetings', () => api.audit.meetings(), 'GET', '/api/audit/meetings'],
  [
    'audit.recordHistory',
    () => api.audit.recordHistory(MEETING, { reason: 'Case review & audit' }),
    'GET',
    `/api/audit/meetings/${MEETING}/record-history?reason=Case+review+%26+audit`,
  ],
  [
    'audit.recordHistory at a time',
    () => api.audit.recordHistory(MEETING, { reason: 'Review', at: '2026-03-02T13:00:00Z' }),
    'GET',
    `/api/audit/meetings/${MEETING}/record-history?reason=Review&at=2026-03-02T13%3A00%3A00Z`,
  ],

  ['admin.users.list', () => api.admin.users.list(), 'GET', '/api/admin/users'],
  [
    'admin.users.create',
    () =>
      api.admin.users.create({
        email: 'new@example.org',
        displayName: 'New',
        jobTitle: 'Nurse',
        agency: 'health',
        password: 'a long enough password',
        isAdmin: false,
        isAuditor: false,
        canChair: false,
      }),
    'POST',
    '/api/admin/users',
    {
      email: 'new@example.org',
      displayName: 'New',
      jobTitle: 'Nurse',
      agency: 'health',
      password: 'a long enough password',
      isAdmin: false,
      isAuditor: false,
      canChair: false,
    },
  ],
  [
    'admin.users.setChairPermission',
    () => api.admin.users.setChairPermission(USER, true),
    'POST',
    `/api/admin/users/${USER}/chair-permission`,
    { canChair: true },
  ],
  [
    'admin.users.setTeamManager',
    () => api.admin.users.setTeamManager(USER, false),
    'POST',
    `/api/admin/users/${USER}/team-manager`,
    { teamManager: false },
  ],
  ['admin.users.disable', () => api.admin.users.disable(USER), 'POST', `/api/admin/users/${USER}/disable`],
  ['admin.users.enable', () => api.admin.users.enable(USER), 'POST', `/api/admin/users/${USER}/enable`],
  ['admin.users.endSessions', () => api.admin.users.endSessions(USER), 'POST', `/api/admin/users/${USER}/end-sessions`],

  ['children.get', () => api.children.get(CHILD), 'GET', `/api/children/${CHILD}`],
  [
    'children.search by NHS number',
    () => api.children.search({ nhsNumber: '9434765919' }),
    'GET',
    '/api/children?nhsNumber=9434765919',
  ],
  [
    'children.search by case-system ID',
    () => api.children.search({ caseSystemId: 'LA/123 4' }),
    'GET',
    '/api/children?caseSystemId=LA%2F123+4',
  ],
  [
    'children.update',
    () => api.children.update(CHILD, { nhsNumber: null }),
    'PATCH',
    `/api/children/${CHILD}`,
    { nhsNumber: null },
  ],
  [
    'children.setHousehold',
    () => api.children.setHousehold(CHILD, { members: [] }),
    'PUT',
    `/api/children/${CHILD}/household`,
    { members: [] },
  ],
  [
    'children.setLcpp',
    () => api.children.setLcpp(CHILD, { userId: USER }),
    'PUT',
    `/api/children/${CHILD}/lcpp`,
    { userId: USER },
  ],
  [
    'children.meeting.add',
    () => api.children.meeting.add(MEETING, { childId: CHILD }),
    'POST',
    `/api/meetings/${MEETING}/children`,
    { childId: CHILD },
  ],
  [
    'children.meeting.remove',
    () => api.children.meeting.remove(MEETING, CHILD),
    'DELETE',
    `/api/meetings/${MEETING}/children/${CHILD}`,
  ],
  ['caseload.get', () => api.caseload.get(), 'GET', '/api/caseload'],
  ['meetingTypes.list', () => api.meetingTypes.list(), 'GET', '/api/meeting-types'],
  ['circulation.get', () => api.circulation.get(MEETING), 'GET', `/api/meetings/${MEETING}/circulation`],
  [
    'circulation.send',
    () => api.circulation.send(MEETING, { members: [{ userId: USER }] }),
    'POST',
    `/api/meetings/${MEETING}/circulation`,
    { members: [{ userId: USER }] },
  ],
  [
    'circulation.link.open',
    () => api.circulation.link.open({ token: 't' }),
    'POST',
    '/api/record-links/open',
    { token: 't' },
  ],
  [
    'circulation.link.requestCode',
    () => api.circulation.link.requestCode({ token: 't' }),
    'POST',
    '/api/record-links/code',
    { token: 't' },
  ],
  [
    'circulation.link.download',
    () => api.circulation.link.download({ token: 't', code: '123456' }),
    'POST',
    '/api/record-links/download',
    { token: 't', code: '123456' },
  ],
];

describe('api', () => {
  it.each(cases.map(([name, call, method, path, body]) => ({ name, call, method, path, body })))(
    '$name calls $method $path',
    async ({ call, method, path, body }) => {
      await call();
      expect(sent()).toEqual({ method, path, body });
    },
  );

  it('escapes ids in paths, so an id can never reach another route', async () => {
    await api.meetings.members.remove('../../admin', 'a/b?c');
    expect(sent().path).toBe('/api/meetings/..%2F..%2Fadmin/members/a%2Fb%3Fc');
  });

  it('resolves with the server’s answer', async () => {
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ actions: [] }), { status: 200 }));
    await expect(api.actions.mine()).resolves.toEqual({ actions: [] });
  });
});

describe('download and navigation links', () => {
  it('builds the audit export link from the filters, without a stray "?"', () => {
    expect(api.audit.exportUrl('csv', 'agency=police')).toBe('/api/audit/events/export.csv?agency=police');
    expect(api.audit.exportUrl('json', '')).toBe('/api/audit/events/export.json');
  });

  it('sends single sign-on to the provider’s start route', () => {
    expect(api.auth.oidc.startUrl('north yorkshire')).toBe('/api/auth/oidc/north%20yorkshire/start');
  });

  it('asks the provider for a step-up that returns to the page the user was on', () => {
    const url = new URL(api.auth.oidc.stepUpUrl('nhs', '/meetings/1#decisions'), 'https://roundtable.test');
    expect(url.pathname).toBe('/api/auth/oidc/nhs/start');
    expect(Object.fromEntries(url.searchParams)).toEqual({ purpose: 'step-up', returnTo: '/meetings/1#decisions' });
  });
});

describe('isMfaChallenge', () => {
  it('tells a second-factor challenge from a signed-in user', () => {
    expect(isMfaChallenge({ mfaRequired: true })).toBe(true);
    expect(
      isMfaChallenge({
        id: USER,
        email: 'sam@example.org',
        displayName: 'Sam',
        jobTitle: 'Manager',
        agency: 'police',
        organisation: null,
        isAdmin: false,
        isAuditor: false,
        canChair: false,
      }),
    ).toBe(false);
  });
});
