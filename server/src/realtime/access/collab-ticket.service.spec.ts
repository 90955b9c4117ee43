import type { MeetingRole } from '@roundtable/shared/constants';
import { documentName } from '@roundtable/shared/realtime';
import type { AuthenticatedSession } from '../../platform/auth-context/authenticated-session';
import type { MeetingsService } from '../../meeting/meetings/meetings.service';
import { CollabTicketService, MAX_TICKETS_PER_SESSION } from './collab-ticket.service';

const MEETING = '3f1c9a3e-2b7d-4c8a-9e0f-5a6b7c8d9e0f';
const DOCUMENT = documentName(MEETING, 'record');

function buildSession(overrides: Partial<AuthenticatedSession> = {}): AuthenticatedSession {
  return {
    sessionId: 'a0000000-0000-4000-8000-000000000001',
    authenticatedAt: new Date(),
    user: {
      id: 'b0000000-0000-4000-8000-000000000002',
      email: 'priya@example.org',
      displayName: 'Priya Shah',
      jobTitle: 'Social worker',
      agency: 'childrens-social-care',
      organisation: null,
      isAdmin: false,
      isAuditor: false,
      canChair: false,
    },
    ...overrides,
  };
}

function setup(role: MeetingRole | null = 'participant') {
  const meetings = { findRole: jest.fn(async () => role) } as unknown as MeetingsService;
  return { service: new CollabTicketService(meetings) };
}

describe('CollabTicketService', () => {
  afterEach(() => jest.useRealTimers());

  it('issues a ticket that opens its document exactly once', async () => {
    const { service } = setup();
    const session = buildSession();
    const { ticket, document } = await service.issueForMember(session, { meetingId: MEETING, kind: 'record' });
    expect(document).toBe(DOCUMENT);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(service.consume(ticket, DOCUMENT)?.session).toBe(session);
    expect(service.consume(ticket, DOCUMENT)).toBeNull();
  });

  it('refuses non-members exactly as a missing meeting', async () => {
    const { service } = setup(null);
    await expect(service.issueForMember(buildSession(), { meetingId: MEETING, kind: 'record' })).rejects.toMatchObject({
      code: 'MeetingNotFound',
    });
    expect(service.outstanding).toBe(0);
  });

  it('refuses a ticket after its time to live', () => {
    jest.useFakeTimers({ now: new Date('2026-03-02T13:00:00Z') });
    const { service } = setup();
    const { ticket } = service.issue({ session: buildSession(), meetingId: MEETING, documentName: DOCUMENT });
    jest.advanceTimersByTime(60_000);
    expect(service.consume(ticket, DOCUMENT)).toBeNull();
    expect(service.outstanding).toBe(0);
  });

  it('uses a ticket up when it is presented for another document', () => {
    const { service } = setup();
    const { ticket } = service.issue({ session: buildSession(), meetingId: MEETING, documentName: DOCUMENT });
    expect(service.consume(ticket, documentName('4f1c9a3e-2b7d-4c8a-9e0f-5a6b7c8d9e0f', 'record'))).toBeNull();
    expect(service.consume(ticket, DOCUMENT)).toBeNull();
  });

  it('keeps only a hash of each ticket', () => {
    const { service } = setup();
    const { ticket } = service.issue({ session: buildSession(), meetingId: MEETING, documentName: DOCUMENT });
    const stored = (service as unknown as { tickets: Map<string, unknown> }).tickets;
    expect([...stored.keys()]).not.toContain(ticket);
    expect(JSON.stringify([...stored.keys()])).not.toContain(ticket);
  });

  it('caps outstanding tickets per session, retiring the oldest', () => {
    const { service } = setup();
    const session = buildSession();
    const issued = Array.from({ length: MAX_TICKETS_PER_SESSION + 1 }, () =>
      service.issue({ session, meetingId: MEETING, documentName: DOCUMENT }),
    );
    expect(service.outstanding).toBe(MAX_TICKETS_PER_SESSION);
    expect(service.consume(issued[0]!.ticket, DOCUMENT)).toBeNull();
    expect(service.consume(issued[1]!.ticket, DOCUMENT)).not.toBeNull();
  });
});
