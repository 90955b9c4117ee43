import type { AckResponse } from '@roundtable/shared/meeting-events';
import { ApiError } from '../api';

/**
 * The acknowledgement's data, or an ApiError carrying its `{ code, message, fields }`,
 * so forms map it through useFormSubmission exactly like an HTTP error.
 */
export function unwrapAck<T>(response: AckResponse<T>): T {
  if (response.ok) return response.data;
  throw new ApiError(0, { ...response.error, correlationId: '' });
}
