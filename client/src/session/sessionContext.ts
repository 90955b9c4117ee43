import { createContext } from 'react';
import type { UserResponse } from '@roundtable/shared/schemas';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: 'none' | 'signed-out' | 'expired' }
  | { status: 'signed-in'; me: UserResponse };

export interface SessionValue {
  session: SessionState;
  /** Records the user returned by a successful sign-in. */
  signedIn: (me: UserResponse) => void;
  /** Ends the session on the server, then forgets the user. */
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);
