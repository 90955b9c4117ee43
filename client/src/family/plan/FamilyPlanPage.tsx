import type { FamilyFgdmState, FgdmStage } from '@roundtable/shared/fgdm';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage, isApiError } from '../../api';
import { familyFgdmApi } from '../../fgdm/fgdmApi';
import { BottomLinesList, PresentationView } from '../../fgdm/FgdmParts';
import { SupportPackage } from '../../fgdm/SupportPackage';
import { usePageTitle } from '../../layout/usePageTitle';
import { useFamilyMember } from '../familySession';
import { FamilyPlanEditor } from './FamilyPlanEditor';
import { ShareFamilyPlan } from './ShareFamilyPlan';
import { useFamilyEditors } from './useFamilyEditors';
import { useFamilyPlanDoc, type FamilyPlanConnection } from './useFamilyPlanDoc';

/** How often the page asks whether the professionals have answered (and on focus). */
export const FAMILY_POLL_MS = 10_000;

const STAGE_TEXT: Record<FgdmStage, string> = {
  preparation: 'The coordinator is getting the meeting ready. You can start writing your plan now.',
  'information-giving':
    'The professionals are telling you what worries them and what your plan must include. You can start writing your plan.',
  'private-family-time':
    'This is your family’s private time. Only your family can see this plan while you write it together.',
  'plan-presentation': 'Share your plan with the professionals when your family is ready.',
  response:
    'The professionals are looking at your plan. If they ask for changes, change it together and share it again.',
  closed: 'The meeting has finished. You can read your plan but not change it.',
};

const CONNECTION_TEXT: Record<FamilyPlanConnection, string> = {
  connecting: 'Connecting…',
  saved: 'All changes saved',
  saving: 'Saving…',
  offline: 'You are offline. Your changes will be saved when you are back online.',
  closed: 'The plan is closed for changes.',
  'signed-out': 'Your sign-in has ended. Sign in again to keep writing.',
};

/**
 * The family's plan page, `/family/plan` (DOMAIN-PATHWAY §5.2, §7): the
 * family writes its plan together in a live editor (each sees the others'
 * words as they type, and who else is writing), with the bottom lines beside
 * it; shares it with the professionals (after a confirmation); then reads the
 * professionals' response, asked for every few seconds and when the page
 * regains focus. Plain English, phone first. Test hooks: `#family-plan-editor
 * .ProseMirror`, `[data-testid=family-editors]`, `#family-plan-connection[data-state]`,
 * `[data-testid=plan-presentation]`, `[data-testid=fgdm-response]`.
 */
export function FamilyPlanPage() {
  usePageTitle('Your family’s plan');
  const [state, setState] = useState<FamilyFgdmState | null>(null);
  const [problem, setProblem] = useState<{ message: string; signIn: boolean }>();
  const me = useFamilyMember().member;

  const load = useCallback(async () => {
    try {
      setState(await familyFgdmApi.get());
      setProblem(undefined);
    } catch (error) {
      setProblem({ message: errorMessage(error), signIn: isApiError(error) && error.status === 401 });
    }
  }, []);

  useEffect(() => void load(), [load]);
  // Once the FGDM is closed nothing changes any more: no need to keep asking.
  const settled = state?.stage === 'closed';
  useEffect(() => {
    const again = () => void load();
    window.addEventListener('focus', again);
    const timer = settled ? undefined : setInterval(again, FAMILY_POLL_MS);
    return () => {
      window.removeEventListener('focus', again);
      clearInterval(timer);
    };
  }, [load, settled]);

  const { session, connection } = useFamilyPlanDoc(state?.planDocument ?? null);
  const editors = useFamilyEditors(session?.provider ?? null, me.participantId);

  if (!state)
    return (
      <>
        <h1 className="govuk-heading-l">Your family’s plan</h1>
        {problem ? (
          <div role="alert">
            <p className="govuk-body">{problem.message}</p>
            {problem.signIn && (
              <p className="govuk-body">
                <a className="govuk-link" href="/family/sign-in">
                  Sign in again
                </a>
              </p>
            )}
          </div>
        ) : (
          <p className="govuk-body" role="status">
            Loading your plan…
          </p>
        )}
      </>
    );

  const latestFirst = [...state.presentations].sort((a, b) => b.version - a.version);
  const editable = state.canEditPlan && connection !== 'closed' && connection !== 'signed-out';
  return (
    <>
      <h1 className="govuk-heading-l">Your family’s plan</h1>
      <p className="govuk-body-l" data-testid="family-stage" data-stage={state.stage}>
        {STAGE_TEXT[state.stage]}
      </p>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem.message}
        </p>
      )}
      {state.stage === 'private-family-time' && (
        <div className="govuk-inset-text" data-testid="family-private-notice">
          The professionals, the coordinator too, cannot see what you write. They see your plan only when you choose to
          share it.
        </div>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="family-plan-label">
            Our plan
          </h2>
          <p className="govuk-hint" id="family-plan-hint">
            Write down what your family will do to keep the child safe: who will do what, when, and who will check it
            happens. Everyone from your family who is signed in can write here at the same time.
          </p>
          <p className="govuk-body-s" data-testid="family-editors" aria-live="polite">
            {editors.length === 0
              ? 'No one else from your family has the plan open.'
              : `Also writing now: ${editors
                  .map((editor) => (editor.relationship ? `${editor.name} (${editor.relationship})` : editor.name))
                  .join(', ')}`}
          </p>
          {session ? (
            <FamilyPlanEditor
              doc={session.doc}
              provider={session.provider}
              editable={editable}
              me={{ id: me.participantId, name: me.displayName }}
              labelId="family-plan-label"
              hintId="family-plan-hint"
            />
          ) : (
            <p className="govuk-body" role="status">
              Connecting…
            </p>
          )}
          <p
            className="govuk-body-s govuk-!-margin-top-2"
            id="family-plan-connection"
            data-state={connection}
            role="status"
          >
            {CONNECTION_TEXT[connection]}
            {connection === 'signed-out' && (
              <>
                {' '}
                <a className="govuk-link" href="/family/sign-in">
                  Sign in again
                </a>
              </>
            )}
          </p>
          {state.canPresent && (
            <ShareFamilyPlan
              saved={connection === 'saved'}
              onShared={(next) => {
                setState(next);
                void load();
              }}
            />
          )}
        </div>
        <div className="govuk-grid-column-one-third">
          <h2 className="govuk-heading-m">Bottom lines</h2>
          <p className="govuk-body">Your plan must keep to these. The professionals set them.</p>
          <BottomLinesList lines={state.bottomLines} empty="The professionals have not set any bottom lines." />
        </div>
      </div>

      <h2 className="govuk-heading-m">What you have shared</h2>
      {latestFirst.length === 0 ? (
        <p className="govuk-body">You have not shared your plan with the professionals yet.</p>
      ) : (
        latestFirst.map((presentation) => (
          <PresentationView
            key={presentation.id}
            presentation={presentation}
            responses={state.responses}
            audience="family"
            headingLevel={3}
          />
        ))
      )}
      {state.supportItems.length > 0 && (
        <SupportPackage meetingId={state.meetingId} items={state.supportItems} audience="family" headingLevel={2} />
      )}
    </>
  );
}
