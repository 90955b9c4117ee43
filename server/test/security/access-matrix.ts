/**
 * Who may do what: every HTTP route, every socket.io client event on
 * `/meetings` and every Yjs message type on `/collab/<doc>`, for every kind
 * of person. Deny by default: a route or event missing here fails the build
 * (access-matrix.int-spec.ts), the "Role × action matrix" table in
 * docs/SECURITY.md is generated from this data and checked against it, and
 * every cell is exercised against the running app with real clients.
 */

import type { ClientEventName } from '@roundtable/shared/meeting-events';

/**
 * Every socket.io client event, spelled out so that a new key in
 * `ClientToServerEvents` fails to compile until it is listed here (and then
 * fails the matrix test until it has an entry).
 */
export const CLIENT_EVENTS: Record<ClientEventName, true> = {
  'meeting:join': true,
  'meeting:leave': true,
  'decision:open': true,
  'decision:close': true,
  'view:record': true,
  'la-decision:record': true,
  'la-decision:correct': true,
  'dissent:record': true,
  'escalation:add-step': true,
  'escalation:resolve': true,
  'action:create': true,
  'action:update': true,
  'action:set-status': true,
  'view:flag': true,
  'action:flag': true,
  'agenda:set': true,
  'family-facing:set': true,
  'compartment:create': true,
  'compartment:share': true,
  'sharing-decision:record': true,
  'protected-person:add': true,
  'protected-person:share': true,
};

/** Every message type a client can put on a collab connection (collab-protocol.ts), for both documents. */
export const YJS_MESSAGES = [
  'connect',
  'sync step 1',
  'sync step 2',
  'update',
  'update after conclusion',
  'awareness',
  'query-awareness',
  'auth',
] as const;
export const DOCUMENT_KINDS_IN_MATRIX = ['record', 'safety-plan'] as const;
/** The FGDM family plan document: opened by family members only, so one row, refused to every principal. */
export const FAMILY_PLAN_CONNECT = 'family-plan: connect';

/** The columns: the four meeting roles, the two account roles, and the two outsiders. */
export const PRINCIPALS = [
  'chair',
  'participant',
  'minute-taker',
  'observer',
  'auditor',
  'admin',
  'non-member',
  'anonymous',
] as const;
export type Principal = (typeof PRINCIPALS)[number];

export const PRINCIPAL_LABELS: Record<Principal, string> = {
  chair: 'Chair',
  participant: 'Participant',
  'minute-taker': 'Minute taker',
  observer: 'Observer',
  auditor: 'Auditor',
  admin: 'Administrator',
  'non-member': 'Non-member',
  anonymous: 'Not signed in',
};

/**
 * Allowed (on a condition, when `when` is given; the test fixture meets it),
 * or refused with what the client sees: an HTTP status (`401`), a socket.io
 * acknowledgement error code (`Forbidden`), `connect refused` (the socket.io
 * handshake), `upgrade 401|404` (the collab WebSocket upgrade),
 * `permission denied` (y-protocols auth message, nothing stored) or
 * `close 4400` (the collab connection closed as malformed).
 */
export type Cell = { allowed: true; when?: string; otherwise?: string } | { allowed: false; refusal: string };

export type Channel = 'http' | 'socket.io' | 'yjs';

export interface MatrixEntry {
  channel: Channel;
  /** `GET /api/meetings/:id`, `decision:open`, or `record: update`. */
  action: string;
  /** Needs a recent sign-in or re-authentication (403 StepUpRequired otherwise; see "Step-up re-authentication"). */
  stepUp?: boolean;
  /** Anything else that decides the outcome, for the notes column. */
  note?: string;
  cells: Record<Principal, Cell>;
  /**
   * A service account's bearer token (`Authorization: Bearer rt_sa_…`, every scope, of the
   * organisation of the fixture's chair) and no cookie. Unset: as the not-signed-in caller, since
   * a token is accepted only on the routes marked for service accounts (docs/INTEGRATIONS.md).
   */
  serviceAccount?: Cell;
}

/** The column of the bearer-token principal (tested on HTTP rows; socket.io and Yjs take no bearer token). */
export const SERVICE_ACCOUNT_LABEL = 'Service account token';
export const serviceAccountCell = (entry: MatrixEntry): Cell => entry.serviceAccount ?? entry.cells.anonymous;

const FOLLOW_UP = 'The action log stays open after the conclusion: it is follow-up work';

/** Suffix of the rows that repeat an action on a concluded meeting. */
export const AFTER_CONCLUSION = ' after conclusion';
/** The route or event a row is about, without the state suffix. */
export const baseAction = (action: string): string =>
  action.endsWith(AFTER_CONCLUSION) ? action.slice(0, -AFTER_CONCLUSION.length) : action;

const yes: Cell = { allowed: true };
/** Allowed on a condition; `otherwise` is the refusal when it does not hold (tested too). */
const when = (condition: string, otherwise: string): Cell => ({ allowed: true, when: condition, otherwise });
const no = (refusal: string): Cell => ({ allowed: false, refusal });

type MeetingRoleCells = Pick<Record<Principal, Cell>, 'chair' | 'participant' | 'minute-taker' | 'observer'>;

