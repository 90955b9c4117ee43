import type { Agency } from '@roundtable/shared/constants';

/** Who a request or connection is, as the server established it. Never taken from the client. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  displayName: string;
  jobTitle: string;
  agency: Agency;
  /** The organisation within the agency ("Testshire Police"), when an administrator has set one. */
  organisation: string | null;
  isAdmin: boolean;
  /** Safeguarding partner reviewer (read-only, never a meeting member). */
  isAuditor: boolean;
  /** May convene and chair strategy discussions (an administrator's decision; see canConveneMeeting). */
  canChair: boolean;
}

export interface AuthenticatedSession {
  sessionId: string;
  user: AuthenticatedUser;
  /** When the user last proved who they are: sign-in with every factor, or step-up re-authentication. */
  authenticatedAt: Date;
}
