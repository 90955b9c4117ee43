import { useState } from 'react';
import { errorMessage, isApiError } from '../api';
import { fromServerFields, fromZodIssues, type FieldErrors } from './fieldErrors';

/** What a failed submission shows: messages against fields, and/or one about the whole form. */
export interface Failure {
  fields: FieldErrors;
  description?: string;
}

/** Structural stand-in for a zod schema, so this hook does not tie itself to one zod version's types. */
interface Schema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
}

/** By default a problem that is not about a field is shown above the summary's list. */
export const describeError = (error: unknown): Failure => ({ fields: {}, description: errorMessage(error) });

/**
 * The validate → send → show errors flow the forms share: zod errors and the server's
 * 400 `fields` both become field errors, and every failure bumps `attempt` so the
 * ErrorSummary takes focus again.
 */
export function useFormSubmission({ onFail }: { onFail?: () => void } = {}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [generalError, setGeneralError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [submitting, setSubmitting] = useState(false);

  function fail(fields: FieldErrors, description?: string) {
    setErrors(fields);
    setGeneralError(description);
    setAttempt((n) => n + 1);
    onFail?.();
  }

  function clearErrors() {
    setErrors({});
    setGeneralError(undefined);
  }

  /**
   * Parses `value`; on any schema error, or any of `extra` (errors only the browser
   * can spot), shows them all and returns undefined.
   */
  function validate<T>(schema: Schema<T>, value: unknown, extra: FieldErrors = {}): T | undefined {
    const parsed = schema.safeParse(value);
    const all = { ...(parsed.success ? {} : fromZodIssues(parsed.error.issues)), ...extra };
    if (!parsed.success || Object.keys(all).length > 0) {
      fail(all);
      return undefined;
    }
    return parsed.data;
  }

  /**
   * Runs `request` with the submit button disabled. Server validation errors go against
   * their fields; anything else is shown as `otherError` decides.
   */
  async function send(request: () => Promise<void>, otherError: (error: unknown) => Failure = describeError) {
    setSubmitting(true);
    try {
      await request();
    } catch (error) {
      if (isApiError(error, 'ValidationFailed') && error.fields.length > 0) fail(fromServerFields(error.fields));
      else {
        const failure = otherError(error);
        fail(failure.fields, failure.description);
      }
    } finally {
      // On success most forms unmount (navigate, close, redirect); the invite form stays, so re-enable it.
      setSubmitting(false);
    }
  }

  return { errors, setErrors, generalError, attempt, submitting, fail, clearErrors, validate, send };
}