/** Meeting-scoped HTTP: anyone who is not a member (auditors and administrators included) gets 404, as if it did not exist. */
const meetingHttp = (roles: MeetingRoleCells): Record<Principal, Cell> => ({
  ...roles,
  auditor: no('404'),
  admin: no('404'),
  'non-member': no('404'),
  anonymous: no('401'),
});
const allMembers = meetingHttp({ chair: yes, participant: yes, 'minute-taker': yes, observer: yes });
const chairOnly = meetingHttp({ chair: yes, participant: no('403'), 'minute-taker': no('403'), observer: no('403') });
const editors = meetingHttp({ chair: yes, participant: yes, 'minute-taker': yes, observer: no('403') });

const signedIn: Record<Principal, Cell> = {
  chair: yes,
  participant: yes,
  'minute-taker': yes,
  observer: yes,
  auditor: yes,
  admin: yes,
  'non-member': yes,
  anonymous: no('401'),
};
const everyone: Record<Principal, Cell> = { ...signedIn, anonymous: yes };
const accountFlag = (flag: 'auditor' | 'admin'): Record<Principal, Cell> => ({
  chair: no('403'),
  participant: no('403'),
  'minute-taker': no('403'),
  observer: no('403'),
  auditor: flag === 'auditor' ? yes : no('403'),
  admin: flag === 'admin' ? yes : no('403'),
  'non-member': no('403'),
  anonymous: no('401'),
});

/** Service-account routes (@ServiceAccountRoute): only a bearer token passes; no session cookie does. */
const serviceAccountOnly: Record<Principal, Cell> = {
  chair: no('401'),
  participant: no('401'),
  'minute-taker': no('401'),
  observer: no('401'),
  auditor: no('401'),
  admin: no('401'),
  'non-member': no('401'),
  anonymous: no('401'),
};

/** Refused to every professional and to the anonymous alike (family routes: only a family session passes). */
const allRefused = (refusal: string): Record<Principal, Cell> => ({
  chair: no(refusal),
  participant: no(refusal),
  'minute-taker': no(refusal),
  observer: no(refusal),
  auditor: no(refusal),
  admin: no(refusal),
  'non-member': no(refusal),
  anonymous: no(refusal),
});
/**
 * Family routes (@FamilyRoute): only a live family session (the family cookie)
 * passes, and its meeting is the one it is bound to; no professional session does.
 */
const familyOnly: Record<Principal, Cell> = {
  chair: no('401'),
  participant: no('401'),
  'minute-taker': no('401'),
  observer: no('401'),
  auditor: no('401'),
  admin: no('401'),
  'non-member': no('401'),
  anonymous: no('401'),
};
const FAMILY_ONLY_NOTE = 'Family members only (the family cookie), for their own meeting';
export const FAMILY_VIEW_ROUTES = [
  'GET /api/family/meeting',
  'POST /api/family/views',
  'GET /api/family/safety-plan',
  'POST /api/family/safety-plan/signatures',
  'GET /api/family/record',
  'GET /api/family/record/versions/:version/family.pdf',
  'GET /api/family/record/versions/:version/family.html',
] as const;

const http = (action: string, cells: Record<Principal, Cell>, extra: Partial<MatrixEntry> = {}): MatrixEntry => ({
  channel: 'http',
  action,
  cells,
  ...extra,
});

/** socket.io: no session, no connection; a non-member's event is refused as if the meeting did not exist. */
const socketEvent = (action: string, roles: MeetingRoleCells, extra: Partial<MatrixEntry> = {}): MatrixEntry => ({
  channel: 'socket.io',
  action,
  cells: {
    ...roles,
    auditor: no('MeetingNotFound'),
    admin: no('MeetingNotFound'),
    'non-member': no('MeetingNotFound'),
    anonymous: no('connect refused'),
  },
  ...extra,
});
const forbidden = no('Forbidden');

/** Yjs: the upgrade is refused before any message for people who are not members. */
const yjs = (action: string, roles: MeetingRoleCells, extra: Partial<MatrixEntry> = {}): MatrixEntry => ({
  channel: 'yjs',
  action,
  cells: {
    ...roles,
    auditor: no('upgrade 404'),
    admin: no('upgrade 404'),
    'non-member': no('upgrade 404'),
    anonymous: no('upgrade 401'),
  },
  ...extra,
});
const allRoles = (cell: Cell): MeetingRoleCells => ({
  chair: cell,
  participant: cell,
  'minute-taker': cell,
  observer: cell,
});
const denied = no('permission denied');

const documentEntries = (kind: 'record' | 'safety-plan'): MatrixEntry[] => [
  yjs(`${kind}: connect`, allRoles(yes), { note: 'Cookie and an allowed Origin, or a one-use ticket' }),
  yjs(`${kind}: sync step 1`, allRoles(yes), { note: 'Answered with sync step 2 (the document)' }),
  yjs(
    `${kind}: sync step 2`,
    { chair: yes, participant: yes, 'minute-taker': yes, observer: denied },
    { note: 'Live or scheduled meeting; stored' },
  ),
  yjs(
    `${kind}: update`,
    { chair: yes, participant: yes, 'minute-taker': yes, observer: denied },
    { note: 'Live or scheduled meeting; stored' },
  ),
  yjs(`${kind}: update after conclusion`, allRoles(denied), {
    note: 'Read-only for every role once concluded (addenda instead)',
  }),
  yjs(`${kind}: awareness`, allRoles(yes), { note: "Own clientID only; the name is the account's" }),
  yjs(`${kind}: query-awareness`, allRoles(yes)),
  yjs(`${kind}: auth`, allRoles(no('close 4400')), { note: 'Clients never send auth messages' }),
];

