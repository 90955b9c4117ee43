/**
 * Stable error codes. Services throw domain errors carrying one of these; each
 * transport maps them (HTTP status in the server's exception filter). Clients
 * branch on `code`, never on `message`.
 */
export const ERROR_CODES = [
  'ValidationFailed',
  'Unauthenticated',
  'InvalidCredentials',
  'TooManyAttempts',
  'RateLimited',
  'TooManyConnections',
  'InvalidMfaCode',
  'MfaEnrolmentRequired',
  'StepUpRequired',
  'Forbidden',
  'NotFound',
  'MeetingNotFound',
  'UserNotFound',
  'MemberAlreadyExists',
  'LastChairCannotLeave',
  'DecisionNotFound',
  'DecisionNotOpen',
  'DecisionNotDecided',
  'DecisionAlreadyDecided',
  'ContradictoryDecision',
  'DissentNotAllowed',
  'DissentAlreadyRecorded',
  'EscalationResolved',
  'ActionNotFound',
  'MeetingNotLive',
  'MeetingConcluded',
  'MeetingNotConcluded',
  'DecisionsUndecided',
  'AddendumNotFound',
  'AddendumSignedOff',
  'RequestIdReused',
  'EmailTaken',
  'Conflict',
  'StaleVersion',
  'PlanEnded',
  'InternalError',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid field in a request body or query. `path` is dotted, e.g. `children.0.name`. */
export interface FieldError {
  path: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  correlationId: string;
  fields?: FieldError[];
  /**
   * StaleVersion: the thing as it is now, so the caller can merge their change
   * into it instead of losing either (e.g. the child protection plan).
   */
  current?: unknown;
}
