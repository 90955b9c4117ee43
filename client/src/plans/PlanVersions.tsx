import type { PlanVersion } from '@roundtable/shared/pathway';
import { useState } from 'react';
import { api, errorMessage } from '../api';
import { PlanContentView } from './PlanContentView';
import { PlanVersionLine } from './PlanVersionLine';
import { shortHash } from './planLabels';

/**
 * The plan's earlier versions, loaded when the reader opens the list (most
 * readers never do). Each shows who changed it, when and where, the start of
 * its fingerprint (the sha256 the audit trail and sealed records carry) and,
 * on request, its content. Test hook: `[data-testid=plan-versions]`.
 */
export function PlanVersions({ childId, currentVersion }: { childId: string; currentVersion: number }) {
  const [versions, setVersions] = useState<PlanVersion[] | null>(null);
  const [problem, setProblem] = useState<string>();
  // Loaded once per current version: a new version saved here makes the list one longer.
  const [loadedFor, setLoadedFor] = useState<number | null>(null);

  function load() {
    if (loadedFor === currentVersion) return;
    setLoadedFor(currentVersion);
    setProblem(undefined);
    api.plans.versions(childId).then(
      (response) => setVersions(response.versions.filter((v) => v.version < currentVersion).reverse()),
      (error: unknown) => {
        setLoadedFor(null);
        setProblem(errorMessage(error));
      },
    );
  }

  if (currentVersion < 2) return <p className="govuk-body">This is the first version of the plan.</p>;
  return (
    <details
      className="govuk-details"
      data-testid="plan-versions"
      onToggle={(event) => {
        if (event.currentTarget.open) load();
      }}
    >
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Earlier versions ({currentVersion - 1})</span>
      </summary>
      <div className="govuk-details__text">
        {problem && (
          <p className="govuk-error-message" role="alert">
            <span className="govuk-visually-hidden">Error:</span> The earlier versions could not be loaded. {problem}
          </p>
        )}
        {!problem && versions === null && (
          <p className="govuk-body" role="status">
            Loading earlier versions…
          </p>
        )}
        {versions && (
          <ol className="govuk-list">
            {versions.map((version) => (
              <li key={version.version} data-plan-version={version.version} className="govuk-!-margin-bottom-4">
                <p className="govuk-body govuk-!-margin-bottom-1">
                  <PlanVersionLine version={version} />
                </p>
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  Fingerprint <span className="rt-fingerprint">{shortHash(version.hash)}</span>
                  <span className="govuk-visually-hidden"> (the first 12 characters of its SHA-256)</span>
                </p>
                <details className="govuk-details govuk-!-margin-bottom-0">
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">Show version {version.version}</span>
                  </summary>
                  <div className="govuk-details__text">
                    <PlanContentView content={version.content} level={4} />
                  </div>
                </details>
              </li>
            ))}
          </ol>
        )}
      </div>
    </details>
  );
}
