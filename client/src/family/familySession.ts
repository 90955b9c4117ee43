import type { FamilySessionResponse } from '@roundtable/shared/family';
import { createContext, useContext } from 'react';

export type FamilySessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: 'none' | 'signed-out' }
  | { status: 'signed-in'; session: FamilySessionResponse };

export interface FamilySessionValue {
  state: FamilySessionState;
  /** Records the family member and meeting a successful sign-in returned. */
  signedIn: (session: FamilySessionResponse) => void;
  /** Ends the family session on the server, then forgets it. */
  signOut: () => Promise<void>;
}

export const FamilySessionContext = createContext<FamilySessionValue | null>(null);

/** The family member's session (inside FamilyApp). */
export function useFamilySession(): FamilySessionValue {
  const value = useContext(FamilySessionContext);
  if (!value) throw new Error('useFamilySession used outside FamilyApp');
  return value;
}

/** The signed-in family member and their meeting (inside RequireFamilySession). */
export function useFamilyMember(): FamilySessionResponse {
  const { state } = useFamilySession();
  if (state.status !== 'signed-in') throw new Error('useFamilyMember used outside RequireFamilySession');
  return state.session;
}
