import type { AuditEventType, AuditOutcome } from '@roundtable/shared/audit';

/** What each kind of audited event means, as a person reads it. */
export const AUDIT_EVENT_LABELS: Record<AuditEventType, string> = {
  'auth.sign-in': 'Signed in',
  'auth.sign-in-failed': 'Sign-in failed',
  'auth.sign-out': 'Signed out',
  'auth.session-expired': 'Session expired',
  'user.created': 'Account created',
  'user.disabled': 'Account disabled',
  'user.enabled': 'Account re-enabled',
  'user.sessions-ended': 'Account’s sessions ended by an administrator',
  'user.chair-permission-changed': 'Permission to convene and chair changed by an administrator',
  'meeting.created': 'Strategy discussion created',
  'meeting.changed': 'Strategy discussion changed',
  'member.added': 'Member added',
  'member.removed': 'Member removed',
  'member.role-changed': 'Member’s role changed',
  'room.joined': 'Joined the meeting room',
  'room.left': 'Left the meeting room',
  'document.opened': 'Record opened',
  'document.edited': 'Record edited',
  'decision.opened': 'Decision opened for views',
  'decision.closed': 'Views closed',
  'view.recorded': 'Agency view recorded',
  'la-decision.recorded': 'Local authority decision recorded',
  'la-decision.corrected': 'Local authority decision corrected',
  'dissent.recorded': 'Dissent recorded',
  'escalation.step': 'Escalation step recorded',
  'escalation.resolved': 'Escalation resolved',
  'action.created': 'Action created',
  'action.changed': 'Action changed',
  'record.exported': 'Record exported',
  'audit.viewed': 'Audit trail viewed',
  'audit.exported': 'Audit trail exported',
  'audit.verified': 'Audit trail verified',
  'access.refused': 'Access refused',
  'meeting.started': 'Strategy discussion started',
  'meeting.concluded': 'Strategy discussion concluded',
  'decision.not-reached': 'Decision recorded as not reached',
  'addendum.added': 'Addendum added',
  'addendum.signed-off': 'Addendum signed off',
  'review.created': 'Review discussion created',
  'attendance.apology': 'Apology recorded',
  'safety-plan.scored': 'Safety plan scaling score recorded',
  'entry.flagged': 'Entry flagged as restricted',
  'record.sealed': 'Final record sealed',
  'auth.mfa-enrolled': 'Two-factor authentication set up',
  'auth.mfa-disabled': 'Two-factor authentication turned off',
  'auth.mfa-failed': 'Security code refused',
  'auth.mfa-locked': 'Security codes locked after failed attempts',
  'auth.recovery-codes-generated': 'Recovery codes created',
  'auth.recovery-code-used': 'Recovery code used',
  'auth.step-up': 'Identity confirmed again',
  'auth.identity-linked': 'Single sign-on identity linked',
  'document.update-quarantined': 'Stored change that could not be applied set aside',
  'agenda.moved': 'Discussion moved to another section',
  'compartment.created': 'Restricted information added',
  'compartment.shared': 'Restricted information shared more widely',
  'compartment.share-refused': 'Sharing restricted information refused',
  'compartment.migrated': 'Police restricted text moved out of the shared record',
  'sharing.decided': 'Information-sharing decision recorded',
};

/** The event types in the areas docs/AUDIT.md groups them by, for the filter's checkboxes. */
export const AUDIT_EVENT_GROUPS: readonly { title: string; types: readonly AuditEventType[] }[] = [
  {
    title: 'Sessions',
    types: [
      'auth.sign-in',
      'auth.sign-in-failed',
      'auth.sign-out',
      'auth.session-expired',
      'auth.mfa-enrolled',
      'auth.mfa-disabled',
      'auth.mfa-failed',
      'auth.mfa-locked',
      'auth.recovery-codes-generated',
      'auth.recovery-code-used',
      'auth.step-up',
      'auth.identity-linked',
    ],
  },
  {
    title: 'Meetings and membership',
    types: [
      'meeting.created',
      'meeting.changed',
      'meeting.started',
      'meeting.concluded',
      'review.created',
      'member.added',
      'member.removed',
      'member.role-changed',
    ],
  },
  {
    title: 'The room and the record',
    types: [
      'room.joined',
      'room.left',
      'agenda.moved',
      'attendance.apology',
      'document.opened',
      'document.edited',
      'document.update-quarantined',
      'entry.flagged',
      'compartment.created',
      'compartment.shared',
      'compartment.share-refused',
      'compartment.migrated',
      'sharing.decided',
      'addendum.added',
      'addendum.signed-off',
      'safety-plan.scored',
      'record.sealed',
      'record.exported',
    ],
  },
  {
    title: 'Decisions',
    types: [
      'decision.opened',
      'decision.closed',
      'view.recorded',
      'la-decision.recorded',
      'la-decision.corrected',
      'dissent.recorded',
      'escalation.step',
      'escalation.resolved',
      'decision.not-reached',
    ],
  },
  { title: 'Actions', types: ['action.created', 'action.changed'] },
  { title: 'The audit trail itself', types: ['audit.viewed', 'audit.exported', 'audit.verified'] },
  {
    title: 'Accounts',
    types: ['user.created', 'user.disabled', 'user.enabled', 'user.sessions-ended', 'user.chair-permission-changed'],
  },
  { title: 'Refusals', types: ['access.refused'] },
];

export const AUDIT_OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Success',
  refused: 'Refused',
};

/** The human label of a type the server sent (an unknown one is shown as it is). */
export function eventLabel(type: string): string {
  return (AUDIT_EVENT_LABELS as Record<string, string | undefined>)[type] ?? type;
}

/** A verifier message ("entry 3 was altered: …") as a sentence. */
export function problemSentence(problem: { message: string }): string {
  const text = problem.message.trim();
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}
