import type { FamilyFgdmState } from '@roundtable/shared/fgdm';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api';
import { familyFgdmApi } from '../../fgdm/fgdmApi';
import { ConfirmButton } from '../../fgdm/ConfirmButton';

/**
 * "Share our plan with the professionals", after a confirmation. The server
 * takes the plan as it holds it now, so the button waits until every change
 * is saved. Test hook: `[data-testid=share-plan]`, `[data-testid=share-plan-done]`.
 */
export function ShareFamilyPlan({ saved, onShared }: { saved: boolean; onShared: (state: FamilyFgdmState) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<number | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  // The confirmation's buttons are gone: focus goes to what happened.
  useEffect(() => {
    if (done !== null) doneRef.current?.focus();
  }, [done]);

  async function share() {
    setBusy(true);
    setProblem(undefined);
    try {
      const next = await familyFgdmApi.present();
      setDone(next.presentations.reduce((max, p) => Math.max(max, p.version), 0));
      onShared(next);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="govuk-!-margin-top-4">
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      {done !== null && (
        <div
          className="govuk-panel govuk-panel--confirmation rt-focus-target"
          data-testid="share-plan-done"
          role="status"
          tabIndex={-1}
          ref={doneRef}
        >
          <h2 className="govuk-panel__title govuk-!-font-size-27">Your plan has been shared</h2>
          <div className="govuk-panel__body govuk-!-font-size-19">
            The professionals can now read version {done}. You can still change it and share it again.
          </div>
        </div>
      )}
      {!saved && <p className="govuk-hint">You can share the plan once all changes are saved.</p>}
      <ConfirmButton
        label="Share our plan with the professionals"
        question="The professionals will read your plan as it is now. You can still change it and share it again later."
        confirmLabel="Yes, share our plan"
        onConfirm={() => void share()}
        busy={busy || !saved}
        testId="share-plan"
      />
    </div>
  );
}
