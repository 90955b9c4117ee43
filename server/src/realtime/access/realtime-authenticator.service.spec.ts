import type { IncomingHttpHeaders } from 'node:http';
import { Logger } from '@nestjs/common';
import { LIMITS } from '@roundtable/shared/constants';
import { documentName } from '@roundtable/shared/realtime';
import type { AuditService } from '../../audit/trail/audit.service';
import { OriginPolicy } from '../../identity/auth/origin-policy';
import type { SessionsService } from '../../identity/auth/sessions.service';
import type { MeetingsService } from '../../meeting/meetings/meetings.service';
import type { AuthenticatedSession } from '../../platform/auth-context/authenticated-session';
import type { AppConfig } from '../../platform/config/app-config';
import type { ClusterBus } from '../../platform/cluster/cluster-bus.service';
import { UserConnectionSlots } from '../../platform/cluster/user-connection-slots.service';
import { LiveConnectionRegistry } from '../../platform/live-connections/live-connections.registry';
import { CollabTicketService } from './collab-ticket.service';
import { RealtimeAuthenticator, type RealtimeTarget } from './realtime-authenticator.service';

const MEETING = '3f1c9a3e-2b7d-4c8a-9e0f-5a6b7c8d9e0f';
const DOCUMENT = documentName(MEETING, 'record');
const COLLAB: RealtimeTarget = { channel: 'collab', meetingId: MEETING, documentName: DOCUMENT };
const SOCKET_IO: RealtimeTarget = { channel: 'socket.io' };

function buildSession(): AuthenticatedSession {
  return {
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
}

function setup(options: { sessionEnded?: boolean; auditFails?: boolean } = {}) {
  const session = buildSession();
  const sessions = {
    cookieName: 'rt_session',
    authenticate: jest.fn(async (token: string) => (token === 'good' ? session : null)),
    findLive: jest.fn(async (id: string) => (id === session.sessionId && !options.sessionEnded ? session : null)),
  };
  const audit = {
    recordAlone: jest.fn(async () => {
      if (options.auditFails) throw new Error('database down');
      return 1;
    }),
  };
  const tickets = new CollabTicketService({} as MeetingsService);
  const liveConnections = new LiveConnectionRegistry();
  const authenticator = new RealtimeAuthenticator(
    sessions as unknown as SessionsService,
    new OriginPolicy({ allowedOrigins: [] } as unknown as AppConfig),
    tickets,
    // One instance, no Redis: the slots are this process's own.
    new UserConnectionSlots({ enabled: false } as ClusterBus, liveConnections),
    audit as unknown as AuditService,
  );
  return { authenticator, session, sessions, audit, tickets, liveConnections };
}

const headers = (extra: IncomingHttpHeaders = {}): IncomingHttpHeaders => ({
  host: 'roundtable.example:3000',
  origin: 'http://roundtable.example:3000',
  cookie: 'rt_session=good',
  ...extra,
});

describe('RealtimeAuthenticator', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    ['the collab upgrade', COLLAB],
    ['the socket.io handshake', SOCKET_IO],
  ])('authenticates %s by the session cookie from its own origin', async (_name, target) => {
    const { authenticator, session } = setup();
    expect(await authenticator.authenticate({ headers: headers() }, target)).toEqual({ ok: true, session });
  });

  it('refuses no cookie and a session that is not live, unaudited', async () => {
    const { authenticator, audit } = setup();
    expect(await authenticator.authenticate({ headers: headers({ cookie: undefined }) }, SOCKET_IO)).toEqual({
      ok: false,
      refusal: 'no-session',
    });
    expect(await authenticator.authenticate({ headers: headers({ cookie: 'rt_session=bad' }) }, COLLAB)).toEqual({
      ok: false,
      refusal: 'invalid-session',
    });
    expect(audit.recordAlone).not.toHaveBeenCalled();
  });

  it('refuses a foreign Origin before reading the session, audited without an actor, per channel', async () => {
    const { authenticator, audit, sessions } = setup();
    const foreign = { headers: headers({ origin: 'https://evil.example' }) };
    expect(await authenticator.authenticate(foreign, COLLAB)).toEqual({ ok: false, refusal: 'foreign-origin' });
    expect(await authenticator.authenticate(foreign, SOCKET_IO)).toEqual({ ok: false, refusal: 'foreign-origin' });
    expect(sessions.authenticate).not.toHaveBeenCalled();
    expect(audit.recordAlone.mock.calls).toEqual([
      [
        {
          type: 'access.refused',
          outcome: 'refused',
          actor: null,
          meetingId: MEETING,
          subject: { type: 'document', id: DOCUMENT },
          details: { channel: 'collab', reason: 'foreign-origin' },
        },
      ],
      // A handshake names no meeting.
      [
        {
          type: 'access.refused',
          outcome: 'refused',
          actor: null,
          details: { channel: 'socket.io', reason: 'foreign-origin' },
        },
      ],
    ]);
  });

  it('accepts a ticket once, without cookie or Origin, and audits a used one', async () => {
    const { authenticator, audit, session, tickets } = setup();
    const { ticket } = tickets.issue({ session, meetingId: MEETING, documentName: DOCUMENT });
    expect(await authenticator.authenticate({ ticket, documentName: DOCUMENT }, COLLAB)).toEqual({ ok: true, session });
    expect(await authenticator.authenticate({ ticket, documentName: DOCUMENT }, COLLAB)).toEqual({
      ok: false,
      refusal: 'bad-ticket',
    });
    expect(audit.recordAlone).toHaveBeenCalledWith(
      expect.objectContaining({ actor: null, details: { channel: 'collab', reason: 'bad-ticket' } }),
    );
  });

  it('refuses a ticket whose session has ended, audited with its holder as the actor', async () => {
    const { authenticator, audit, session, tickets } = setup({ sessionEnded: true });
    const { ticket } = tickets.issue({ session, meetingId: MEETING, documentName: DOCUMENT });
    expect(await authenticator.authenticate({ ticket, documentName: DOCUMENT }, COLLAB)).toEqual({
      ok: false,
      refusal: 'ended-session',
    });
    expect(audit.recordAlone).toHaveBeenCalledWith(
      expect.objectContaining({
        actor: { userId: session.user.id, agency: 'police' },
        details: { channel: 'collab', reason: 'ended-session' },
      }),
    );
  });

  it('still refuses when the refusal cannot be audited', async () => {
    const { authenticator } = setup({ auditFails: true });
    const foreign = { headers: headers({ origin: 'https://evil.example' }) };
    expect(await authenticator.authenticate(foreign, SOCKET_IO)).toEqual({ ok: false, refusal: 'foreign-origin' });
  });

  it("takes one of the user's slots per connection, whatever the channel, up to the cap, and gives it back", async () => {
    const { authenticator, liveConnections, session } = setup();
    const userId = session.user.id;
    const releases = await Promise.all(
      Array.from({ length: LIMITS.connectionsPerUserMax }, (_, i) =>
        authenticator.claimConnectionSlot(userId, i % 2 === 0 ? COLLAB : SOCKET_IO),
      ),
    );
    expect(releases.every((release) => release !== null)).toBe(true);
    expect(await authenticator.claimConnectionSlot(userId, SOCKET_IO)).toBeNull();
    releases[0]?.();
    releases[0]?.(); // idempotent
    expect(liveConnections.openConnectionsOf(userId)).toBe(LIMITS.connectionsPerUserMax - 1);
    expect(await authenticator.claimConnectionSlot(userId, COLLAB)).not.toBeNull();
  });
});
