import type { IncomingHttpHeaders } from 'node:http';
import { Logger } from '@nestjs/common';
import type { MeetingRole } from '@roundtable/shared/constants';
import { documentName } from '@roundtable/shared/realtime';
import type { AuthenticatedSession } from '../../platform/auth-context/authenticated-session';
import { OriginPolicy } from '../../identity/auth/origin-policy';
import type { SessionsService } from '../../identity/auth/sessions.service';
import type { AppConfig } from '../../platform/config/app-config';
import type { ClusterBus } from '../../platform/cluster/cluster-bus.service';
import { UserConnectionSlots } from '../../platform/cluster/user-connection-slots.service';
import { LiveConnectionRegistry } from '../../platform/live-connections/live-connections.registry';
import type { AuditService } from '../../audit/trail/audit.service';
import type { MeetingsService } from '../../meeting/meetings/meetings.service';
import type { CompartmentsService } from '../../meeting/compartments/compartments.service';
import { CollabTicketService } from '../access/collab-ticket.service';
import { RealtimeAuthenticator } from '../access/realtime-authenticator.service';
import type { FamilyRealtimeAuthenticator } from '../access/family-realtime-authenticator.service';
import type { FgdmService } from '../../meeting/fgdm/fgdm.service';
import { CollabAccessService } from './collab-access.service';

const MEETING = '3f1c9a3e-2b7d-4c8a-9e0f-5a6b7c8d9e0f';
const DOCUMENT = documentName(MEETING, 'record');
const session: AuthenticatedSession = {
  sessionId: 'a0000000-0000-4000-8000-000000000001',
  authenticatedAt: new Date(),
  user: {
    id: 'b0000000-0000-4000-8000-000000000002',
    email: 'sam@example.org',
    displayName: 'Sam Okoye',
    jobTitle: 'Detective constable',
    agency: 'police',
    organisation: null,
    isAdmin: false,
    isAuditor: false,
    canChair: false,
  },
};

function setup(
  options: {
    role?: MeetingRole | null;
    allowedOrigins?: string[];
    sessionEnded?: boolean;
    status?: 'scheduled' | 'live' | 'concluded';
  } = {},
) {
  const sessions = {
    authenticate: jest.fn(async (token: string) => (token === 'good' ? session : null)),
    findLive: jest.fn(async (id: string) => (id === session.sessionId && !options.sessionEnded ? session : null)),
  };
  const meetings = {
    findRole: jest.fn(async () => (options.role === undefined ? 'participant' : options.role)),
    findStatus: jest.fn(async () => options.status ?? 'live'),
    findMembership: jest.fn(async () => {
      const role = options.role === undefined ? 'participant' : options.role;
      return role ? { role, status: options.status ?? 'live' } : null;
    }),
  };
  const tickets = new CollabTicketService(meetings as unknown as MeetingsService);
  const config = { allowedOrigins: options.allowedOrigins ?? [] } as unknown as AppConfig;
  const audit = { recordAlone: jest.fn(async () => 1) };
  const authenticator = new RealtimeAuthenticator(
    sessions as unknown as SessionsService,
    new OriginPolicy(config),
    tickets,
    new UserConnectionSlots({ enabled: false } as ClusterBus, new LiveConnectionRegistry()),
    audit as unknown as AuditService,
  );
  // Compartment documents are covered end to end (compartments.int-spec.ts); none is open here.
  const compartments = { mayOpen: jest.fn(async () => false) };
  const access = new CollabAccessService(
    authenticator,
    meetings as unknown as MeetingsService,
    compartments as unknown as CompartmentsService,
    // Family plan documents are covered end to end (fgdm-family-plan.int-spec.ts): no family cookie here.
    {
      authenticate: jest.fn(async () => ({ ok: false, refusal: 'no-session' })),
    } as unknown as FamilyRealtimeAuthenticator,
    { familyMayOpenPlan: jest.fn(async () => false) } as unknown as FgdmService,
  );
  return { access, sessions, tickets, audit };
}

const cookieHeaders = (extra: IncomingHttpHeaders = {}): IncomingHttpHeaders => ({
  host: 'roundtable.example:3000',
  origin: 'http://roundtable.example:3000',
  cookie: 'other=1; rt_session=good',
  ...extra,
});

