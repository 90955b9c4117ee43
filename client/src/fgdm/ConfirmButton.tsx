import { useEffect, useRef, useState, type ReactNode } from 'react';

interface ConfirmButtonProps {
  /** The button that asks first. */
  label: ReactNode;
  /** What happens, said before it does. */
  question: ReactNode;
  confirmLabel: ReactNode;
  onConfirm: () => void;
  busy?: boolean;
  warning?: boolean;
  testId?: string;
}

/**
 * A button that asks first, in the page (as the members table does): the
 * question takes focus, "Cancel" returns focus to the button.
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, busy, warning, testId }: ConfirmButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (confirming) questionRef.current?.focus();
    else if (returnFocus.current) buttonRef.current?.focus();
    returnFocus.current = false;
  }, [confirming]);

  if (!confirming)
    return (
      <button
        type="button"
        className="govuk-button"
        ref={buttonRef}
        disabled={busy}
        onClick={() => setConfirming(true)}
        data-testid={testId}
      >
        {label}
      </button>
    );
  return (
    <div className="rt-confirm govuk-!-margin-bottom-6" data-testid={testId && `${testId}-confirm`}>
      <p className="govuk-body govuk-!-font-weight-bold rt-focus-target" tabIndex={-1} ref={questionRef}>
        {question}
      </p>
      <div className="govuk-button-group">
        <button
          type="button"
          className={warning ? 'govuk-button govuk-button--warning' : 'govuk-button'}
          disabled={busy}
          onClick={() => {
            setConfirming(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => {
            returnFocus.current = true;
            setConfirming(false);
          }}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}
