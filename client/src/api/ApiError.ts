import type { ErrorBody, ErrorCode, FieldError } from '@roundtable/shared/errors';

/** Codes the client adds for failures that never reached the server's error filter. */
export type ClientErrorCode = 'NetworkError' | 'UnexpectedResponse';

/**
 * A failed API call. Carries the server's stable error body
 * (`{ code, message, correlationId, fields? }`); branch on `code`, never on `message`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly correlationId: string;
  readonly fields: FieldError[];

  constructor(status: number, body: Omit<ErrorBody, 'code'> & { code: ErrorCode | ClientErrorCode }) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.correlationId = body.correlationId;
    this.fields = body.fields ?? [];
  }
}

/** True when `error` is an ApiError with one of the given codes. */
export function isApiError(error: unknown, ...codes: (ErrorCode | ClientErrorCode)[]): error is ApiError {
  return error instanceof ApiError && (codes.length === 0 || codes.includes(error.code));
}

/** A message safe to show to the user for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Sorry, there is a problem with the service. Try again later.';
}
