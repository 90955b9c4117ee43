import type { WebhookContentScope, WebhookEventType, WebhookPayload } from '@roundtable/shared/webhooks';

/** The audit entry types each webhook event comes from (the audit trail is the durable source). */
export const AUDIT_SOURCES: Readonly<Record<string, WebhookEventType>> = {
  'meeting.concluded': 'meeting.concluded',
  'la-decision.recorded': 'decision.recorded',
  'la-decision.corrected': 'decision.recorded',
  'action.created': 'action.created',
  'record.sealed': 'record.sealed',
};

/** An audit entry as the dispatcher reads it, with its meeting's reference. */
export interface AuditSourceEntry {
  seq: number;
  type: string;
  occurredAt: Date;
  meetingId: string | null;
  meetingReference: string | null;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/** An overdue action as the sweep finds it. */
export interface OverdueAction {
  actionId: string;
  meetingId: string;
  meetingReference: string;
  dueAt: Date;
  ownerAgency: string;
  restricted: boolean;
}

export interface WebhookEvent {
  type: WebhookEventType;
  /** The meeting it is about: only subscriptions of that meeting's organisation receive it. */
  meetingId: string;
  /** Unique per event: a subscription gets each key once. */
  key: string;
  /** What each scope sends. */
  payloads: Record<WebhookContentScope, WebhookPayload>;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * The event an audit entry stands for, with its payload per scope; null when
 * the entry is not one (another type, or a refusal). `ids` carries ids, the
 * meeting reference, the type and times; `codes` adds coded fields. Neither
 * ever carries text (names, reasons, descriptions): the audit details they
 * are built from carry none (docs/AUDIT.md), and only named fields are copied.
 * An entry marked restricted gives its ids only, whatever the scope.
 */
export function eventFromAudit(entry: AuditSourceEntry): WebhookEvent | null {
  const type = AUDIT_SOURCES[entry.type];
  if (!type || !entry.meetingId) return null;
  const timestamp = entry.occurredAt.toISOString();
  const base = { meetingId: entry.meetingId, meetingReference: entry.meetingReference };
  const d = entry.details;
  const restricted = d.restriction !== undefined && d.restriction !== null;
  let ids: Record<string, unknown>;
  let codes: Record<string, unknown> = {};
  switch (type) {
    case 'meeting.concluded':
      ids = { ...base, concludedAt: timestamp };
      codes = { decisionsNotReached: typeof d.notReached === 'number' ? d.notReached : null };
      break;
    case 'decision.recorded':
      ids = {
        ...base,
        decisionId: entry.subjectId,
        laDecisionId: str(d.laDecisionId),
        correctsId: str(d.correctsId),
        recordedAt: timestamp,
      };
      codes = { chosenOptions: strings(d.chosenOptions), protectiveActions: strings(d.protectiveActions) };
      break;
    case 'action.created':
      ids = { ...base, actionId: entry.subjectId, createdAt: timestamp };
      codes = { ownerAgency: str(d.ownerAgency), dueAt: str(d.dueAt), status: str(d.status) };
      break;
    case 'record.sealed':
      ids = {
        ...base,
        version: typeof d.version === 'number' ? d.version : null,
        addendumId: str(d.addendumId),
        sealedAt: timestamp,
      };
      codes = { reason: str(d.reason) };
      break;
    default:
      return null;
  }
  return payloadsFor(type, `audit:${entry.seq}`, timestamp, ids, restricted ? {} : codes);
}

/** The "action overdue" event of an open action whose due date has passed. */
export function eventFromOverdueAction(action: OverdueAction, noticedAt: Date): WebhookEvent {
  const dueAt = action.dueAt.toISOString();
  const ids = {
    meetingId: action.meetingId,
    meetingReference: action.meetingReference,
    actionId: action.actionId,
    dueAt,
  };
  const codes = action.restricted ? {} : { ownerAgency: action.ownerAgency };
  return payloadsFor('action.overdue', `overdue:${action.actionId}:${dueAt}`, noticedAt.toISOString(), ids, codes);
}

function payloadsFor(
  type: WebhookEventType,
  key: string,
  timestamp: string,
  ids: Record<string, unknown>,
  codes: Record<string, unknown>,
): WebhookEvent {
  return {
    type,
    meetingId: String(ids.meetingId),
    key,
    payloads: {
      ids: { type, timestamp, data: ids },
      codes: { type, timestamp, data: { ...ids, ...codes } },
    },
  };
}
