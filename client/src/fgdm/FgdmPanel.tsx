import { FGDM_STAGE_LABELS, nextFgdmStage, type FgdmStage, type FgdmState } from '@roundtable/shared/fgdm';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { useState } from 'react';
import { errorMessage } from '../api';
import { formatDateTime } from '../dates';
import { AddBottomLineForm } from './AddBottomLineForm';
import { ConfirmButton } from './ConfirmButton';
import { fgdmApi } from './fgdmApi';
import { BottomLinesList, PresentationView } from './FgdmParts';
import { ResponseForm } from './ResponseForm';
import { SupportPackage } from './SupportPackage';

/** Said before private family time starts (the coordinator confirms). */
export const PRIVATE_FAMILY_TIME_WARNING =
  'Everyone except the family leaves. You will not see the family’s plan until they share it.';

const NEXT_STAGE_BUTTON: Record<FgdmStage, string> = {
  preparation: 'Start the meeting: preparation',
  'information-giving': 'Start information-giving',
  'private-family-time': 'Start private family time',
  'plan-presentation': 'End private family time: the family presents its plan',
  response: 'Move on to the professionals’ response',
  closed: 'Close the meeting',
};

interface FgdmPanelProps {
  meeting: MeetingDetail;
  state: FgdmState | null;
  problem?: string;
  /** The server answered a change here with the new state. */
  onChanged: (state: FgdmState) => void;
}

/**
 * The room's "Family group decision-making" tab (DOMAIN-PATHWAY §5): the
 * stage and, for the coordinator, the move to the next (private family time
 * after a confirmation); the bottom lines; during private family time a notice
 * that the family's plan is private; each version the family shared, with the
 * professionals' response; the family network support package. Other members
 * see the same, read-only. Test hooks: `#fgdm-panel`,
 * `[data-testid=fgdm-stage][data-stage]`, `[data-testid=private-family-time-notice]`.
 */
export function FgdmPanel({ meeting, state, problem, onChanged }: FgdmPanelProps) {
  const [moving, setMoving] = useState(false);
  const [moveProblem, setMoveProblem] = useState<string>();

  async function advance(stage: FgdmStage) {
    setMoving(true);
    setMoveProblem(undefined);
    try {
      onChanged(await fgdmApi.advance(meeting.id, stage));
    } catch (error) {
      setMoveProblem(errorMessage(error));
    } finally {
      setMoving(false);
    }
  }

  if (state === null)
    return (
      <section aria-labelledby="fgdm-heading" id="fgdm-panel">
        <h2 className="govuk-heading-l" id="fgdm-heading">
          Family group decision-making
        </h2>
        {problem ? (
          <p className="govuk-error-message" role="alert">
            <span className="govuk-visually-hidden">Error:</span> This could not be loaded. {problem}
          </p>
        ) : (
          <p className="govuk-body" role="status">
            Loading…
          </p>
        )}
      </section>
    );

  const coordinator = state.canCoordinate;
  const next = nextFgdmStage(state.stage);
  const latest = state.presentations.reduce<FgdmState['presentations'][number] | undefined>(
    (found, p) => (found === undefined || p.version > found.version ? p : found),
    undefined,
  );
  const latestAnswered = latest !== undefined && state.responses.some((r) => r.presentationId === latest.id);
  const privateTime = state.privateFamilyTime.find((time) => time.endedAt === null);

  return (
    <section aria-labelledby="fgdm-heading" id="fgdm-panel">
      <h2 className="govuk-heading-l" id="fgdm-heading">
        Family group decision-making
      </h2>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> This could not be loaded again. {problem}
        </p>
      )}
      <p className="govuk-body" data-testid="fgdm-stage" data-stage={state.stage}>
        Stage: <strong className="govuk-tag govuk-tag--blue">{FGDM_STAGE_LABELS[state.stage]}</strong>
      </p>
      {state.stage === 'private-family-time' && (
        <div
          className="govuk-notification-banner"
          role="region"
          aria-labelledby="private-family-time-title"
          data-testid="private-family-time-notice"
        >
          <div className="govuk-notification-banner__header">
            <h3 className="govuk-notification-banner__title" id="private-family-time-title">
              Private family time
            </h3>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">
              The family’s plan is private. No professional, the coordinator included, can see it while they write it.
            </p>
            <p className="govuk-body">
              {privateTime && (
                <>
                  Started at <time dateTime={privateTime.startedAt}>{formatDateTime(privateTime.startedAt)}</time>.{' '}
                </>
              )}
              Their plan appears here when they share it.
            </p>
          </div>
        </div>
      )}
      {moveProblem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {moveProblem}
        </p>
      )}
      {coordinator &&
        next &&
        (next === 'private-family-time' ? (
          <ConfirmButton
            label={NEXT_STAGE_BUTTON[next]}
            question={PRIVATE_FAMILY_TIME_WARNING}
            confirmLabel="Yes, start private family time"
            onConfirm={() => void advance(next)}
            busy={moving}
            testId="fgdm-next-stage"
          />
        ) : (
          <button
            type="button"
            className="govuk-button"
            disabled={moving}
            onClick={() => void advance(next)}
            data-testid="fgdm-next-stage"
          >
            {NEXT_STAGE_BUTTON[next]}
          </button>
        ))}
      {!coordinator && state.stage !== 'closed' && (
        <p className="govuk-body">The coordinator moves the meeting from one stage to the next.</p>
      )}

      <h3 className="govuk-heading-m">Bottom lines</h3>
      <p className="govuk-body">
        What the family’s plan must or must not include. The family sees these beside their plan.
      </p>
      <BottomLinesList lines={state.bottomLines} empty="No bottom lines yet." />
      {state.canAddBottomLines && <AddBottomLineForm meetingId={meeting.id} onAdded={onChanged} />}

      <h3 className="govuk-heading-m">The family’s plan</h3>
      {state.presentations.length === 0 ? (
        <p className="govuk-body" data-testid="no-presentations">
          The family has not shared a plan yet.
        </p>
      ) : (
        [...state.presentations]
          .sort((a, b) => b.version - a.version)
          .map((presentation) => (
            <PresentationView
              key={presentation.id}
              presentation={presentation}
              responses={state.responses}
              audience="professionals"
              headingLevel={4}
            />
          ))
      )}
      {coordinator && latest && !latestAnswered && state.stage === 'response' && (
        <ResponseForm meetingId={meeting.id} presentation={latest} onRecorded={onChanged} />
      )}
      {coordinator && latest && !latestAnswered && state.stage === 'plan-presentation' && (
        <p className="govuk-body">Move on to the professionals’ response to record whether the plan is agreed.</p>
      )}

      <SupportPackage
        meetingId={meeting.id}
        items={state.supportItems}
        canEdit={coordinator && state.stage !== 'closed'}
        onChanged={onChanged}
      />
    </section>
  );
}
