import { createContext } from 'react';

export interface StepUpValue {
  /**
   * Resolves true when protected actions are allowed now: at once if the last
   * sign-in or re-authentication is recent, otherwise after the user confirms
   * it is them in the dialog (false if they cancel).
   */
  ensureFresh: () => Promise<boolean>;
  /**
   * Runs an action; if the server answers StepUpRequired, asks the user to
   * confirm it is them and runs it once more. Other errors pass through.
   */
  withStepUp: <T>(action: () => Promise<T>) => Promise<T>;
}

export const StepUpContext = createContext<StepUpValue | null>(null);
