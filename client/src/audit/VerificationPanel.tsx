import type { AuditVerificationResponse } from '@roundtable/shared/audit';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import { StepUpLink } from '../step-up/StepUpLink';
import { VerificationResult } from './VerificationResult';
import { WitnessesPanel } from './WitnessesPanel';

type VerificationState =
  | { status: 'checking' }
  | { status: 'done'; report: AuditVerificationResponse }
  | { status: 'failed'; message: string };

/**
 * Whether the audit trail is intact: the server re-reads the whole hash chain and
 * checks every signed checkpoint, on load and on "Verify again". Also the files
 * partners keep to check it themselves (docs/AUDIT.md, "What partners do").
 *
 * Test hook: `[data-testid=audit-verification][data-state=checking|ok|broken|failed]`.
 */
export function VerificationPanel() {
  const [state, setState] = useState<VerificationState>({ status: 'checking' });
  const [checking, setChecking] = useState(true);
  // Only a result the user asked for takes focus; the first one, on load, does not.
  const [requested, setRequested] = useState(0);
  const resultRef = useRef<HTMLDivElement>(null);
  const alive = useRef(true);

  const verify = useCallback(() => {
    setChecking(true);
    api.audit
      .verification()
      .then(
        (report) => alive.current && setState({ status: 'done', report }),
        (error: unknown) => alive.current && setState({ status: 'failed', message: errorMessage(error) }),
      )
      .finally(() => alive.current && setChecking(false));
  }, []);

  useEffect(() => {
    alive.current = true;
    verify();
    return () => {
      alive.current = false;
    };
  }, [verify]);

  useEffect(() => {
    if (requested > 0 && !checking) resultRef.current?.focus();
  }, [requested, checking]);

  const dataState =
    state.status === 'checking' ? 'checking' : state.status === 'failed' ? 'failed' : state.report.ok ? 'ok' : 'broken';

  return (
    <section aria-labelledby="verification-heading" data-testid="audit-verification" data-state={dataState}>
      <h2 className="govuk-heading-m" id="verification-heading">
        Is the audit trail intact?
      </h2>
      <div ref={resultRef} tabIndex={-1} className="rt-focus-target">
        {state.status === 'checking' && (
          <p className="govuk-body" role="status">
            Checking every entry and signed checkpoint…
          </p>
        )}
        {state.status === 'failed' && (
          <div className="govuk-error-summary" role="alert">
            <h3 className="govuk-error-summary__title">The audit trail could not be checked</h3>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">{state.message}</p>
            </div>
          </div>
        )}
        {state.status === 'done' && <VerificationResult report={state.report} announce={requested > 0} />}
      </div>

      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          data-testid="verify-again"
          onClick={() => {
            setRequested((n) => n + 1);
            verify();
          }}
          disabled={checking}
          aria-disabled={checking || undefined}
        >
          {checking && state.status !== 'checking' ? 'Checking…' : 'Verify again'}
        </button>
      </div>

      <h3 className="govuk-heading-s">Check it yourself</h3>
      <p className="govuk-body">
        Keep every download of the signed checkpoints, with the public key. With them, and read access to the database,
        your partnership can check the trail independently of this service.
      </p>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href={api.audit.checkpointsUrl} download="roundtable-audit-checkpoints.json">
            Download the signed checkpoints (JSON)
          </a>
        </li>
        <li>
          <a className="govuk-link" href={api.audit.publicKeyUrl} download>
            Download the public key (PEM)
          </a>
        </li>
        <li>
          <StepUpLink className="govuk-link" href={api.audit.bundleUrl} draggable="false" data-testid="export-bundle">
            Download everything for offline verification (.tar.gz)
          </StepUpLink>{' '}
          — every entry, checkpoint and cosignature, checked with <code>npm run audit:verify -- --export</code> and the
          public keys only
        </li>
      </ul>
      <WitnessesPanel />
    </section>
  );
}