export const ACCESS_MATRIX: readonly MatrixEntry[] = [
  // ---------------------------------------------------------------- sign-in and account
  http('POST /api/auth/login', everyone, { note: 'Throttled per account and address' }),
  http('POST /api/auth/logout', everyone, { note: 'Ends the caller’s own session, if any' }),
  http('GET /api/me', signedIn),
  http('GET /api/auth/step-up', signedIn),
  http('POST /api/auth/step-up', signedIn, { note: 'Own password (and code when MFA is on)' }),
  http('POST /api/auth/mfa/verify', everyone, { note: 'Needs the pending cookie of a first sign-in step' }),
  http('GET /api/auth/mfa', signedIn),
  http('POST /api/auth/mfa/enrol', signedIn, { stepUp: true, note: 'Own account' }),
  http('POST /api/auth/mfa/enrol/confirm', signedIn, { stepUp: true, note: 'Own account' }),
  http('POST /api/auth/mfa/recovery-codes', signedIn, { stepUp: true, note: 'Own account, MFA on' }),
  http('POST /api/auth/mfa/disable', signedIn, { stepUp: true, note: 'Own account' }),
  http('GET /api/auth/oidc/providers', everyone),
  http('GET /api/auth/oidc/step-up-options', signedIn, { note: 'How the caller can step up' }),
  http('GET /api/auth/oidc/:provider/start', everyone, {
    note: 'Redirects to the provider, or back to sign-in with ?error= (tested so: the fixture has no provider)',
  }),
  http('GET /api/auth/oidc/:provider/callback', everyone, {
    note: 'Signs in only when state, nonce and PKCE match; otherwise back to sign-in with ?error=',
  }),
  // ---------------------------------------------------------------- operations
  http('GET /api/health', everyone),
  http('GET /api/metrics', everyone, { note: 'With the METRICS_TOKEN bearer token (404 when unset)' }),
  http('GET /api/docs-json', everyone, { note: 'The OpenAPI document; not served in production unless API_DOCS=true' }),
  http('GET /api/docs-yaml', everyone, { note: 'The OpenAPI document; not served in production unless API_DOCS=true' }),
  http('GET /api/docs', everyone, {
    note: 'The OpenAPI browser and its static files; not served in production unless API_DOCS=true',
  }),
  http(
    'ALL /api',
    {
      chair: no('404'),
      participant: no('404'),
      'minute-taker': no('404'),
      observer: no('404'),
      auditor: no('404'),
      admin: no('404'),
      'non-member': no('404'),
      anonymous: no('404'),
    },
    { note: 'The API root answers nothing, for anyone' },
  ),
  // ---------------------------------------------------------------- lists for the signed-in
  http('GET /api/dashboard', signedIn, { note: 'Only the caller’s own meetings and actions' }),
  http('GET /api/actions/mine', signedIn, { note: 'Only actions owned by the caller' }),
  http('GET /api/document-templates', signedIn),
  http('GET /api/decision-templates', signedIn),
  http('GET /api/meetings', signedIn, { note: 'Only meetings the caller belongs to' }),
  http(
    'POST /api/meetings',
    {
      chair: when('allowed to convene and chair', '403'),
      participant: no('403'),
      'minute-taker': no('403'),
      observer: no('403'),
      auditor: no('403'),
      admin: no('403'),
      'non-member': no('403'),
      anonymous: no('401'),
    },
    {
      note: "Accounts an administrator allows to convene and chair (can_chair), whatever their agency, never an auditor; the caller becomes its chair. In the fixture only the chair's account has it, not the administrator's",
    },
  ),
  // ---------------------------------------------------------------- one meeting
  http('GET /api/meetings/:id', allMembers),
  http('PATCH /api/meetings/:id', chairOnly),
  http('POST /api/meetings/:id/members', chairOnly, { stepUp: true }),
  http('PATCH /api/meetings/:id/members/:userId', chairOnly, { stepUp: true }),
  http('DELETE /api/meetings/:id/members/:userId', chairOnly, { stepUp: true, note: 'Never the last chair' }),
  http('POST /api/meetings/:id/start', chairOnly),
  http('POST /api/meetings/:id/conclude', chairOnly, { note: 'Live meeting' }),
  http('PUT /api/meetings/:id/review-date', chairOnly),
  http('POST /api/meetings/:id/review', chairOnly, { note: 'Concluded meeting' }),
  http('GET /api/meetings/:id/attendance', allMembers),
  http(
    'POST /api/meetings/:id/apologies',
    meetingHttp({
      chair: yes,
      participant: when('for themselves', '403'),
      'minute-taker': when('for themselves', '403'),
      observer: when('for themselves', '403'),
    }),
    { note: 'The chair for any member' },
  ),
  http('GET /api/meetings/:id/safety-plan/scores', allMembers),
  http(
    'PUT /api/meetings/:id/safety-plan/scores',
    meetingHttp({ chair: yes, participant: yes, 'minute-taker': no('403'), observer: no('403') }),
    { note: 'Their own agency’s score; not once concluded' },
  ),
  http('POST /api/collab/tickets', allMembers, { note: 'For the record or the safety plan' }),
  http('GET /api/meetings/:id/addenda', allMembers),
  http('POST /api/meetings/:id/addenda', editors, { note: 'Concluded meeting' }),
  http('POST /api/meetings/:id/addenda/:addendumId/sign-off', chairOnly),
  http(
    'GET /api/meetings/:id/records',
    { ...allMembers, auditor: yes },
    {
      note: 'Sealed versions of a concluded meeting; auditors review any meeting',
    },
  ),
  http(
    'GET /api/meetings/:id/records/:version/:file',
    { ...allMembers, observer: no('403'), auditor: yes },
    {
      stepUp: true,
      note: 'Their own version and the family version (the chair and auditors: every version); observers read but never export; every download audited',
    },
  ),
  http(
    'GET /api/meetings/:id/record-exports/:version',
    { ...allMembers, observer: no('403'), auditor: yes },
    {
      stepUp: true,
      note: 'The JSON export of their own version (the chair and auditors: `?variant=` any; auditors give a reason for restricted ones), as for the PDF; observers never; every download audited',
    },
  ),
  http('POST /api/meetings/:id/children', chairOnly, { note: 'An existing child the chair may know of, or a new one' }),
  http('DELETE /api/meetings/:id/children/:childId', chairOnly, {
    note: 'Never the last child, nor one a decision or action of the meeting is about',
  }),
  // ---------------------------------------------------------------- children's records (a meeting about the child)
  http('GET /api/children', signedIn, {
    note: 'By case-system ID or NHS number; only children the caller may know of',
  }),
  http('GET /api/children/:id', allMembers, {
    note: "Members see their own meetings about the child; a chair of any, the child's LCPP and their team manager all of it",
  }),
  http('PATCH /api/children/:id', chairOnly, {
    note: "Or the child's LCPP; an identifier another child holds is refused (409)",
  }),
  http('PUT /api/children/:id/household', chairOnly, { note: "Or the child's LCPP" }),
  http('PUT /api/children/:id/lcpp', chairOnly, {
    note: 'Or a team manager naming someone in their own organisation; an active account',
  }),
  http('GET /api/caseload', signedIn, {
    note: "An LCPP's own children; a team manager's, every child of an LCPP in their organisation; else empty",
  }),
  // ---------------------------------------------------------------- conferences and the plan (docs/PATHWAY.md)
  http('GET /api/meeting-types', signedIn, { note: 'The deployment’s meeting types' }),
  http('GET /api/meetings/:id/reports', allMembers, { note: 'A conference’s agency reports' }),
  http('POST /api/meetings/:id/reports', editors, { note: 'One report per author, for their own agency' }),
  http('PUT /api/meetings/:id/reports/:reportId/sharing', chairOnly, {
    note: 'The report’s own agency or the chair (here the chair’s report, of an agency no other member shares)',
  }),
  http('GET /api/meetings/:id/parts', allMembers, { note: 'Parts of a conference held without the parents' }),
  http('POST /api/meetings/:id/parts', chairOnly, { note: 'A live conference; one part at a time' }),
  http('POST /api/meetings/:id/parts/:partId/end', chairOnly),
  http('GET /api/meetings/:id/outcomes', allMembers, { note: 'The conference’s decision for each child' }),
  http('POST /api/meetings/:id/children/:childId/outcome', chairOnly, {
    note: 'A live conference; it must match the conference decision in force',
  }),
  http('GET /api/children/:childId/plan', allMembers, {
    note: "Members of a plan meeting about the child, the child's LCPP and their team manager",
  }),
  http('GET /api/children/:childId/plan/versions', allMembers, { note: 'As the plan' }),
  http('PUT /api/children/:childId/plan', editors, {
    note: 'In a plan meeting not concluded; or the lead professional, the LCPP or a core group member. A stale version is 409',
  }),
  // ---------------------------------------------------------------- auditors
  http('GET /api/audit/events', accountFlag('auditor')),
  http('GET /api/audit/events/export.csv', accountFlag('auditor'), { stepUp: true }),
  http('GET /api/audit/events/export.json', accountFlag('auditor'), { stepUp: true }),
  http('GET /api/audit/verification', accountFlag('auditor')),
  http('GET /api/audit/checkpoints', accountFlag('auditor')),
  http('GET /api/audit/public-key', accountFlag('auditor')),
  http('GET /api/audit/checkpoint', accountFlag('auditor')),
  http('GET /api/audit/entries/:seq/proof', accountFlag('auditor')),
  http('GET /api/audit/consistency', accountFlag('auditor')),
  http('GET /api/audit/tile/*path', accountFlag('auditor'), { note: 'C2SP tlog-tiles of the Merkle tree' }),
  http('GET /api/audit/meetings', accountFlag('auditor')),
  http('GET /api/audit/witnesses', accountFlag('auditor'), {
    note: 'How far each partner’s witness has cosigned; audited',
  }),
  http('GET /api/audit/export/bundle.tar.gz', accountFlag('auditor'), {
    stepUp: true,
    note: 'Every entry, checkpoint, cosignature and public key, for offline verification; audited',
  }),
  http('GET /api/audit/meetings/:id/record-history', accountFlag('auditor'), {
    note: 'Any meeting, never as a member; the reason given is audited',
  }),
  // ---------------------------------------------------------------- administrators
  http('GET /api/admin/users', accountFlag('admin')),
  http('POST /api/admin/users', accountFlag('admin')),
  http('POST /api/admin/users/:id/disable', accountFlag('admin'), { stepUp: true, note: 'Never their own account' }),
  http('POST /api/admin/users/:id/enable', accountFlag('admin')),
  http('POST /api/admin/users/:id/end-sessions', accountFlag('admin'), { stepUp: true }),
  http('POST /api/admin/users/:id/chair-permission', accountFlag('admin'), {
    note: 'Audited; never on an auditor',
  }),
  http('POST /api/admin/users/:id/organisation', accountFlag('admin'), { note: 'Audited' }),
  http('POST /api/admin/users/:id/team-manager', accountFlag('admin'), { note: 'Audited; never on an auditor' }),
  http('GET /api/admin/outbox', accountFlag('admin'), {
    note: 'Every email sent, or (without SMTP_URL) only recorded, newest first',
  }),
  // ---------------------------------------------------------------- service accounts (docs/INTEGRATIONS.md)
  http('GET /api/admin/service-accounts', accountFlag('admin'), { note: 'Never a token: its first characters' }),
  http('POST /api/admin/service-accounts', accountFlag('admin'), {
    stepUp: true,
    note: 'For one organisation, with scopes; the first token shown once. Audited',
  }),
  http('POST /api/admin/service-accounts/:id/tokens', accountFlag('admin'), {
    stepUp: true,
    note: 'Another token, shown once. Audited',
  }),
  http('POST /api/admin/service-accounts/:id/tokens/:tokenId/revoke', accountFlag('admin'), {
    note: 'Its next request is refused. Audited',
  }),
  http('POST /api/admin/service-accounts/:id/disable', accountFlag('admin'), {
    note: 'Revokes every token. Audited',
  }),
  // ---------------------------------------------------------------- audit trail witnesses (docs/AUDIT.md)
  http('GET /api/admin/witnesses', accountFlag('admin')),
  http('POST /api/admin/witnesses', accountFlag('admin'), {
    stepUp: true,
    note: 'A partner’s witness key, bound to a service account with audit:witness of its agency. Audited',
  }),
  http('POST /api/admin/witnesses/:id/retire', accountFlag('admin'), {
    stepUp: true,
    note: 'Its submissions are refused from then on; what it cosigned stays. Audited',
  }),
  http('GET /api/audit/witness/checkpoint', serviceAccountOnly, {
    serviceAccount: when('the token has audit:witness', '403'),
    note: 'The latest signed checkpoint with its cosignatures',
  }),
  http('GET /api/audit/witness/consistency', serviceAccountOnly, {
    serviceAccount: when('the token has audit:witness', '403'),
    note: 'An RFC 9162 consistency proof over the entries as stored',
  }),
  http('POST /api/audit/witness/cosignatures', serviceAccountOnly, {
    serviceAccount: when('the token has audit:witness', '403'),
    note: 'Only a witness registered for the token’s account, with a cosignature that verifies; audited',
  }),
  // ---------------------------------------------------------------- integrations (bearer tokens only)
  http('GET /api/integrations/records', serviceAccountOnly, {
    serviceAccount: when('the token has records:read', '403'),
    note: 'The sealed versions of its organisation’s meetings; a session cookie is refused; audited',
  }),
  http('GET /api/integrations/records/:meetingId/versions/:version', serviceAccountOnly, {
    serviceAccount: when('records:read and a meeting of its organisation', '404'),
    note: 'The JSON export an uninvolved professional of the organisation reads (`shared`); audited',
  }),
  http('GET /api/schemas/sealed-record-export.v1.json', everyone, {
    note: 'The published JSON Schema of the export: no data',
  }),
  http('GET /api/admin/jobs', accountFlag('admin'), {
    note: 'The job queue: counts by state, recent failures (messages only)',
  }),
  http('POST /api/admin/jobs/:name/run', accountFlag('admin'), { note: 'The reminders scan only; audited' }),
  // ---------------------------------------------------------------- notifications (docs/NOTIFICATIONS.md)
  http('GET /api/notifications', signedIn, { note: 'Only the caller’s own' }),
  http('GET /api/notifications/unread-count', signedIn, { note: 'Only the caller’s own' }),
  http('POST /api/notifications/read-all', signedIn, { note: 'Only the caller’s own' }),
  http('POST /api/notifications/:id/read', signedIn, { note: 'Only the caller’s own (another’s: 404)' }),
  http('GET /api/notifications/preferences', signedIn, { note: 'Only the caller’s own' }),
  http('PUT /api/notifications/preferences', signedIn, { note: 'Only the caller’s own' }),
  // ---------------------------------------------------------------- webhooks (docs/WEBHOOKS.md)
  http('GET /api/admin/webhooks', accountFlag('admin'), { note: 'Never a signing secret' }),
  http('POST /api/admin/webhooks', accountFlag('admin'), {
    stepUp: true,
    note: 'For a service account with webhooks:receive; HTTPS only; the secret shown once. Audited',
  }),
  http('GET /api/admin/webhooks/deliveries', accountFlag('admin'), {
    note: 'Each attempt: status, duration, error, next retry; no response body beyond a snippet',
  }),
  http('GET /api/admin/webhooks/deliveries/:deliveryId', accountFlag('admin')),
  http('POST /api/admin/webhooks/deliveries/:deliveryId/replay', accountFlag('admin'), {
    note: 'The same webhook-id, signed afresh, as a job. Audited',
  }),
  http('POST /api/admin/webhooks/:id/rotate-secret', accountFlag('admin'), {
    stepUp: true,
    note: 'The new secret shown once. Audited',
  }),
  http('POST /api/admin/webhooks/:id/disable', accountFlag('admin'), { note: 'Waiting deliveries cancelled. Audited' }),
  http('POST /api/admin/webhooks/:id/enable', accountFlag('admin'), { note: 'Audited' }),
  http('DELETE /api/admin/webhooks/:id', accountFlag('admin'), {
    stepUp: true,
    note: 'Its secret overwritten; its delivery log kept. Audited',
  }),
  // ---------------------------------------------------------------- retention and legal holds (docs/RETENTION.md)
  http('GET /api/admin/retention', accountFlag('admin'), {
    note: 'Each rule with what is due and held, the last run; never record content',
  }),
  http('POST /api/admin/retention/run', accountFlag('admin'), {
    stepUp: true,
    note: 'Queues a destruction run (the job queue). Audited',
  }),
  http('POST /api/admin/retention/child-statuses', accountFlag('admin'), {
    stepUp: true,
    note: 'Marks a child looked after or adopted (longer retention; never removed), with a reason. Audited',
  }),
  http('GET /api/admin/legal-holds', accountFlag('admin'), { note: 'A child only by id, a meeting by its reference' }),
  http('POST /api/admin/legal-holds', accountFlag('admin'), {
    stepUp: true,
    note: 'On a meeting or a child, with a reason; held records are never destroyed. Audited',
  }),
  http('POST /api/admin/legal-holds/:id/lift', accountFlag('admin'), { stepUp: true, note: 'With a reason. Audited' }),
  // ---------------------------------------------------------------- subject access (docs/SUBJECT-ACCESS.md)
  http('GET /api/admin/subject-access', accountFlag('admin'), { stepUp: true, note: 'Summaries: no items' }),
  http('POST /api/admin/subject-access', accountFlag('admin'), {
    stepUp: true,
    note: 'About a child, a family member or a professional; assembles what is held. Audited (ids only)',
  }),
  http('GET /api/admin/subject-access/:id', accountFlag('admin'), {
    stepUp: true,
    note: 'Every item unredacted, with the redactions beside. Audited',
  }),
  http('POST /api/admin/subject-access/:id/redactions', accountFlag('admin'), {
    stepUp: true,
    note: 'An item or a span, with a DPA 2018 exemption and a note; refused once signed off. Audited',
  }),
  http('POST /api/admin/subject-access/:id/sign-off', accountFlag('admin'), {
    stepUp: true,
    note: 'Not by the opener nor anyone who redacted (403, audited). Audited',
  }),
  http('POST /api/admin/subject-access/:id/exports', accountFlag('admin'), {
    stepUp: true,
    note: 'PDF or JSON, after sign-off only; its SHA-256 in the trail',
  }),
  // ---------------------------------------------------------------- family members (docs/FAMILY.md)
  http('GET /api/meetings/:id/family-members', allMembers),
  http('POST /api/meetings/:id/family-members', chairOnly, {
    stepUp: true,
    note: 'Emails the family member how to sign in (no case content)',
  }),
  http('DELETE /api/meetings/:id/family-members/:participantId', chairOnly, {
    note: 'Ends their family sessions and live connections at once',
  }),
  http('POST /api/family/sign-in/code', everyone, {
    note: 'Always the same 202, invited or not; emails a code only to an invited address whose access is open; throttled per address',
  }),
  http('POST /api/family/sign-in', everyone, {
    note: 'With the code emailed to an invited family member: sets the family cookie (a wrong, used or expired code 401, throttled 429; family-access.int-spec.ts)',
  }),
  // ---------------------------------------------------------------- invitations by email (docs/EMAIL.md)
  http('GET /api/meetings/:id/account-invitations', chairOnly, {
    note: 'Invitations for people without an account, pending, accepted or expired; never a token',
  }),
  http('POST /api/meetings/:id/account-invitations', chairOnly, {
    stepUp: true,
    note: 'Emails a single-use link, bound to the address, expiring in 7 days (no case content); not an address with an account (409)',
  }),
  http('POST /api/meetings/:id/account-invitations/:invitationId/revoke', chairOnly, {
    stepUp: true,
    note: 'Withdraws an invitation not yet accepted: its link stops working (kept, marked withdrawn; accepted or withdrawn already 409)',
  }),
  http('POST /api/invitations/preview', everyone, {
    note: 'With an open invitation’s token: the meeting’s type, reference and time (unknown 404, used, withdrawn or expired 409)',
  }),
  http('POST /api/invitations/accept', everyone, {
    note: 'With an open invitation’s token: sets up an account for the invited address and makes it a member, once (used, withdrawn or expired 409)',
  }),
  http(
    'POST /api/invitations/accept-signed-in',
    { ...signedIn, auditor: no('403') },
    {
      note: 'Only the account whose email the invitation was sent to (another email: 403); auditors are never members',
    },
  ),
  http('GET /api/family/session', allRefused('401'), {
    note: 'Family members only: a live family session (rt_family); no professional session passes a family route, and a family session passes no other route',
  }),
  http('POST /api/family/sign-out', allRefused('401'), { note: 'Family members only (as above)' }),
  // ---------------------------------------------------------------- family group decision-making (docs/FAMILY.md)
  http('GET /api/meetings/:id/fgdm', allMembers, {
    note: 'An FGDM; the family’s plan only as presented, never the live draft',
  }),
  http('POST /api/meetings/:id/fgdm/stages', chairOnly, { note: 'The coordinator; the next stage only' }),
  http('POST /api/meetings/:id/fgdm/bottom-lines', chairOnly, {
    note: 'The coordinator, or a social worker member who is not an observer or minute taker (no other agency), during preparation or information-giving',
  }),
  http('POST /api/meetings/:id/fgdm/presentations/:presentationId/responses', chairOnly, {
    note: 'The coordinator, at the response stage; one response per presentation',
  }),
  http('POST /api/meetings/:id/fgdm/support-items', chairOnly, { note: 'The coordinator, until the FGDM closes' }),
  http('POST /api/meetings/:id/fgdm/support-items/:itemId/withdrawals', chairOnly, {
    note: 'The coordinator; recorded, never deleted',
  }),
  http('GET /api/family/fgdm', allRefused('401'), {
    note: 'Family members of the FGDM only: professionals appear as agency and role',
  }),
  http('POST /api/family/fgdm/plan/presentations', allRefused('401'), {
    note: 'Family members of the FGDM only, from private family time until it closes',
  }),
  {
    channel: 'yjs',
    action: FAMILY_PLAN_CONNECT,
    cells: allRefused('upgrade 404'),
    note: 'The family’s live draft (`meetings/<id>/family-plan`): only the FGDM’s signed-in family members open it (the family cookie and an allowed Origin); every professional, the coordinator included, gets the 404 of an unknown document',
  },
  // ---------------------------------------------------------------- socket.io /meetings
  socketEvent('meeting:join', allRoles(yes)),
  {
    channel: 'socket.io',
    action: 'meeting:leave',
    cells: { ...signedIn, anonymous: no('connect refused') },
    note: 'Leaving a room one is not in changes nothing, so it is acknowledged for anyone connected',
  },
  socketEvent('decision:open', { chair: yes, participant: forbidden, 'minute-taker': forbidden, observer: forbidden }),
  socketEvent('decision:close', { chair: yes, participant: forbidden, 'minute-taker': forbidden, observer: forbidden }),
  socketEvent(
    'view:record',
    { chair: yes, participant: yes, 'minute-taker': forbidden, observer: forbidden },
    {
      note: 'For the caller’s own agency',
    },
  ),
  socketEvent(
    'la-decision:record',
    {
      chair: when("from children's social care", 'Forbidden'),
      participant: forbidden,
      'minute-taker': forbidden,
      observer: forbidden,
    },
    { stepUp: true },
  ),
  socketEvent(
    'la-decision:correct',
    {
      chair: when("from children's social care", 'Forbidden'),
      participant: forbidden,
      'minute-taker': forbidden,
      observer: forbidden,
    },
    { stepUp: true },
  ),
  socketEvent(
    'dissent:record',
    { chair: no('DissentNotAllowed'), participant: yes, 'minute-taker': forbidden, observer: forbidden },
    {
      note: "For the caller’s own agency, with or without a view, after the LA decision; children's social care (this chair's agency) made the decision and does not dissent from it",
    },
  ),
  socketEvent('escalation:add-step', {
    chair: yes,
    participant: when('of the dissenting agency', 'Forbidden'),
    'minute-taker': forbidden,
    observer: forbidden,
  }),
  socketEvent('escalation:resolve', {
    chair: yes,
    participant: when('of the dissenting agency', 'Forbidden'),
    'minute-taker': forbidden,
    observer: forbidden,
  }),
  socketEvent('action:create', { chair: yes, participant: yes, 'minute-taker': yes, observer: forbidden }),
  socketEvent('action:update', {
    chair: yes,
    participant: when('owner or recorder', 'Forbidden'),
    'minute-taker': when('owner or recorder', 'Forbidden'),
    observer: forbidden,
  }),
  socketEvent('action:set-status', {
    chair: yes,
    participant: when('owner', 'Forbidden'),
    'minute-taker': when('owner', 'Forbidden'),
    observer: forbidden,
  }),
  socketEvent('view:flag', {
    chair: yes,
    participant: when('who recorded the view', 'Forbidden'),
    'minute-taker': forbidden,
    observer: forbidden,
  }),
  socketEvent('action:flag', {
    chair: yes,
    participant: when('who recorded the action', 'Forbidden'),
    'minute-taker': when('who recorded the action', 'Forbidden'),
    observer: forbidden,
  }),
  socketEvent('agenda:set', { chair: yes, participant: forbidden, 'minute-taker': forbidden, observer: forbidden }),
  socketEvent('family-facing:set', {
    chair: yes,
    participant: forbidden,
    'minute-taker': forbidden,
    observer: forbidden,
  }),
  socketEvent('compartment:create', { ...allRoles(yes), observer: forbidden }),
  socketEvent('compartment:share', {
    chair: yes,
    participant: when('of the agency that restricted it', 'Forbidden'),
    'minute-taker': when('of the agency that restricted it', 'Forbidden'),
    observer: forbidden,
  }),
  socketEvent('sharing-decision:record', { ...allRoles(yes), observer: forbidden }),
  socketEvent(
    'protected-person:add',
    { chair: yes, participant: yes, 'minute-taker': yes, observer: forbidden },
    { note: 'The name reaches only the audience, which must include the adder' },
  ),
  socketEvent(
    'protected-person:share',
    {
      chair: yes,
      participant: when('of the agency that named the person', 'Forbidden'),
      'minute-taker': when('of the agency that named the person', 'Forbidden'),
      observer: forbidden,
    },
    { note: 'Widens or lifts, never narrows; the chair with a reason' },
  ),
  // ---------------------------------------------------------------- writes once the meeting has concluded
  // The record is final: writes are refused for every role (addenda instead), reads go on.
  socketEvent(`decision:open${AFTER_CONCLUSION}`, allRoles(no('MeetingConcluded'))),
  socketEvent(`view:record${AFTER_CONCLUSION}`, allRoles(no('MeetingConcluded'))),
  socketEvent(`agenda:set${AFTER_CONCLUSION}`, { ...allRoles(forbidden), chair: no('MeetingConcluded') }),
  socketEvent(`action:create${AFTER_CONCLUSION}`, { ...allRoles(yes), observer: forbidden }, { note: FOLLOW_UP }),
  socketEvent(
    `action:set-status${AFTER_CONCLUSION}`,
    {
      chair: yes,
      participant: when('owner', 'Forbidden'),
      'minute-taker': when('owner', 'Forbidden'),
      observer: forbidden,
    },
    { note: FOLLOW_UP },
  ),
  http(
    `PATCH /api/meetings/:id${AFTER_CONCLUSION}`,
    meetingHttp({ chair: no('409'), participant: no('403'), 'minute-taker': no('403'), observer: no('403') }),
  ),
  http(
    `POST /api/meetings/:id/members${AFTER_CONCLUSION}`,
    meetingHttp({ chair: yes, participant: no('403'), 'minute-taker': no('403'), observer: no('403') }),
    { stepUp: true, note: 'Someone may still be given access to a concluded record' },
  ),
  http(
    `POST /api/meetings/:id/family-members${AFTER_CONCLUSION}`,
    meetingHttp({ chair: no('409'), participant: no('403'), 'minute-taker': no('403'), observer: no('403') }),
    { stepUp: true, note: 'Those invited before keep access FAMILY_ACCESS_DAYS_AFTER_CONCLUSION days' },
  ),
  http(
    `PUT /api/meetings/:id/safety-plan/scores${AFTER_CONCLUSION}`,
    meetingHttp({ chair: no('409'), participant: no('409'), 'minute-taker': no('403'), observer: no('403') }),
  ),
  http(`POST /api/meetings/:id/apologies${AFTER_CONCLUSION}`, meetingHttp(allRoles(no('409'))), {
    note: 'The register is sealed with the record',
  }),
  http(
    `POST /api/meetings/:id/children${AFTER_CONCLUSION}`,
    meetingHttp({ chair: no('409'), participant: no('403'), 'minute-taker': no('403'), observer: no('403') }),
    { note: 'The children a meeting was about are part of its record' },
  ),
  http(
    `DELETE /api/meetings/:id/children/:childId${AFTER_CONCLUSION}`,
    meetingHttp({ chair: no('409'), participant: no('403'), 'minute-taker': no('403'), observer: no('403') }),
  ),
  // ---------------------------------------------------------------- the family view (docs/FAMILY.md)
  http('GET /api/meetings/:id/family-views', allMembers, { note: 'The family’s own words, with their names' }),
  http('GET /api/meetings/:id/family-attendance', allMembers),
  http('PUT /api/meetings/:id/family-attendance/:participantId', chairOnly, {
    note: 'A family member of the meeting; excluded from a part needs the part and the reason; not once concluded',
  }),
  http('GET /api/meetings/:id/safety-plan/signatures', allMembers, { note: 'Each current or not' }),
  ...FAMILY_VIEW_ROUTES.map((route) => http(route, familyOnly, { note: FAMILY_ONLY_NOTE })),
  // ---------------------------------------------------------------- circulation of the record (docs/CIRCULATION.md)
  http('GET /api/meetings/:id/circulation', chairOnly, {
    note: 'Recipients, the version each was sent, and whether they downloaded it',
  }),
  http('POST /api/meetings/:id/circulation', chairOnly, {
    stepUp: true,
    note: 'A concluded meeting with a sealed record (409 before); emails without case content',
  }),
  http('POST /api/record-links/open', everyone, {
    note: 'With the token of a non-member’s emailed link (no session): 404 unknown, 409 expired or used',
  }),
  http('POST /api/record-links/code', everyone, {
    note: 'Emails a one-time code to the link’s recipient (5 an hour; per-address limit 429)',
  }),
  http('POST /api/record-links/download', everyone, {
    note: 'With the link’s token and its code: the recipient’s version as PDF, once (a wrong, expired or used code 401; circulation.int-spec.ts)',
  }),
  // ---------------------------------------------------------------- Yjs /collab/<doc>
  ...documentEntries('record'),
  ...documentEntries('safety-plan'),
];

/** Renders one cell for the docs table. */
export function renderCell(cell: Cell): string {
  if (!cell.allowed) return `✗ ${cell.refusal}`;
  return cell.when ? `✓ ${cell.when} (else ✗ ${cell.otherwise})` : '✓';
}

/** The Markdown table of docs/SECURITY.md's "Role × action matrix", between its markers. */
export function renderMatrixTable(entries: readonly MatrixEntry[] = ACCESS_MATRIX): string {
  const header = ['Channel', 'Action', ...PRINCIPALS.map((p) => PRINCIPAL_LABELS[p]), SERVICE_ACCOUNT_LABEL, 'Notes'];
  const rows = entries.map((entry) => [
    entry.channel,
    `\`${entry.action}\``,
    ...PRINCIPALS.map((p) => renderCell(entry.cells[p])),
    renderCell(serviceAccountCell(entry)),
    [entry.stepUp ? 'Step-up.' : '', entry.note ? `${entry.note}.` : ''].filter(Boolean).join(' '),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const MATRIX_START = '<!-- access-matrix:start (generated from server/test/security/access-matrix.ts) -->';
export const MATRIX_END = '<!-- access-matrix:end -->';
