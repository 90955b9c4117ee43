import type { IncomingHttpHeaders } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedSession } from '../../platform';
import { OriginPolicy, readSessionCookie, SessionsService } from '../../identity';

/** Why a handshake was refused: sent to the client as the `connect_error`'s `data`. */
export interface HandshakeRefusal {
  code: 'Unauthenticated' | 'Forbidden';
  message: string;
  /** Refusals recorded in the audit trail (as the collab endpoint does): a page of another site tried. */
  audited?: 'foreign-origin';
}

export type HandshakeResult = { ok: true; session: AuthenticatedSession } | { ok: false; refusal: HandshakeRefusal };

const refuse = (
  code: HandshakeRefusal['code'],
  message: string,
  audited?: HandshakeRefusal['audited'],
): HandshakeResult => ({
  ok: false,
  refusal: { code, message, ...(audited ? { audited } : {}) },
});

/**
 * Authenticates a socket.io handshake to `/meetings` as the collab endpoint
 * does an upgrade: the session cookie (never a token in the URL or the auth
 * payload), from a page of an allowed Origin.
 */
@Injectable()
export class HandshakeAuthenticator {
  constructor(
    private readonly sessions: SessionsService,
    private readonly origins: OriginPolicy,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<HandshakeResult> {
    const token = readSessionCookie(headers.cookie, this.sessions.cookieName);
    if (!token) return refuse('Unauthenticated', 'Sign in to continue');
    // Browsers send cookies on cross-site WebSocket handshakes: check Origin (CSWSH).
    if (!this.origins.isAllowed(headers)) {
      return refuse('Forbidden', 'This page is not allowed to connect to Roundtable', 'foreign-origin');
    }
    const session = await this.sessions.authenticate(token);
    if (!session) return refuse('Unauthenticated', 'Your session has ended. Sign in again');
    return { ok: true, session };
  }
}
