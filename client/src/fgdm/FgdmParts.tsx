import type { PlanOutcome, PlanPresentation, PlanResponse } from '@roundtable/shared/fgdm';
import { formatDateTime } from '../dates';

/** Short names for the outcome tags (the full wording is PLAN_OUTCOME_LABELS). */
export const OUTCOME_TAGS: Record<PlanOutcome, { text: string; colour: string }> = {
  agreed: { text: 'Agreed', colour: 'govuk-tag--green' },
  amended: { text: 'To be amended', colour: 'govuk-tag--yellow' },
  'not-agreed': { text: 'Not agreed', colour: 'govuk-tag--red' },
};

/** The bottom lines, numbered: the professionals' list, and beside the family's plan. */
export function BottomLinesList({ lines, empty }: { lines: readonly { id: string; text: string }[]; empty: string }) {
  if (lines.length === 0) return <p className="govuk-body">{empty}</p>;
  return (
    <ol className="govuk-list govuk-list--number" data-testid="bottom-lines">
      {lines.map((line) => (
        <li key={line.id} className="rt-preserve-lines" data-bottom-line-id={line.id}>
          {line.text}
        </li>
      ))}
    </ol>
  );
}

const FAMILY_OUTCOME_TEXT: Record<PlanOutcome, string> = {
  agreed: 'Your plan is agreed.',
  amended: 'Your plan needs some changes. Change it together, then share it again.',
  'not-agreed': 'Your plan is not agreed.',
};

/** One response, in words the family can read too. Test hook: `[data-testid=fgdm-response][data-outcome]`. */
export function ResponseSummary({
  response,
  audience,
}: {
  response: PlanResponse;
  audience: 'family' | 'professionals';
}) {
  const tag = OUTCOME_TAGS[response.outcome];
  const family = audience === 'family';
  const safe = response.keepsChildSafe
    ? family
      ? 'The professionals think your plan keeps the child safe.'
      : 'Keeps the child safe: yes.'
    : family
      ? 'The professionals think your plan does not keep the child safe yet.'
      : 'Keeps the child safe: no.';
  return (
    <div className="govuk-inset-text" data-testid="fgdm-response" data-outcome={response.outcome}>
      <p className="govuk-body govuk-!-margin-bottom-2">
        <strong className={`govuk-tag ${tag.colour}`}>{tag.text}</strong>{' '}
        <span className="govuk-body-s">
          {family ? 'Answered on ' : 'Recorded on '}
          <time dateTime={response.recordedAt}>{formatDateTime(response.recordedAt)}</time>
        </span>
      </p>
      {family && (
        <p className="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2">
          {FAMILY_OUTCOME_TEXT[response.outcome]}
        </p>
      )}
      <p className="govuk-body govuk-!-margin-bottom-2">{safe}</p>
      {response.reasons && (
        <p className="govuk-body rt-preserve-lines govuk-!-margin-bottom-0">
          <span className="govuk-!-font-weight-bold">{family ? 'What they said: ' : 'Reasons: '}</span>
          {response.reasons}
        </p>
      )}
    </div>
  );
}

/** A version of the family's plan as they shared it, with the responses to it. Test hook: `[data-testid=plan-presentation][data-version]`. */
export function PresentationView({
  presentation,
  responses,
  audience,
  headingLevel = 3,
}: {
  presentation: PlanPresentation;
  responses: readonly PlanResponse[];
  audience: 'family' | 'professionals';
  headingLevel?: 2 | 3 | 4;
}) {
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const answers = responses.filter((response) => response.presentationId === presentation.id);
  return (
    <article className="govuk-!-margin-bottom-6" data-testid="plan-presentation" data-version={presentation.version}>
      <Heading className="govuk-heading-s govuk-!-margin-bottom-1">
        {audience === 'family' ? 'Your plan' : 'The family’s plan'}, version {presentation.version}
      </Heading>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        Shared on <time dateTime={presentation.presentedAt}>{formatDateTime(presentation.presentedAt)}</time>
      </p>
      <div className="govuk-body rt-preserve-lines rt-family-plan-text" data-testid="plan-presentation-text">
        {presentation.text.trim() === '' ? <em>The plan was empty when it was shared.</em> : presentation.text}
      </div>
      {answers.length === 0 ? (
        <p className="govuk-body govuk-!-font-weight-bold" data-testid="awaiting-response">
          {audience === 'family' ? 'The professionals have not answered yet.' : 'No response recorded yet.'}
        </p>
      ) : (
        answers.map((response) => <ResponseSummary key={response.id} response={response} audience={audience} />)
      )}
    </article>
  );
}
