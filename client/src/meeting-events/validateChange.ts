import type { FieldErrors } from '../forms/fieldErrors';

/**
 * A well-formed stand-in for the requestId while a form checks its payload
 * against the shared schema; `send` adds the real one.
 */
const PLACEHOLDER_REQUEST_ID = '00000000-0000-4000-8000-000000000000';

interface Validator {
  validate<T>(
    schema: {
      safeParse(
        value: unknown,
      ):
        | { success: true; data: T }
        | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
    },
    value: unknown,
    extra?: FieldErrors,
  ): T | undefined;
}

/**
 * Checks a change's payload with the shared zod schema before sending, so the
 * user sees the same messages the server would give, without a round trip.
 * True when it is valid; otherwise the form shows the errors.
 */
export function validateChange(
  form: Validator,
  schema: Parameters<Validator['validate']>[0],
  payload: object,
  extra: FieldErrors = {},
): boolean {
  return form.validate(schema, { ...payload, requestId: PLACEHOLDER_REQUEST_ID }, extra) !== undefined;
}
