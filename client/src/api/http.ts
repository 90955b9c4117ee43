import { ERROR_CODES, type ErrorBody } from '@roundtable/shared/errors';
import { ApiError } from './ApiError';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let onUnauthenticated: (() => void) | null = null;

/**
 * Registers what happens when any call (other than sign-in) answers 401:
 * the session ended, so the app forgets the user and shows the sign-in page.
 */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

let onMfaEnrolmentRequired: (() => void) | null = null;

/** Registers what happens when a call answers 403 MfaEnrolmentRequired: the user must set up two-factor first. */
export function setMfaEnrolmentRequiredHandler(handler: (() => void) | null): void {
  onMfaEnrolmentRequired = handler;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    typeof body.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(body.code) &&
    typeof body.message === 'string'
  );
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Calls the Roundtable API on the same origin with the session cookie and JSON
 * bodies. Resolves with the parsed body (undefined for 204); rejects with an
 * ApiError carrying the server's error body.
 */
export async function apiRequest<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      code: 'NetworkError',
      message: 'Roundtable could not be reached. Check your connection and try again.',
      correlationId: '',
    });
  }

  const payload = await readJson(response);
  if (response.ok) return payload as T;
  throw toApiError(response, payload);
}

/**
 * POSTs a JSON body and resolves with the file the server answers with (an
 * attachment) and its name; rejects with an ApiError as apiRequest does.
 */
export async function apiDownload(path: string, body: unknown): Promise<{ blob: Blob; fileName: string }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/pdf, application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {
      code: 'NetworkError',
      message: 'Roundtable could not be reached. Check your connection and try again.',
      correlationId: '',
    });
  }
  if (!response.ok) throw toApiError(response, await readJson(response));
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'record.pdf';
  return { blob: await response.blob(), fileName };
}

/** The error of a failed response, after telling the session's handlers about a 401 or MFA enrolment. */
function toApiError(response: Response, payload: unknown): ApiError {
  const error = isErrorBody(payload)
    ? new ApiError(response.status, {
        code: payload.code,
        message: payload.message,
        correlationId: typeof payload.correlationId === 'string' ? payload.correlationId : '',
        fields: Array.isArray(payload.fields) ? payload.fields : undefined,
      })
    : new ApiError(response.status, {
        code: 'UnexpectedResponse',
        message: 'Sorry, there is a problem with the service. Try again later.',
        correlationId: response.headers.get('x-correlation-id') ?? '',
      });

  if (response.status === 401 && error.code === 'Unauthenticated' && onUnauthenticated) onUnauthenticated();
  if (error.code === 'MfaEnrolmentRequired') onMfaEnrolmentRequired?.();
  return error;
}
