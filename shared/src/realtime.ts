/**
 * The live co-editing protocol: where the Yjs endpoint lives, how documents
 * are named, and the close codes the server uses. See docs/REALTIME.md.
 */
import type { Agency, MeetingRole } from './constants';

/** Path prefix of the y-websocket endpoint: `/collab/<document name>`. */
export const COLLAB_PATH = '/collab';

/** Query parameter carrying a one-use collab ticket (non-browser clients). */
export const COLLAB_TICKET_PARAM = 'ticket';

/** Shared documents a meeting has: the strategy discussion record and the safety plan. */
export const DOCUMENT_KINDS = ['record', 'safety-plan'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DOCUMENT_NAME = new RegExp(`^meetings/(${UUID})/(${DOCUMENT_KINDS.join('|')})$`);

/** The document name of a meeting's shared document, e.g. `meetings/<id>/record`. */
export function documentName(meetingId: string, kind: DocumentKind): string {
  return `meetings/${meetingId}/${kind}`;
}

/** Parses a document name; null for anything that is not exactly a known document. */
export function parseDocumentName(name: string): { meetingId: string; kind: DocumentKind } | null {
  const match = DOCUMENT_NAME.exec(name);
  if (!match) return null;
  return { meetingId: match[1] as string, kind: match[2] as DocumentKind };
}

/**
 * A restricted compartment's own document (shared/src/need-to-know.ts):
 * `meetings/<meetingId>/compartments/<compartmentId>`, opened only by the
 * compartment's audience. Its text is one `Y.XmlFragment` named
 * COMPARTMENT_FRAGMENT.
 */
export function compartmentDocumentName(meetingId: string, compartmentId: string): string {
  return `meetings/${meetingId}/compartments/${compartmentId}`;
}

/** The one fragment of a compartment document. */
export const COMPARTMENT_FRAGMENT = 'content';

const COMPARTMENT_DOCUMENT_NAME = new RegExp(`^meetings/(${UUID})/compartments/(${UUID})$`);

/** Parses a compartment document name; null for anything that is not exactly one. */
export function parseCompartmentDocumentName(name: string): { meetingId: string; compartmentId: string } | null {
  const match = COMPARTMENT_DOCUMENT_NAME.exec(name);
  if (!match) return null;
  return { meetingId: match[1] as string, compartmentId: match[2] as string };
}

/** Any document the collab endpoint serves: a meeting's shared document, or a restricted compartment's. */
export type CollabDocumentRef =
  { meetingId: string; kind: DocumentKind } | { meetingId: string; kind: 'compartment'; compartmentId: string };

/** Parses the name of any document the collab endpoint serves; null for anything else. */
export function parseCollabDocumentName(name: string): CollabDocumentRef | null {
  const shared = parseDocumentName(name);
  if (shared) return shared;
  const compartment = parseCompartmentDocumentName(name);
  return compartment ? { ...compartment, kind: 'compartment' } : null;
}

/**
 * WebSocket close codes sent by the collab endpoint (4000–4999 is the
 * application range). Refusals before the upgrade are HTTP statuses instead:
 * 401 (no or bad session or ticket), 403 (foreign Origin), 404 (unknown
 * document, or not a member: existence does not leak), 429 (the user has
 * LIMITS.connectionsPerUserMax connections open already).
 */
export const CLOSE_CODES = {
  /** Server shutting down; reconnect later. */
  goingAway: 1001,
  /** An unexpected server error while handling a message (a bug; logged). Reconnect. */
  internalError: 1011,
  /** Frame larger than LIMITS.collabMaxFrameBytes. */
  frameTooLarge: 1009,
  /** A frame that is not a valid y-websocket message or Yjs update. */
  malformedMessage: 4400,
  /** The session ended (sign-out, expiry or revocation). */
  sessionEnded: 4401,
  /** The user's access to this meeting was removed or changed. */
  accessRevoked: 4403,
  /** Accepting the update would make the document larger than LIMITS.collabMaxDocumentBytes. */
  documentTooLarge: 4413,
  /**
   * The update marks text "police restricted" inside the shared record or
   * safety plan, which every member receives; nothing was stored. Restricted
   * information goes into a compartment (shared/src/need-to-know.ts). Final:
   * resending the same update would be refused again.
   */
  restrictedMarkRefused: 4422,
  /** More messages than LIMITS.collabMessagesPerSecond allows (beyond the burst). Reconnect after a pause. */
  rateLimited: 4429,
  /** The update could not be stored; nothing was relayed. The client resends on reconnect. */
  storageUnavailable: 4503,
  /**
   * The update creates Yjs structs (or shows presence) under a clientID that
   * belongs to another person in this document; nothing was stored. Not in
   * 4400–4499, so a stock provider reconnects: the server's sync then shows
   * its Y.Doc the clientID is taken, and Yjs picks a fresh one.
   */
  clientIdTaken: 4509,
  /**
   * The update cannot be applied whole to the document as the server holds it
   * (it depends on changes the server does not have, or refers to its own
   * future); nothing was stored. The provider reconnects, and its sync sends
   * what the server lacks in an order it can apply.
   */
  updateNotApplicable: 4522,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** What every client sees about a person present in a document: set by the server, never by the client. */
export interface PresenceUser {
  id: string;
  name: string;
  jobTitle: string;
  agency: Agency;
  role: MeetingRole;
  colour: string;
}

/** Shape of an awareness state after the server has rewritten it. */
export interface PresenceState {
  user: PresenceUser;
  [key: string]: unknown;
}
