import type { ChildProtectionPlan } from '@roundtable/shared/pathway';
import { useEffect, useRef } from 'react';
import { PlanContentView } from './PlanContentView';
import { PlanVersionLine } from './PlanVersionLine';

/**
 * Someone else saved the plan while this editor was open. Their version is
 * shown in full above the reader's draft, which stays as it was typed: the
 * reader copies what they need from theirs, or starts again from it. Takes
 * focus when it appears, so a screen reader hears it first. Test hook:
 * `[data-testid=plan-conflict]`.
 */
export function PlanConflict({ theirs, onStartAgain }: { theirs: ChildProtectionPlan; onStartAgain: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const headingId = `plan-conflict-${theirs.id}-title`;
  useEffect(() => ref.current?.focus(), [theirs.current.version]);
  return (
    <div
      className="govuk-notification-banner rt-focus-target"
      role="region"
      aria-labelledby={headingId}
      tabIndex={-1}
      ref={ref}
      data-testid="plan-conflict"
    >
      <div className="govuk-notification-banner__header">
        <h4 className="govuk-notification-banner__title" id={headingId}>
          Your changes have not been saved yet
        </h4>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">
          Someone else changed the plan while you were editing: here is their version
        </p>
        <p className="govuk-body">
          <PlanVersionLine version={theirs.current} />.
        </p>
        <p className="govuk-body">
          Your draft is below, as you left it. Change it to keep what you need from their version, then save: your
          version then replaces theirs. Or start again from their version.
        </p>
        <details className="govuk-details" open>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Their version (version {theirs.current.version})</span>
          </summary>
          <div className="govuk-details__text" data-testid="plan-conflict-theirs">
            <PlanContentView content={theirs.current.content} level={4} />
          </div>
        </details>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onStartAgain}>
          Discard my changes and start again from their version
        </button>
      </div>
    </div>
  );
}
