import { createContext } from 'react';
import type { UserResponse } from '@roundtable/shared/schemas';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: 'none' | 'signed-out' | 'expired' }
  /** mfaEnrolmentRequired: the server holds this user at two-factor setup (MFA_REQUIRED_FOR). */
  | { status: 'signed-in'; me: UserResponse; mfaEnrolmentRequired?: boolean };

export interface SessionValue {
  session: SessionState;
  /** Records the user returned by a successful sign-in. */
  signedIn: (me: UserResponse) => void;
  /** Ends the session on the server, then forgets the user. */
  signOut: () => Promise<void>;
  /** Two-factor authentication has just been set up: the rest of the app is open again. */
  mfaEnrolled: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);
