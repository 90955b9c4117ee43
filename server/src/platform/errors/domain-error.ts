import type { ErrorCode, FieldError } from '@roundtable/shared/errors';

/**
 * A rule of the domain was broken. Services throw these; each transport maps
 * `code` to its own form (HTTP status, socket.io ack, WebSocket close code).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    /** Sent back as `current` (ErrorBody): the thing as it is now, for StaleVersion. */
    readonly current?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
