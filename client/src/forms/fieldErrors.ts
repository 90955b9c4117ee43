import type { FieldError } from '@roundtable/shared/errors';

/** Error message per field path (`children.0.name`); the first message wins. */
export type FieldErrors = Record<string, string>;

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** Turns zod issues into field errors keyed by dotted path. */
export function fromZodIssues(issues: readonly IssueLike[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}

/** Turns the server's `fields` (400 ValidationFailed) into field errors. */
export function fromServerFields(fields: readonly FieldError[]): FieldErrors {
  return fromZodIssues(
    fields.map((field) => ({ path: field.path === '' ? [] : field.path.split('.'), message: field.message })),
  );
}

export interface SummaryError {
  /** id of the input the summary links to */
  fieldId: string;
  message: string;
}

/**
 * Orders errors as the fields appear on the page and maps each path to the id
 * of its input. Paths with no field of their own (e.g. '') link to `fallbackId`.
 */
export function toSummary(
  errors: FieldErrors,
  fieldOrder: readonly string[],
  idForPath: (path: string) => string | undefined,
  fallbackId: string,
): SummaryError[] {
  const rank = (path: string) => {
    const index = fieldOrder.findIndex((prefix) => path === prefix || path.startsWith(`${prefix}.`));
    return index === -1 ? fieldOrder.length : index;
  };
  return Object.entries(errors)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true }))
    .map(([path, message]) => ({ fieldId: idForPath(path) ?? fallbackId, message }));
}
