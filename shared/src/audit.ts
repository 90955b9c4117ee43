/**
 * The audit trail: who did what to a child's record, when, and what was
 * refused. Entries carry ids and counts, never document text, children's
 * names or tokens. See docs/AUDIT.md for the hash chain and checkpoints.
 */

/** Every kind of audited event. The server writes nothing else. */
export const AUDIT_EVENT_TYPES = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'auth.session-expired',
  'meeting.created',
  'meeting.changed',
  'member.added',
  'member.removed',
  'member.role-changed',
  'room.joined',
  'room.left',
  'document.opened',
  'document.edited',
  'decision.opened',
  'decision.closed',
  'view.recorded',
  'la-decision.recorded',
  'la-decision.corrected',
  'dissent.recorded',
  'escalation.step',
  'escalation.resolved',
  'action.created',
  'action.changed',
  'record.exported',
  'audit.viewed',
  'audit.exported',
  'audit.verified',
  'access.refused',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const AUDIT_OUTCOMES = ['success', 'refused'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Origin line of every signed checkpoint (C2SP signed-note style, as in RFC 9162 signed tree heads). */
export const AUDIT_CHECKPOINT_ORIGIN = 'roundtable-audit/v1';
