import { SetMetadata } from '@nestjs/common';

export const ALLOWED_DURING_MFA_ENROLMENT = 'roundtable:allowed-during-mfa-enrolment';

/**
 * Marks a route a user whose role requires MFA may use before enrolling (who
 * am I, sign out, enrol). Every other route answers 403 MfaEnrolmentRequired.
 */
export const AllowDuringMfaEnrolment = () => SetMetadata(ALLOWED_DURING_MFA_ENROLMENT, true);