describe('CollabAccessService.authorizeUpgrade', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('grants a member with a session cookie and a same-origin Origin', async () => {
    const { access } = setup({ role: 'observer' });
    const decision = await access.authorizeUpgrade({ url: `/collab/${DOCUMENT}`, headers: cookieHeaders() });
    expect(decision).toEqual({
      ok: true,
      grant: { session, meetingId: MEETING, documentName: DOCUMENT, role: 'observer', meetingConcluded: false },
    });
  });

  it('grants a concluded meeting read-only, whatever the role', async () => {
    const { access } = setup({ role: 'chair', status: 'concluded' });
    const decision = await access.authorizeUpgrade({ url: `/collab/${DOCUMENT}`, headers: cookieHeaders() });
    expect(decision).toMatchObject({ ok: true, grant: { role: 'chair', meetingConcluded: true } });
  });

  it.each([
    ['an unknown document kind', `/collab/meetings/${MEETING}/minutes`],
    ['a malformed meeting id', '/collab/meetings/not-a-uuid/record'],
    ['an encoded slash', `/collab/meetings%2F${MEETING}%2Frecord`],
    ['a trailing slash', `/collab/${DOCUMENT}/`],
  ])('refuses %s with 404 before authenticating', async (_name, url) => {
    const { access, sessions } = setup();
    expect(await access.authorizeUpgrade({ url, headers: cookieHeaders() })).toMatchObject({ ok: false, status: 404 });
    expect(sessions.authenticate).not.toHaveBeenCalled();
  });

  it('refuses a non-member with the same 404 as an unknown document', async () => {
    const { access } = setup({ role: null });
    expect(await access.authorizeUpgrade({ url: `/collab/${DOCUMENT}`, headers: cookieHeaders() })).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it("audits a non-member's refusal with the member's account, before answering", async () => {
    const { access, audit } = setup({ role: null });
    await access.authorizeUpgrade({ url: `/collab/${DOCUMENT}`, headers: cookieHeaders() });
    expect(audit.recordAlone).toHaveBeenCalledWith({
      type: 'access.refused',
      outcome: 'refused',
      actor: { userId: session.user.id, agency: 'police' },
      meetingId: MEETING,
      subject: { type: 'document', id: DOCUMENT },
      details: { channel: 'collab', reason: 'not-a-member' },
    });
  });

  it.each([
    ['no cookie', { cookie: undefined }],
    ['an unknown session', { cookie: 'rt_session=bad' }],
  ])('refuses %s with 401', async (_name, headers) => {
    const { access } = setup();
    expect(
      await access.authorizeUpgrade({ url: `/collab/${DOCUMENT}`, headers: cookieHeaders(headers) }),
    ).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it.each([
    ['a missing Origin', { origin: undefined }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['an Origin on another port', { origin: 'http://roundtable.example:4000' }],
  ])('refuses a cookie upgrade with %s with 403', async (_name, headers) => {
    const { access, sessions } = setup();
    expect(
      await access.authorizeUpgrade({ url: `/collab/${DOCUMENT}`, headers: cookieHeaders(headers) }),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(sessions.authenticate).not.toHaveBeenCalled();
  });

  it('accepts an Origin listed in ALLOWED_ORIGINS', async () => {
    const { access } = setup({ allowedOrigins: ['https://app.example'] });
    const decision = await access.authorizeUpgrade({
      url: `/collab/${DOCUMENT}`,
      headers: cookieHeaders({ origin: 'https://app.example' }),
    });
    expect(decision.ok).toBe(true);
  });

  it('never reads a session token from the URL', async () => {
    const { access, sessions } = setup();
    const decision = await access.authorizeUpgrade({
      url: `/collab/${DOCUMENT}?token=good&rt_session=good&session=good`,
      headers: { host: 'roundtable.example:3000' },
    });
    expect(decision).toMatchObject({ ok: false, status: 401 });
    expect(sessions.authenticate).not.toHaveBeenCalled();
  });

  it('accepts a ticket once, without Origin, for its own document only', async () => {
    const { access, tickets } = setup();
    const { ticket } = tickets.issue({ session, meetingId: MEETING, documentName: DOCUMENT });
    const url = `/collab/${DOCUMENT}?ticket=${ticket}`;
    expect((await access.authorizeUpgrade({ url, headers: {} })).ok).toBe(true);
    expect(await access.authorizeUpgrade({ url, headers: {} })).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a ticket whose session has ended since it was issued with 401', async () => {
    const { access, tickets } = setup({ sessionEnded: true });
    const { ticket } = tickets.issue({ session, meetingId: MEETING, documentName: DOCUMENT });
    expect(await access.authorizeUpgrade({ url: `/collab/${DOCUMENT}?ticket=${ticket}`, headers: {} })).toMatchObject({
      ok: false,
      status: 401,
    });
  });

  it('refuses a ticket for another document with 401', async () => {
    const { access, tickets } = setup();
    const other = documentName('4f1c9a3e-2b7d-4c8a-9e0f-5a6b7c8d9e0f', 'record');
    const { ticket } = tickets.issue({ session, meetingId: MEETING, documentName: DOCUMENT });
    expect(await access.authorizeUpgrade({ url: `/collab/${other}?ticket=${ticket}`, headers: {} })).toMatchObject({
      ok: false,
      status: 401,
    });
  });
});
