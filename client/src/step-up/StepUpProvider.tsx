import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, isApiError } from '../api';
import { StepUpContext, type StepUpValue } from './stepUpContext';
import { StepUpDialog } from './StepUpDialog';

/** Asks again this long before the server's limit, so a check and the action do not straddle it. */
const MARGIN_SECONDS = 15;

/**
 * Holds the one step-up dialog of the app. Whoever needs a fresh
 * re-authentication awaits `ensureFresh` or wraps the action in `withStepUp`;
 * the dialog resolves every waiter at once.
 */
export function StepUpProvider({ children }: { children: ReactNode }) {
  const [dialog, setDialog] = useState<{ mfaEnabled: boolean } | null>(null);
  const waiters = useRef<((confirmed: boolean) => void)[]>([]);

  const ask = useCallback(async (): Promise<boolean> => {
    const { mfaEnabled } = await api.auth.stepUp.status().catch(() => ({ mfaEnabled: false }));
    return new Promise<boolean>((resolve) => {
      waiters.current.push(resolve);
      setDialog({ mfaEnabled });
    });
  }, []);

  const finish = useCallback((confirmed: boolean) => {
    setDialog(null);
    for (const resolve of waiters.current.splice(0)) resolve(confirmed);
  }, []);

  const ensureFresh = useCallback(async () => {
    const status = await api.auth.stepUp.status();
    if (status.freshForSeconds > MARGIN_SECONDS) return true;
    return ask();
  }, [ask]);

  const withStepUp = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action();
      } catch (error) {
        if (!isApiError(error, 'StepUpRequired') || !(await ask())) throw error;
        return action();
      }
    },
    [ask],
  );

  const value = useMemo<StepUpValue>(() => ({ ensureFresh, withStepUp }), [ensureFresh, withStepUp]);
  return (
    <StepUpContext.Provider value={value}>
      {children}
      {dialog && <StepUpDialog mfaEnabled={dialog.mfaEnabled} onDone={finish} />}
    </StepUpContext.Provider>
  );
}
