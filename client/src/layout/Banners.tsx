import type { ReactNode } from 'react';

interface SuccessBannerProps {
  /** The banner title's id (its aria-labelledby). */
  id: string;
  /** The title's heading level: 2 on a page, 3 inside a panel under an h2. */
  headingLevel?: 2 | 3;
  /** `alert` for the result of what the user just did; `region` for a state they arrived in (signed out). */
  role?: 'alert' | 'region';
  children: ReactNode;
}

/** The GOV.UK success notification banner, titled "Success". */
export function SuccessBanner({ id, headingLevel = 2, role = 'alert', children }: SuccessBannerProps) {
  const Title = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role={role} aria-labelledby={id}>
      <div className="govuk-notification-banner__header">
        <Title className="govuk-notification-banner__title" id={id}>
          Success
        </Title>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}

/** A panel's "There is a problem" summary for an error the server gave (not a form's field errors: ErrorSummary). */
export function ProblemSummary({ problem, testId }: { problem: string; testId: string }) {
  return (
    <div className="govuk-error-summary" role="alert" data-testid={testId}>
      <h3 className="govuk-error-summary__title">There is a problem</h3>
      <div className="govuk-error-summary__body">
        <p className="govuk-body">{problem}</p>
      </div>
    </div>
  );
}
