import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ErrorBody, ErrorCode } from '@roundtable/shared/errors';
import type { Request, Response } from 'express';
import { DomainError } from '../errors/domain-error';

/** HTTP status for every error code; exhaustive so a new code cannot ship unmapped. */
const STATUS: Record<ErrorCode, number> = {
  ValidationFailed: HttpStatus.BAD_REQUEST,
  Unauthenticated: HttpStatus.UNAUTHORIZED,
  InvalidCredentials: HttpStatus.UNAUTHORIZED,
  TooManyAttempts: HttpStatus.TOO_MANY_REQUESTS,
  RateLimited: HttpStatus.TOO_MANY_REQUESTS,
  TooManyConnections: HttpStatus.TOO_MANY_REQUESTS,
  InvalidMfaCode: HttpStatus.UNAUTHORIZED,
  MfaEnrolmentRequired: HttpStatus.FORBIDDEN,
  StepUpRequired: HttpStatus.FORBIDDEN,
  Forbidden: HttpStatus.FORBIDDEN,
  NotFound: HttpStatus.NOT_FOUND,
  MeetingNotFound: HttpStatus.NOT_FOUND,
  UserNotFound: HttpStatus.NOT_FOUND,
  MemberAlreadyExists: HttpStatus.CONFLICT,
  LastChairCannotLeave: HttpStatus.CONFLICT,
  DecisionNotFound: HttpStatus.NOT_FOUND,
  DecisionNotOpen: HttpStatus.CONFLICT,
  DecisionNotDecided: HttpStatus.CONFLICT,
  DecisionAlreadyDecided: HttpStatus.CONFLICT,
  ContradictoryDecision: HttpStatus.UNPROCESSABLE_ENTITY,
  DissentNotAllowed: HttpStatus.CONFLICT,
  DissentAlreadyRecorded: HttpStatus.CONFLICT,
  EscalationResolved: HttpStatus.CONFLICT,
  ActionNotFound: HttpStatus.NOT_FOUND,
  MeetingNotLive: HttpStatus.CONFLICT,
  MeetingConcluded: HttpStatus.CONFLICT,
  MeetingNotConcluded: HttpStatus.CONFLICT,
  DecisionsUndecided: HttpStatus.CONFLICT,
  AddendumNotFound: HttpStatus.NOT_FOUND,
  AddendumSignedOff: HttpStatus.CONFLICT,
  RequestIdReused: HttpStatus.CONFLICT,
  EmailTaken: HttpStatus.CONFLICT,
  Conflict: HttpStatus.CONFLICT,
  StaleVersion: HttpStatus.CONFLICT,
  PlanEnded: HttpStatus.CONFLICT,
  InternalError: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** Framework errors (unknown route, bad JSON, throttling) in the same shape as domain errors. */
function fromHttpException(error: HttpException): { code: ErrorCode; status: number; message: string } {
  const status = error.getStatus();
  switch (status) {
    case 400:
      return { code: 'ValidationFailed', status, message: 'The request body is not valid JSON' };
    case 404:
      return { code: 'NotFound', status, message: 'No such endpoint' };
    case 413:
      return { code: 'ValidationFailed', status, message: 'The request body is too large' };
    case 429:
      return { code: 'TooManyAttempts', status, message: 'Too many attempts. Wait a minute, then try again' };
    default:
      return status < 500
        ? { code: 'ValidationFailed', status, message: error.message }
        : { code: 'InternalError', status, message: 'Something went wrong. Try again' };
  }
}

/** One error mapping for HTTP: `{ code, message, correlationId, fields? }`; stacks go to the log only. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const request = host.switchToHttp().getRequest<Request & { id?: unknown }>();
    const response = host.switchToHttp().getResponse<Response>();
    const correlationId = String(request.id ?? '');
    let body: ErrorBody;
    let status: number;
    if (error instanceof DomainError) {
      status = STATUS[error.code];
      body = {
        code: error.code,
        message: error.message,
        correlationId,
        ...(error.fields ? { fields: error.fields } : {}),
        ...(error.current !== undefined ? { current: error.current } : {}),
      };
    } else if (error instanceof HttpException) {
      const mapped = fromHttpException(error);
      status = mapped.status;
      body = { code: mapped.code, message: mapped.message, correlationId };
    } else {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
      body = { code: 'InternalError', message: 'Something went wrong. Try again', correlationId };
    }
    if (status >= 500) this.logger.error({ err: error, correlationId, path: request.path }, 'request failed');
    if (!response.headersSent) response.status(status).json(body);
  }
}
