import {
  type FamilySafetyPlanResponse,
  SignSafetyPlanRequestSchema,
  typedNameMatches,
  TYPED_NAME_MISMATCH,
} from '@roundtable/shared/family-view';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { errorMessage, isApiError } from '../../api';
import { formatDateTime } from '../../dates';
import { ErrorSummary } from '../../forms/ErrorSummary';
import { toSummary } from '../../forms/fieldErrors';
import { TextField } from '../../forms/TextField';
import { useFormSubmission } from '../../forms/useFormSubmission';
import { usePageTitle } from '../../layout/usePageTitle';
import { FamilySections } from '../home/FamilySections';
import { familyViewApi } from '../home/familyViewApi';

/**
 * /family/safety-plan: the family-facing safety plan and a form to sign it by
 * typing their name. The signature is for exactly the text shown (its hash is
 * sent back); when the plan changed meanwhile the server says so and the page
 * shows the new text. Test hook: `[data-testid=family-safety-plan]`.
 */
export function FamilySafetyPlanPage() {
  usePageTitle('Your safety plan');
  const [plan, setPlan] = useState<FamilySafetyPlanResponse | null>(null);
  const [problem, setProblem] = useState<string>();
  const [typedName, setTypedName] = useState('');
  const [signed, setSigned] = useState(false);
  const form = useFormSubmission();

  const load = useCallback(async () => {
    try {
      setPlan(await familyViewApi.safetyPlan());
      setProblem(undefined);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSigned(false);
    if (!plan?.versionHash) return;
    const displayName = plan.you.displayName;
    const extra: Record<string, string> =
      typedName.trim() && !typedNameMatches(typedName, displayName) ? { typedName: TYPED_NAME_MISMATCH } : {};
    const valid = form.validate(SignSafetyPlanRequestSchema, { typedName, versionHash: plan.versionHash }, extra);
    if (!valid) return;
    await form.send(
      async () => {
        await familyViewApi.sign(valid);
        form.clearErrors();
        setTypedName('');
        setSigned(true);
        await load();
      },
      (error) => {
        // The plan changed since it was opened: show the new text and say so.
        if (isApiError(error, 'Conflict')) void load();
        return { fields: {}, description: errorMessage(error) };
      },
    );
  }

  const mine = plan?.signatures.filter((s) => s.participantId === plan.you.participantId) ?? [];
  const current = mine.some((s) => s.current);
  const summary = toSummary(form.errors, ['typedName'], () => 'sign-typed-name', 'sign-typed-name');
  return (
    <div data-testid="family-safety-plan">
      <p className="govuk-body">
        <Link className="govuk-back-link" to="/family">
          Back to your meeting
        </Link>
      </p>
      <h1 className="govuk-heading-xl">Your safety plan</h1>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
      {!plan && !problem && <p className="govuk-body">Loading…</p>}
      {plan?.withoutFamily && (
        <div className="govuk-inset-text" data-testid="family-continuing">
          {plan.continuing}
        </div>
      )}
      {plan && !plan.withoutFamily && (
        <>
          {plan.sections.length === 0 ? (
            <p className="govuk-body">The chair has not shared the safety plan with you yet.</p>
          ) : (
            <FamilySections sections={plan.sections} headingLevel={2} />
          )}
          <h2 className="govuk-heading-l">Sign the safety plan</h2>
          {current ? (
            <p className="govuk-body" data-testid="signed-current">
              You have signed this version of the safety plan.
            </p>
          ) : mine.length > 0 ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                The safety plan has changed since you signed it. Read it again and sign it if you agree.
              </strong>
            </div>
          ) : null}
          {signed && (
            <p className="govuk-body govuk-!-font-weight-bold" role="status">
              Thank you. You have signed the safety plan.
            </p>
          )}
          {plan.sections.length > 0 && !current && (
            <form noValidate onSubmit={(event) => void handleSubmit(event)} data-testid="sign-form">
              <ErrorSummary errors={summary} description={form.generalError} attempt={form.attempt} />
              <p className="govuk-body">
                Signing says you have read this safety plan and agree to it. If the plan changes, you will be asked to
                sign again.
              </p>
              <TextField
                id="sign-typed-name"
                name="typedName"
                label="Type your full name to sign"
                hint={`Type it as it is written here: ${plan.you.displayName}`}
                value={typedName}
                onChange={setTypedName}
                error={form.errors.typedName}
                autoComplete="name"
                spellCheck={false}
              />
              <button type="submit" className="govuk-button" disabled={form.submitting}>
                Sign the safety plan
              </button>
            </form>
          )}
        </>
      )}
      {plan && plan.signatures.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Signatures</h2>
          <ul className="govuk-list">
            {plan.signatures.map((s) => (
              <li key={s.id}>
                {s.displayName} signed on <time dateTime={s.signedAt}>{formatDateTime(s.signedAt)}</time>
                {s.current ? '' : ' (an earlier version)'}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
