import type { ErrorCode } from '@roundtable/shared/errors';
import type { AckResponse, EventError } from '@roundtable/shared/meeting-events';
import { QueryFailedError } from 'typeorm';
import type { z } from 'zod';
import { DomainError, zodFieldErrors } from '../../platform';

/** What a client is told about an error that is not a domain rule (a bug; the details go to the log). */
export const INTERNAL_ERROR_MESSAGE = 'Something went wrong. Try again';

/** A socket event payload validated against its shared schema; ValidationFailed naming each bad field. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const fields = zodFieldErrors(result.error, '(payload)');
  const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
  throw new DomainError('ValidationFailed', `Invalid request – ${summary}`, fields);
}

export function ackOk<T>(data: T): AckResponse<T> {
  return { ok: true, data };
}

/**
 * The acknowledgement for an error. Domain errors keep their code, message
 * and fields; anything else is InternalError with a generic message, and
 * `unexpected` is called so the caller logs it.
 */
export function ackError(error: unknown, unexpected: (error: unknown) => void): AckResponse<never> {
  if (error instanceof DomainError) return { ok: false, error: toEventError(error.code, error.message, error.fields) };
  unexpected(error);
  return { ok: false, error: toEventError('InternalError', INTERNAL_ERROR_MESSAGE) };
}

function toEventError(code: ErrorCode, message: string, fields?: EventError['fields']): EventError {
  return fields ? { code, message, fields } : { code, message };
}

/**
 * Fields of an unexpected error that are safe to log: no payload text, no
 * names. A database error's message can quote the values it choked on, so
 * only its SQLSTATE, constraint and table are kept.
 */
export function describeUnexpected(error: unknown): Record<string, string> {
  if (error instanceof QueryFailedError) {
    const driver = error.driverError as { code?: unknown; constraint?: unknown; table?: unknown };
    const fields: Record<string, string> = { name: 'QueryFailedError' };
    for (const key of ['code', 'constraint', 'table'] as const) {
      if (typeof driver[key] === 'string') fields[key] = driver[key];
    }
    return fields;
  }
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 200) };
  return { name: 'NonError' };
}
