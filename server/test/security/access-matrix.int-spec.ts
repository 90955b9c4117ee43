import { createHash, generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { FGDM_STAGES } from '@roundtable/shared/fgdm';
import type { DocumentKind } from '@roundtable/shared/realtime';
import type { IssuedServiceTokenResponse } from '@roundtable/shared/integrations';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import type { ClientToServerEvents } from '@roundtable/shared/meeting-events';
import { generate } from 'otplib';
import { AuditCheckpointService } from '../../src/audit/trail/audit-checkpoint.service';
import { AuditTreeService } from '../../src/audit/trail/audit-tree.service';
import {
  cosign,
  parseNote,
  SIG_TYPE_COSIGNATURE_V1,
  signatureLine,
  verifierKey,
} from '../../src/audit/trail/signed-note';
import { describeOnOneDatabase } from '../support/each-database';
import { eventually } from '../support/eventually';
import { latestCodeFor } from '../support/family';
import { EventsClient } from '../support/meeting-events-client';
import { buildMeeting, buildUser, type TestApp, type TestUser } from '../support/test-app';
import {
  ACCESS_MATRIX,
  AFTER_CONCLUSION,
  baseAction,
  type Cell,
  FAMILY_PLAN_CONNECT,
  FAMILY_VIEW_ROUTES,
  type MatrixEntry,
  type Principal,
  PRINCIPALS,
  serviceAccountCell,
} from './access-matrix';
import {
  AUTH,
  awarenessFrame,
  editUpdate,
  frame,
  QUERY_AWARENESS,
  RawCollab,
  SYNC_STEP_1,
  SYNC_STEP_2,
  SYNC_UPDATE,
  syncFrame,
} from './raw-collab';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

/**
 * Every cell of the role × action matrix, performed against the running app
 * with real clients: HTTP with the person's cookie, a socket.io client on
 * /meetings, a raw y-websocket connection on /collab. A probe answers
 * 'allowed' or the refusal the client saw, and that must equal the cell.
 */

const METRICS_TOKEN = 'matrix-metrics-token-0123456789abcdef';
type Member = Exclude<Principal, 'anonymous'>;
const MEMBER_ROLES = ['participant', 'minute-taker', 'observer'] as const;

/** Everything the probes share: one account per principal, signed in, and meetings in each state. */
interface Scene {
  app: TestApp;
  users: Record<Member, TestUser>;
  cookies: Record<Member, string>;
  sockets: Partial<Record<Member, EventsClient>>;
  extraSocket?: EventsClient;
  /** A spare account, member of fresh meetings, target of membership changes. */
  extra: TestUser;
  live: MeetingDetail;
  concluded: MeetingDetail;
  /** A service account's token (every scope; the chair's organisation). */
  serviceToken: string;
  /** Set while a bearer probe runs: every `req` sends it (with no cookie: the anonymous caller's probe). */
  bearer?: string;
}

type Probe = (s: Scene, p: Principal) => Promise<string>;

const outcome = (res: { status: number }): string => (res.status < 400 ? 'allowed' : String(res.status));
const expected = (cell: Cell): string => (cell.allowed ? 'allowed' : cell.refusal);
const totp = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

function cookieOf(s: Scene, p: Principal): string | undefined {
  return p === 'anonymous' ? undefined : s.cookies[p];
}

function req(s: Scene, p: Principal, method: string, path: string, body?: unknown) {
  const headers = s.bearer ? { authorization: `Bearer ${s.bearer}` } : undefined;
  return s.app.request(method, path, { cookie: cookieOf(s, p), body, headers });
}

/** The size of a signed checkpoint of the audit trail's Merkle tree (signing one now if none is newer). */
async function signedCheckpointSize(s: Scene): Promise<number> {
  await s.app.get(AuditCheckpointService).checkpointNow();
  const latest = await s.app.get(AuditTreeService).latestCheckpoint();
  if (!latest) throw new Error('no signed checkpoint');
  return latest.treeSize;
}

async function httpProbe(s: Scene, p: Principal, method: string, path: string, body?: unknown): Promise<string> {
  return unchangedWhenRefused(s, async () => outcome(await req(s, p, method, path, body)));
}

/**
 * The domain tables whose every row a refused action must leave as it was.
 * Not the audit trail (refusals are audited), sessions, sign-in throttles,
 * presence periods, collab updates (checked on their own) or sealed records
 * (written in the background after a conclusion).
 */
const DOMAIN_TABLES = [
  'account_invitations',
  'legal_holds',
  'action_changes',
  'actions',
  'agency_views',
  'children',
  'child_retention_statuses',
  'compartments',
  'decision_children',
  'decisions',
  'dissents',
  'escalation_steps',
  'escalations',
  'household_members',
  'la_decisions',
  'agency_reports',
  'child_protection_plans',
  'conference_outcomes',
  'meeting_addenda',
  'meeting_apologies',
  'meeting_child_removals',
  'meeting_children',
  'meeting_members',
  'meeting_parts',
  'notification_preferences',
  'family_participants',
  'family_plan_presentations',
  'family_plan_responses',
  'fgdm_bottom_lines',
  'fgdm_stage_entries',
  'fgdm_support_item_withdrawals',
  'fgdm_support_items',
  'meetings',
  'plan_versions',
  'record_circulations',
  'record_recipients',
  'protected_person_shares',
  'protected_persons',
  'safety_plan_scores',
  'family_views',
  'family_attendance',
  'safety_plan_signatures',
  'sharing_decisions',
  'user_identities',
  'webhook_subscriptions',
  'subject_access_requests',
  'subject_access_redactions',
  'subject_access_exports',
  'user_mfa',
  'users',
];

/**
 * Counts committed changes to the domain tables: a row trigger on each (and a statement trigger for
 * TRUNCATE) adds a row to a log in the writer's own transaction, so a change rolled back leaves no
 * trace and the highest id seen is the fingerprint. One index lookup per read, where hashing every
 * row of every table grew with the hundreds of meetings the probes create and took most of the run.
 * Stricter than comparing contents: a committed UPDATE that rewrote a row with the same values counts.
 */
async function installChangeLog(app: TestApp): Promise<void> {
  await app.dataSource.query(`CREATE TABLE matrix_domain_changes (id bigserial PRIMARY KEY)`);
  await app.dataSource.query(
    `CREATE FUNCTION matrix_log_domain_change() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN INSERT INTO matrix_domain_changes DEFAULT VALUES; RETURN NULL; END $$`,
  );
  for (const table of DOMAIN_TABLES) {
    await app.dataSource.query(
      `CREATE TRIGGER matrix_log_change AFTER INSERT OR UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION matrix_log_domain_change()`,
    );
    await app.dataSource.query(
      `CREATE TRIGGER matrix_log_truncate AFTER TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION matrix_log_domain_change()`,
    );
  }
}

async function fingerprint(s: Scene): Promise<string> {
  const [row] = (await s.app.dataSource.query(`SELECT coalesce(max(id), 0)::text AS f FROM matrix_domain_changes`)) as {
    f: string;
  }[];
  return row!.f;
}

/** Runs the action; when it was refused, nothing in the domain tables may have changed. */
async function unchangedWhenRefused(s: Scene, run: () => Promise<string>): Promise<string> {
  const before = await fingerprint(s);
  const result = await run();
  if (result !== 'allowed' && (await fingerprint(s)) !== before) return `${result}, but data changed`;
  return result;
}

/** A meeting request with its own reference: generated ones (4 hex digits a day) collide across hundreds of meetings. */
const uniqueMeeting = () => buildMeeting({ reference: `MATRIX-${randomUUID().slice(0, 8)}` });

/** A new meeting chaired by the chair with a member in each other role (and the spare account as a participant). */
async function newMeeting(
  s: Scene,
  status: 'scheduled' | 'live' | 'concluded' = 'scheduled',
  overrides: Record<string, unknown> = {},
): Promise<MeetingDetail> {
  const chair = s.cookies.chair;
  const created = await s.app.request('POST', '/api/meetings', {
    cookie: chair,
    body: { ...uniqueMeeting(), ...overrides },
  });
  if (created.status !== 201) throw new Error(`create meeting: ${created.status} ${JSON.stringify(created.body)}`);
  let meeting = created.body as MeetingDetail;
  const members: [TestUser, string][] = [
    ...MEMBER_ROLES.map((role): [TestUser, string] => [s.users[role], role]),
    [s.extra, 'participant'],
  ];
  for (const [user, role] of members) {
    const added = await s.app.request('POST', `/api/meetings/${meeting.id}/members`, {
      cookie: chair,
      body: { email: user.email, role },
    });
    if (added.status !== 201) throw new Error(`add member: ${added.status} ${JSON.stringify(added.body)}`);
    meeting = added.body as MeetingDetail;
  }
  if (status !== 'scheduled') await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/start`);
  if (status === 'concluded') await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/conclude`, { notReached: [] });
  return meeting;
}

/** One live conference (and one with a plan) the read-only and repeatable probes share. */
const sceneConferences = new WeakMap<Scene, { plain?: Promise<MeetingDetail>; plan?: Promise<MeetingDetail> }>();
function sceneConference(s: Scene): Promise<MeetingDetail> {
  const cached = sceneConferences.get(s) ?? {};
  sceneConferences.set(s, cached);
  return (cached.plain ??= newConference(s));
}
function scenePlan(s: Scene): Promise<MeetingDetail> {
  const cached = sceneConferences.get(s) ?? {};
  sceneConferences.set(s, cached);
  return (cached.plan ??= newConference(s, { plan: true }));
}

/**
 * A live initial child protection conference, convened from a live strategy
 * discussion whose decision started section 47 enquiries, with the same cast
 * (docs/PATHWAY.md); with `plan`, the chair has recorded a plan for its child
 * (the participant leads it).
 */
async function newConference(s: Scene, options: { plan?: boolean } = {}): Promise<MeetingDetail> {
  const discussion = await newMeeting(s, 'live');
  const decision = await chairOk<Decision>(s, 'decision:open', {
    meetingId: discussion.id,
    childIds: [discussion.children[0]!.id],
  });
  await chairOk(s, 'la-decision:record', {
    meetingId: discussion.id,
    decisionId: decision.id,
    chosenOptions: ['s47-joint'],
    reasons: 'Joint enquiry',
  });
  const conference = await newMeeting(s, 'live', {
    type: 'icpc',
    precededByMeetingId: discussion.id,
    children: [{ childId: discussion.children[0]!.childId }],
  });
  if (options.plan)
    await mustSucceed(s, 'POST', `/api/meetings/${conference.id}/children/${conference.children[0]!.childId}/outcome`, {
      outcome: 'child-protection-plan',
      categories: ['neglect'],
      leadProfessionalUserId: s.users.participant.user.id,
      coreGroupUserIds: [s.users.participant.user.id],
      reasons: 'Likely to suffer significant harm',
    });
  return conference;
}

async function mustSucceed(s: Scene, method: string, path: string, body?: unknown, cookie = s.cookies.chair) {
  const res = await s.app.request(method, path, { cookie, body });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A family member to invite, with an address of their own. */
const familyInvite = () => ({
  displayName: 'Matrix Family',
  email: `family-${randomUUID().slice(0, 8)}@example.org`,
  relationship: 'parent',
});

/** Someone who is not a member, sent the record without restricted information. */
const nonMemberRecipient = () => ({
  name: 'Matrix GP',
  email: `gp-${randomUUID().slice(0, 8)}@example.org`,
  organisation: 'GP',
  variant: 'shared',
});

/** The token of a fresh non-member's link to the concluded meeting's record, read from their email. */
async function recordLink(s: Scene, recipient = nonMemberRecipient()): Promise<string> {
  await mustSucceed(s, 'POST', `/api/meetings/${s.concluded.id}/circulation`, { nonMembers: [recipient] });
  const [mail] = (await s.app.dataSource.query(
    `SELECT body_text FROM mail_outbox WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1`,
    [recipient.email],
  )) as { body_text: string }[];
  return /#([A-Za-z0-9_-]{43})\s*$/m.exec(mail!.body_text)![1]!;
}

/** A meeting of its own for planted invitations (its chair is no principal, so every principal can join it once). */
const invitationMeetings = new WeakMap<Scene, Promise<string>>();
function invitationMeeting(s: Scene): Promise<string> {
  const cached =
    invitationMeetings.get(s) ??
    s.app
      .createUser()
      .then((host) => s.app.createMeeting(host))
      .then(({ meeting }) => meeting.id);
  invitationMeetings.set(s, cached);
  return cached;
}

/**
 * An open invitation without an account to that meeting, written straight into
 * the table (the invite route refuses an address that has an account, and the
 * signed-in acceptance needs one): its link's token.
 */
async function plantInvitation(s: Scene, email: string): Promise<string> {
  const meetingId = await invitationMeeting(s);
  const token = randomBytes(32).toString('base64url');
  await s.app.dataSource.query(
    `INSERT INTO account_invitations (meeting_id, email, role, agency, token_hash, invited_by, expires_at)
     SELECT $1, $2, 'observer', 'health', $3, created_by, now() + interval '1 day' FROM meetings WHERE id = $1`,
    [meetingId, email.toLowerCase(), createHash('sha256').update(token).digest()],
  );
  return token;
}

/** The principal's own account id (the spare account stands in for the anonymous caller). */
const SERVICE_ACCOUNT = {
  name: 'Matrix case system',
  agency: 'childrens-social-care',
  organisation: 'Matrix County Council',
  scopes: ['records:read', 'webhooks:receive', 'audit:witness'],
};

const MATRIX_WITNESS = 'matrix.example-witness';

/** A witness key registered (by the administrator) for the service account; returns its id and private key. */
async function registeredWitness(s: Scene, serviceAccountId: string): Promise<{ id: string; privateKey: KeyObject }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const witness = (await mustSucceed(
    s,
    'POST',
    '/api/admin/witnesses',
    {
      name: MATRIX_WITNESS,
      agency: SERVICE_ACCOUNT.agency,
      serviceAccountId,
      publicKey: verifierKey(MATRIX_WITNESS, publicKey, SIG_TYPE_COSIGNATURE_V1),
    },
    s.cookies.admin,
  )) as { id: string };
  return { id: witness.id, privateKey };
}

/**
 * A cosignature submission: valid (a witness registered for the bearer's
 * account cosigning the latest checkpoint) when the probe runs with a token
 * that has audit:witness; otherwise well-formed but never checked.
 */
async function cosignatureBody(s: Scene): Promise<{ checkpoint: string; cosignature: string }> {
  await signedCheckpointSize(s);
  const latest = await s.app.get(AuditTreeService).latestCheckpoint();
  const text = parseNote(latest!.note).text;
  const [account] = s.bearer
    ? ((await s.app.dataSource.query(
        `SELECT sa.user_id AS id, 'audit:witness' = ANY(sa.scopes) AS witness FROM service_account_tokens t
           JOIN service_accounts sa ON sa.user_id = t.service_account_id WHERE t.token_hash = $1`,
        [createHash('sha256').update(s.bearer).digest()],
      )) as { id: string; witness: boolean }[])
    : [];
  const privateKey = account?.witness
    ? (await registeredWitness(s, account.id)).privateKey
    : generateKeyPairSync('ed25519').privateKey;
  return { checkpoint: latest!.note, cosignature: signatureLine(cosign(text, MATRIX_WITNESS, privateKey)).trimEnd() };
}

/** A new service account (and its first token), made by the administrator. */
async function serviceAccount(s: Scene): Promise<IssuedServiceTokenResponse> {
  return (await mustSucceed(
    s,
    'POST',
    '/api/admin/service-accounts',
    SERVICE_ACCOUNT,
    s.cookies.admin,
  )) as IssuedServiceTokenResponse;
}

/** Waits until the concluded meeting's version 1 (and its JSON exports) is sealed. */
async function sealedExport(s: Scene): Promise<void> {
  await eventually(async () => {
    const rows = (await s.app.dataSource.query(`SELECT 1 FROM sealed_record_exports WHERE meeting_id = $1`, [
      s.concluded.id,
    ])) as unknown[];
    expect(rows.length).toBeGreaterThan(0);
  }, 30_000);
}

/** The bearer token's answer to an action: its anonymous probe, with the token. */
async function bearerProbe(s: Scene, action: string, token = s.serviceToken): Promise<string> {
  const probe = PROBES[action];
  if (!probe) throw new Error(`no probe for ${action}`);
  s.bearer = token;
  try {
    return await probe(s, 'anonymous');
  } finally {
    s.bearer = undefined;
  }
}

/** A token of a new service account without audit:witness. */
async function tokenWithoutWitnessScope(s: Scene): Promise<string> {
  return (
    (await mustSucceed(
      s,
      'POST',
      '/api/admin/service-accounts',
      { ...SERVICE_ACCOUNT, scopes: ['records:read'] },
      s.cookies.admin,
    )) as IssuedServiceTokenResponse
  ).token;
}

/** The service-account cells allowed on a condition, each probed with the condition broken. */
const SERVICE_CONDITION_BROKEN: Record<string, (s: Scene) => Promise<string>> = {
  'GET /api/audit/witness/checkpoint': async (s) =>
    bearerProbe(s, 'GET /api/audit/witness/checkpoint', await tokenWithoutWitnessScope(s)),
  'GET /api/audit/witness/consistency': async (s) =>
    bearerProbe(s, 'GET /api/audit/witness/consistency', await tokenWithoutWitnessScope(s)),
  'POST /api/audit/witness/cosignatures': async (s) =>
    bearerProbe(s, 'POST /api/audit/witness/cosignatures', await tokenWithoutWitnessScope(s)),
  'GET /api/integrations/records': async (s) => {
    const hooksOnly = (await mustSucceed(
      s,
      'POST',
      '/api/admin/service-accounts',
      { ...SERVICE_ACCOUNT, scopes: ['webhooks:receive'] },
      s.cookies.admin,
    )) as IssuedServiceTokenResponse;
    return bearerProbe(s, 'GET /api/integrations/records', hooksOnly.token);
  },
  'GET /api/integrations/records/:meetingId/versions/:version': async (s) => {
    const elsewhere = (await mustSucceed(
      s,
      'POST',
      '/api/admin/service-accounts',
      { ...SERVICE_ACCOUNT, organisation: 'Another County Council' },
      s.cookies.admin,
    )) as IssuedServiceTokenResponse;
    return bearerProbe(s, 'GET /api/integrations/records/:meetingId/versions/:version', elsewhere.token);
  },
};

/** A webhook subscription (of a new service account), made by the administrator; receives only action.overdue. */
async function webhookSubscription(s: Scene): Promise<{ id: string }> {
  const account = await serviceAccount(s);
  const created = (await mustSucceed(
    s,
    'POST',
    '/api/admin/webhooks',
    {
      serviceAccountId: account.serviceAccount.id,
      name: 'Matrix receiver',
      url: 'https://receiver.invalid/hooks',
      eventTypes: ['action.overdue'],
    },
    s.cookies.admin,
  )) as { subscription: { id: string } };
  return created.subscription;
}

/**
 * A subject access request about the live meeting's first child, opened by the spare account (so the
 * administrator may sign it off); signed off by the administrator when asked.
 */
async function subjectAccessRequest(s: Scene, signedOff = false): Promise<{ id: string; childId: string }> {
  const childId = s.live.children[0]!.childId;
  const [row] = (await s.app.dataSource.query(
    `INSERT INTO subject_access_requests (reference, subject_kind, child_id, opened_by, audit_cutoff_seq)
     VALUES ('SAR-MATRIX', 'child', $1, $2, (SELECT coalesce(max(seq), 0) FROM audit_events)) RETURNING id`,
    [childId, s.extra.user.id],
  )) as { id: string }[];
  if (signedOff)
    await mustSucceed(s, 'POST', `/api/admin/subject-access/${row!.id}/sign-off`, undefined, s.cookies.admin);
  return { id: row!.id, childId };
}

/** A delivery of a new subscription, as the dispatcher would have left it (its job already sent). */
async function webhookDelivery(s: Scene): Promise<string> {
  const subscription = await webhookSubscription(s);
  const [row] = (await s.app.dataSource.query(
    `INSERT INTO webhook_deliveries (subscription_id, event_type, event_key, body, job_sent_at)
     VALUES ($1, 'action.overdue', $2, '{}', now()) RETURNING id`,
    [subscription.id, `matrix:${randomUUID()}`],
  )) as { id: string }[];
  return row!.id;
}

/** Lifts (directly) any hold in force on the meeting, so a probe can place one. */
async function liftHoldsOn(s: Scene, meetingId: string): Promise<void> {
  await s.app.dataSource.query(
    `UPDATE legal_holds SET lifted_at = now(), lifted_by = placed_by, lift_reason = 'Matrix probe: reset'
      WHERE subject_type = 'meeting' AND subject_id = $1 AND lifted_at IS NULL`,
    [meetingId],
  );
}

/** A hold in force on the live meeting, as the administrator would have placed it. */
async function legalHold(s: Scene): Promise<string> {
  await liftHoldsOn(s, s.live.id);
  const [row] = (await s.app.dataSource.query(
    `INSERT INTO legal_holds (subject_type, subject_id, reason, placed_by, placed_at)
     VALUES ('meeting', $1, 'Matrix probe: records asked for by the court', $2, now()) RETURNING id`,
    [s.live.id, s.users.admin.user.id],
  )) as { id: string }[];
  return row!.id;
}

/** Test seeding: removes the live child's retention marks (append-only, so with the triggers off), so each probe can make one. */
async function clearChildStatuses(s: Scene): Promise<void> {
  await s.app.dataSource.transaction(async (m) => {
    await m.query(`SET LOCAL session_replication_role = replica`);
    await m.query(`DELETE FROM child_retention_statuses WHERE child_id = $1`, [s.live.children[0]!.childId]);
  });
}

function userOf(s: Scene, p: Principal): TestUser {
  return p === 'anonymous' ? s.extra : s.users[p];
}

// ---------------------------------------------------------------- socket.io

async function socketOf(s: Scene, p: Principal): Promise<EventsClient | string> {
  if (p === 'anonymous') {
    try {
      const client = await EventsClient.connect(s.app.url);
      client.close();
      return 'allowed';
    } catch {
      return 'connect refused';
    }
  }
  s.sockets[p] ??= await EventsClient.connect(s.app.url, { cookie: s.cookies[p] });
  return s.sockets[p];
}

async function emit(s: Scene, p: Principal, event: keyof ClientToServerEvents, payload: unknown): Promise<string> {
  const client = await socketOf(s, p);
  if (typeof client === 'string') return client;
  return unchangedWhenRefused(s, async () => {
    const ack = await emitPaced(client, event, payload);
    return ack.ok ? 'allowed' : ack.error.code;
  });
}

/**
 * Emits like a well-behaved client: the fixtures send far more events per
 * second than a person does, so on RateLimited (nothing was applied) it waits
 * and sends again, as the message asks.
 */
async function emitPaced(client: EventsClient, event: keyof ClientToServerEvents, payload: unknown) {
  for (let attempt = 1; ; attempt++) {
    const ack = await client.emit(event, payload);
    if (ack.ok || ack.error.code !== 'RateLimited' || attempt === 20) return ack;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function chairOk<T>(s: Scene, event: keyof ClientToServerEvents, payload: unknown, p: Principal = 'chair') {
  const client = (await socketOf(s, p)) as EventsClient;
  const ack = await emitPaced(client, event, payload);
  if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data as T;
}

interface Decision {
  id: string;
  laDecisions: { id: string }[];
  currentViews: { id: string }[];
  dissents: { id: string }[];
}

const VIEW = { harm: 'yes', recommendedOption: 's47-joint', reasons: 'Bruising consistent with the account.' };
const LA = { chosenOptions: ['s47-joint'], reasons: 'Joint enquiry: police and children’s social care.' };

async function openDecision(s: Scene): Promise<Decision> {
  return chairOk<Decision>(s, 'decision:open', { meetingId: s.live.id, childIds: [s.live.children[0]!.id] });
}

/** An open decision with a view each from the chair and the participant, closed and decided by the chair. */
async function decided(s: Scene): Promise<Decision> {
  const opened = await openDecision(s);
  const ref = { meetingId: s.live.id, decisionId: opened.id };
  await chairOk(s, 'view:record', { ...ref, ...VIEW });
  await chairOk(s, 'view:record', { ...ref, ...VIEW, recommendedOption: 'nfa' }, 'participant');
  await chairOk(s, 'decision:close', ref);
  return chairOk<Decision>(s, 'la-decision:record', { ...ref, ...LA });
}

/** A decided decision the participant (police) dissents from. */
async function dissented(s: Scene): Promise<{ dissentId: string }> {
  const decision = await decided(s);
  const after = await chairOk<Decision>(
    s,
    'dissent:record',
    {
      meetingId: s.live.id,
      decisionId: decision.id,
      part: 'options',
      reasons: 'Police would lead a single-agency enquiry.',
    },
    'participant',
  );
  return { dissentId: after.dissents.at(-1)!.id };
}

/** An action created by `creator` and owned by `owner` (both members who may create actions). */
async function action(s: Scene, creator: Principal, owner: Principal): Promise<string> {
  const ownerUser = userOf(s, owner);
  const created = await chairOk<{ id: string }>(
    s,
    'action:create',
    {
      meetingId: s.live.id,
      description: 'Arrange a child protection medical',
      ownerUserId: ownerUser.user.id,
      ownerAgency: ownerUser.user.agency,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
    creator,
  );
  return created.id;
}

/** Whoever of the principal may hold an entry of their own: themselves if they can, else the participant. */
const actor = (p: Principal, can: readonly Principal[]): Principal => (can.includes(p) ? p : 'participant');

// ---------------------------------------------------------------- Yjs

async function yjsProbe(s: Scene, p: Principal, kind: DocumentKind, action: string): Promise<string> {
  const meeting = action === 'update after conclusion' ? s.concluded : s.live;
  const opened = await RawCollab.open(s.app.url, cookieOf(s, p), meeting.id, kind);
  if (typeof opened === 'string') return opened;
  const client = opened;
  // The chair watches the document: what reaches it is what the server stored and relayed.
  const watcher = (await RawCollab.open(s.app.url, s.cookies.chair, meeting.id, kind)) as RawCollab;
  try {
    // Wait for the server's opening sync step 1 so our later messages follow the handshake.
    await client.until(() => client.frames.length > 0);
    await watcher.until(() => watcher.frames.length > 0);
    switch (action) {
      case 'connect':
        return 'allowed';
      case 'sync step 1': {
        const before = client.frames.length;
        client.send(syncFrame(SYNC_STEP_1, Y.encodeStateVector(new Y.Doc())));
        await client.until(() => client.frames.slice(before).some((f) => f[0] === 0 && f[1] === SYNC_STEP_2));
        return 'allowed';
      }
      case 'sync step 2':
      case 'update':
      case 'update after conclusion': {
        const marker = `matrix ${randomUUID()}`;
        client.send(syncFrame(action === 'sync step 2' ? SYNC_STEP_2 : SYNC_UPDATE, editUpdate(marker)));
        await Promise.race([
          watcher.until(() => watcher.text().includes(marker)),
          client.until(() => client.denied.length > 0 || client.closeCode !== null),
        ]);
        if (client.closeCode !== null) return `close ${client.closeCode}`;
        if (client.denied.length > 0) {
          // Denied means nothing stored: a new connection's sync does not have it either.
          const fresh = (await RawCollab.open(s.app.url, s.cookies.chair, meeting.id, kind)) as RawCollab;
          try {
            fresh.send(syncFrame(SYNC_STEP_1, Y.encodeStateVector(new Y.Doc())));
            await fresh.until(() => fresh.frames.some((f) => f[0] === 0 && f[1] === SYNC_STEP_2));
            if (fresh.text().includes(marker) || watcher.text().includes(marker)) return 'stored despite refusal';
          } finally {
            fresh.close();
          }
          return 'permission denied';
        }
        return 'allowed';
      }
      case 'awareness': {
        client.send(awarenessFrame(client.doc.clientID, 1, { user: { name: 'Anyone' } }));
        await Promise.race([
          watcher.until(() => watcher.awarenessClients.has(client.doc.clientID)),
          client.until(() => client.closeCode !== null),
        ]);
        return client.closeCode !== null ? `close ${client.closeCode}` : 'allowed';
      }
      case 'query-awareness': {
        watcher.send(awarenessFrame(watcher.doc.clientID, 1, { user: { name: 'Chair' } }));
        await eventually(() => expect(client.awarenessClients.has(watcher.doc.clientID)).toBe(true));
        client.awarenessClients.clear();
        client.send(frame((e) => encoding.writeVarUint(e, QUERY_AWARENESS)));
        await client.until(() => client.awarenessClients.has(watcher.doc.clientID) || client.closeCode !== null);
        return client.closeCode !== null ? `close ${client.closeCode}` : 'allowed';
      }
      case 'auth': {
        client.send(
          frame((e) => {
            encoding.writeVarUint(e, AUTH);
            encoding.writeVarUint(e, 0);
            encoding.writeVarString(e, 'let me in');
          }),
        );
        await client.until(() => client.closeCode !== null);
        return `close ${client.closeCode}`;
      }
    }
    throw new Error(`no Yjs probe for ${action}`);
  } finally {
    client.close();
    watcher.close();
  }
}

// ---------------------------------------------------------------- MFA on the principal's own account

/** Enrols the account behind `cookie` in MFA; returns the secret. */
async function enrol(s: Scene, cookie: string): Promise<string> {
  const started = await s.app.request('POST', '/api/auth/mfa/enrol', { cookie });
  if (started.status !== 200) throw new Error(`enrol: ${started.status}`);
  const secret = started.body.secret as string;
  await mustSucceed(s, 'POST', '/api/auth/mfa/enrol/confirm', { code: await totp(secret, -1) }, cookie);
  return secret;
}

async function mfaProbe(s: Scene, p: Principal, route: string): Promise<string> {
  if (p === 'anonymous')
    return httpProbe(s, p, 'POST', route, route.endsWith('confirm') ? { code: '123456' } : undefined);
  const cookie = s.cookies[p];
  try {
    if (route.endsWith('/enrol')) return outcome(await s.app.request('POST', route, { cookie }));
    if (route.endsWith('/confirm')) {
      const started = await s.app.request('POST', '/api/auth/mfa/enrol', { cookie });
      return outcome(
        await s.app.request('POST', route, { cookie, body: { code: await totp(started.body.secret as string, -1) } }),
      );
    }
    await enrol(s, cookie);
    return outcome(await s.app.request('POST', route, { cookie }));
  } finally {
    // Leave the account as it was: MFA off (204 or 409 when it was never confirmed).
    await s.app.request('POST', '/api/auth/mfa/disable', { cookie });
  }
}

// ---------------------------------------------------------------- every probe, by action

const PROBES: Record<string, Probe> = {
  'POST /api/auth/login': async (s, p) => {
    const user = userOf(s, p);
    return httpProbe(s, p, 'POST', '/api/auth/login', { email: user.email, password: user.password });
  },
  'POST /api/auth/logout': async (s, p) => {
    // A session of its own, so the scene's cookie stays signed in.
    const cookie = p === 'anonymous' ? undefined : await s.app.signIn(s.users[p]);
    return outcome(await s.app.request('POST', '/api/auth/logout', { cookie }));
  },
  'GET /api/me': (s, p) => httpProbe(s, p, 'GET', '/api/me'),
  'GET /api/auth/step-up': (s, p) => httpProbe(s, p, 'GET', '/api/auth/step-up'),
  'POST /api/auth/step-up': (s, p) => httpProbe(s, p, 'POST', '/api/auth/step-up', { password: userOf(s, p).password }),
  'POST /api/auth/mfa/verify': async (s, p) => {
    // The second sign-in step: the caller's own account (the spare one for the anonymous caller).
    const user = userOf(s, p);
    const cookie = await s.app.signIn(user);
    const secret = await enrol(s, cookie);
    try {
      const first = await s.app.request('POST', '/api/auth/login', {
        body: { email: user.email, password: user.password },
      });
      const pending = (first.headers.get('set-cookie') ?? '').split(';')[0];
      return outcome(
        await s.app.request('POST', '/api/auth/mfa/verify', { cookie: pending, body: { code: await totp(secret) } }),
      );
    } finally {
      await s.app.request('POST', '/api/auth/mfa/disable', { cookie });
    }
  },
  'GET /api/auth/mfa': (s, p) => httpProbe(s, p, 'GET', '/api/auth/mfa'),
  'POST /api/auth/mfa/enrol': (s, p) => mfaProbe(s, p, '/api/auth/mfa/enrol'),
  'POST /api/auth/mfa/enrol/confirm': (s, p) => mfaProbe(s, p, '/api/auth/mfa/enrol/confirm'),
  'POST /api/auth/mfa/recovery-codes': (s, p) => mfaProbe(s, p, '/api/auth/mfa/recovery-codes'),
  'POST /api/auth/mfa/disable': (s, p) => mfaProbe(s, p, '/api/auth/mfa/disable'),
  'GET /api/auth/oidc/step-up-options': (s, p) => httpProbe(s, p, 'GET', '/api/auth/oidc/step-up-options'),
  'GET /api/auth/oidc/providers': (s, p) => httpProbe(s, p, 'GET', '/api/auth/oidc/providers'),
  'GET /api/auth/oidc/:provider/start': (s, p) => httpProbe(s, p, 'GET', '/api/auth/oidc/nowhere/start'),
  'GET /api/auth/oidc/:provider/callback': (s, p) => httpProbe(s, p, 'GET', '/api/auth/oidc/nowhere/callback'),
  'GET /api/health': (s, p) => httpProbe(s, p, 'GET', '/api/health'),
  'GET /api/metrics': async (s, p) =>
    outcome(
      await s.app.request('GET', '/api/metrics', {
        cookie: cookieOf(s, p),
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      }),
    ),
  'GET /api/docs-json': (s, p) => httpProbe(s, p, 'GET', '/api/docs-json'),
  'GET /api/docs': (s, p) => httpProbe(s, p, 'GET', '/api/docs'),
  'GET /api/docs-yaml': (s, p) => httpProbe(s, p, 'GET', '/api/docs-yaml'),
  'ALL /api': (s, p) => httpProbe(s, p, 'POST', '/api'),
  'GET /api/dashboard': (s, p) => httpProbe(s, p, 'GET', '/api/dashboard'),
  'GET /api/actions/mine': (s, p) => httpProbe(s, p, 'GET', '/api/actions/mine'),
  'GET /api/document-templates': (s, p) => httpProbe(s, p, 'GET', '/api/document-templates'),
  'GET /api/decision-templates': (s, p) => httpProbe(s, p, 'GET', '/api/decision-templates'),
  'GET /api/meetings': (s, p) => httpProbe(s, p, 'GET', '/api/meetings'),
  'POST /api/meetings': (s, p) => httpProbe(s, p, 'POST', '/api/meetings', uniqueMeeting()),
  'GET /api/meetings/:id': (s, p) => httpProbe(s, p, 'GET', `/api/meetings/${s.live.id}`),
  'PATCH /api/meetings/:id': (s, p) =>
    httpProbe(s, p, 'PATCH', `/api/meetings/${s.live.id}`, { reason: `Changed by the ${p}` }),
  'POST /api/meetings/:id/members': async (s, p) => {
    const meeting = await newMeeting(s);
    const outsider = s.users['non-member'];
    return httpProbe(s, p, 'POST', `/api/meetings/${meeting.id}/members`, { email: outsider.email, role: 'observer' });
  },
  'PATCH /api/meetings/:id/members/:userId': async (s, p) => {
    const meeting = await newMeeting(s);
    return httpProbe(s, p, 'PATCH', `/api/meetings/${meeting.id}/members/${s.extra.user.id}`, { role: 'observer' });
  },
  'DELETE /api/meetings/:id/members/:userId': async (s, p) => {
    const meeting = await newMeeting(s);
    return httpProbe(s, p, 'DELETE', `/api/meetings/${meeting.id}/members/${s.extra.user.id}`);
  },
  'POST /api/meetings/:id/start': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${(await newMeeting(s)).id}/start`),
  'POST /api/meetings/:id/conclude': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${(await newMeeting(s, 'live')).id}/conclude`, { notReached: [] }),
  'PUT /api/meetings/:id/review-date': (s, p) =>
    httpProbe(s, p, 'PUT', `/api/meetings/${s.concluded.id}/review-date`, { reviewDate: '2027-01-15' }),
  'POST /api/meetings/:id/review': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${(await newMeeting(s, 'concluded')).id}/review`, {}),
  'GET /api/meetings/:id/attendance': (s, p) => httpProbe(s, p, 'GET', `/api/meetings/${s.live.id}/attendance`),
  'POST /api/meetings/:id/apologies': async (s, p) => {
    const meeting = await newMeeting(s);
    // The chair sends the spare member's apologies; everyone else their own.
    const userId = p === 'chair' ? s.extra.user.id : userOf(s, p).user.id;
    return httpProbe(s, p, 'POST', `/api/meetings/${meeting.id}/apologies`, { userId, reason: 'On leave' });
  },
  'GET /api/meetings/:id/safety-plan/scores': (s, p) =>
    httpProbe(s, p, 'GET', `/api/meetings/${s.live.id}/safety-plan/scores`),
  'PUT /api/meetings/:id/safety-plan/scores': (s, p) =>
    httpProbe(s, p, 'PUT', `/api/meetings/${s.live.id}/safety-plan/scores`, { score: 4 }),
  'POST /api/collab/tickets': (s, p) =>
    httpProbe(s, p, 'POST', '/api/collab/tickets', { meetingId: s.live.id, kind: 'safety-plan' }),
  'GET /api/meetings/:id/addenda': (s, p) => httpProbe(s, p, 'GET', `/api/meetings/${s.concluded.id}/addenda`),
  'POST /api/meetings/:id/addenda': (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${s.concluded.id}/addenda`, {
      sectionKey: 'whole-record',
      text: 'The medical took place the next morning.',
    }),
  'POST /api/meetings/:id/addenda/:addendumId/sign-off': async (s, p) => {
    const added = await mustSucceed(
      s,
      'POST',
      `/api/meetings/${s.concluded.id}/addenda`,
      { sectionKey: 'whole-record', text: 'A later note.' },
      s.cookies.participant,
    );
    return httpProbe(s, p, 'POST', `/api/meetings/${s.concluded.id}/addenda/${added.id}/sign-off`);
  },
  'GET /api/meetings/:id/records': (s, p) => httpProbe(s, p, 'GET', `/api/meetings/${s.concluded.id}/records`),
  'GET /api/meetings/:id/records/:version/:file': async (s, p) => {
    const listed = await eventually(async () => {
      const res = await s.app.request('GET', `/api/meetings/${s.concluded.id}/records`, { cookie: s.cookies.chair });
      expect(res.body.versions?.length).toBeGreaterThan(0);
      return res.body.versions[0] as { files: { href: string; variant: string }[] };
    }, 30_000);
    // The family version: every member but an observer may download it.
    return httpProbe(s, p, 'GET', listed.files.find((f) => f.variant === 'family')!.href);
  },
  'POST /api/meetings/:id/children': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${(await newMeeting(s)).id}/children`, { name: 'Alfie Testcase' }),
  'DELETE /api/meetings/:id/children/:childId': async (s, p) => {
    const meeting = await newMeeting(s);
    const added = (await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/children`, {
      name: 'Alfie Testcase',
    })) as MeetingDetail;
    return httpProbe(s, p, 'DELETE', `/api/meetings/${meeting.id}/children/${added.children.at(-1)!.childId}`);
  },
  'GET /api/children': (s, p) => httpProbe(s, p, 'GET', '/api/children?caseSystemId=CS-MATRIX-1'),
  'GET /api/children/:id': (s, p) => httpProbe(s, p, 'GET', `/api/children/${s.live.children[0]!.childId}`),
  'PATCH /api/children/:id': async (s, p) =>
    httpProbe(s, p, 'PATCH', `/api/children/${(await newMeeting(s)).children[0]!.childId}`, {
      dateOfBirth: '2021-11-15',
    }),
  'PUT /api/children/:id/household': async (s, p) =>
    httpProbe(s, p, 'PUT', `/api/children/${(await newMeeting(s)).children[0]!.childId}/household`, {
      members: [{ name: 'Jo Testcase', relationship: 'Mother', parentalResponsibility: true }],
    }),
  'PUT /api/children/:id/lcpp': async (s, p) =>
    httpProbe(s, p, 'PUT', `/api/children/${(await newMeeting(s)).children[0]!.childId}/lcpp`, {
      userId: s.users.chair.user.id,
    }),
  'GET /api/caseload': (s, p) => httpProbe(s, p, 'GET', '/api/caseload'),
  'GET /api/meeting-types': (s, p) => httpProbe(s, p, 'GET', '/api/meeting-types'),
  'GET /api/meetings/:id/reports': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/meetings/${(await sceneConference(s)).id}/reports`),
  'POST /api/meetings/:id/reports': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${(await sceneConference(s)).id}/reports`, {
      text: 'Our agency report',
      sharedWithParents: true,
    }),
  'PUT /api/meetings/:id/reports/:reportId/sharing': async (s, p) => {
    const conference = await sceneConference(s);
    const report = (await mustSucceed(s, 'POST', `/api/meetings/${conference.id}/reports`, {
      text: 'The chair’s report',
      sharedWithParents: true,
    })) as { id: string };
    return httpProbe(s, p, 'PUT', `/api/meetings/${conference.id}/reports/${report.id}/sharing`, {
      sharedWithParents: false,
      notSharedReason: 'A safeguarding reason',
    });
  },
  'GET /api/meetings/:id/parts': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/meetings/${(await sceneConference(s)).id}/parts`),
  'POST /api/meetings/:id/parts': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${(await newConference(s)).id}/parts`, { reason: 'Police information' }),
  'POST /api/meetings/:id/parts/:partId/end': async (s, p) => {
    const conference = await newConference(s);
    const part = (await mustSucceed(s, 'POST', `/api/meetings/${conference.id}/parts`, {
      reason: 'Police information',
    })) as { id: string };
    return httpProbe(s, p, 'POST', `/api/meetings/${conference.id}/parts/${part.id}/end`);
  },
  'GET /api/meetings/:id/outcomes': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/meetings/${(await sceneConference(s)).id}/outcomes`),
  'POST /api/meetings/:id/children/:childId/outcome': async (s, p) => {
    const conference = await newConference(s);
    return httpProbe(
      s,
      p,
      'POST',
      `/api/meetings/${conference.id}/children/${conference.children[0]!.childId}/outcome`,
      {
        outcome: 'no-plan',
        stepDown: 'child-in-need',
        reasons: 'Not likely to suffer significant harm',
      },
    );
  },
  'GET /api/children/:childId/plan': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/children/${(await scenePlan(s)).children[0]!.childId}/plan`),
  'GET /api/children/:childId/plan/versions': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/children/${(await scenePlan(s)).children[0]!.childId}/plan/versions`),
  'PUT /api/children/:childId/plan': async (s, p) => {
    const childId = (await scenePlan(s)).children[0]!.childId;
    const plan = (await mustSucceed(s, 'GET', `/api/children/${childId}/plan`)) as { current: { version: number } };
    return httpProbe(s, p, 'PUT', `/api/children/${childId}/plan`, {
      baseVersion: plan.current.version,
      content: { outcomes: [], contingency: `Changed by ${p}`, reviewDates: [], coreGroupEveryWeeks: 6 },
    });
  },
  'GET /api/audit/events': (s, p) => httpProbe(s, p, 'GET', '/api/audit/events'),
  'GET /api/audit/events/export.csv': (s, p) => httpProbe(s, p, 'GET', '/api/audit/events/export.csv'),
  'GET /api/audit/events/export.json': (s, p) => httpProbe(s, p, 'GET', '/api/audit/events/export.json'),
  'GET /api/audit/verification': (s, p) => httpProbe(s, p, 'GET', '/api/audit/verification'),
  'GET /api/audit/checkpoints': (s, p) => httpProbe(s, p, 'GET', '/api/audit/checkpoints'),
  'GET /api/audit/public-key': (s, p) => httpProbe(s, p, 'GET', '/api/audit/public-key'),
  'GET /api/audit/checkpoint': async (s, p) => {
    await signedCheckpointSize(s);
    return httpProbe(s, p, 'GET', '/api/audit/checkpoint');
  },
  'GET /api/audit/entries/:seq/proof': async (s, p) => {
    await signedCheckpointSize(s);
    return httpProbe(s, p, 'GET', '/api/audit/entries/1/proof');
  },
  'GET /api/audit/tile/*path': async (s, p) => {
    await signedCheckpointSize(s);
    return httpProbe(s, p, 'GET', '/api/audit/tile/0/000.p/1');
  },
  'GET /api/audit/consistency': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/audit/consistency?from=${await signedCheckpointSize(s)}`),
  'GET /api/audit/meetings': (s, p) => httpProbe(s, p, 'GET', '/api/audit/meetings'),
  'GET /api/audit/witnesses': (s, p) => httpProbe(s, p, 'GET', '/api/audit/witnesses'),
  'GET /api/audit/export/bundle.tar.gz': (s, p) => httpProbe(s, p, 'GET', '/api/audit/export/bundle.tar.gz'),
  'GET /api/admin/witnesses': (s, p) => httpProbe(s, p, 'GET', '/api/admin/witnesses'),
  'POST /api/admin/witnesses': async (s, p) => {
    const account = await serviceAccount(s);
    return httpProbe(s, p, 'POST', '/api/admin/witnesses', {
      name: MATRIX_WITNESS,
      agency: SERVICE_ACCOUNT.agency,
      serviceAccountId: account.serviceAccount.id,
      publicKey: verifierKey(MATRIX_WITNESS, generateKeyPairSync('ed25519').publicKey, SIG_TYPE_COSIGNATURE_V1),
    });
  },
  'POST /api/admin/witnesses/:id/retire': async (s, p) => {
    const witness = await registeredWitness(s, (await serviceAccount(s)).serviceAccount.id);
    return httpProbe(s, p, 'POST', `/api/admin/witnesses/${witness.id}/retire`);
  },
  'GET /api/audit/witness/checkpoint': async (s, p) => {
    await signedCheckpointSize(s);
    return httpProbe(s, p, 'GET', '/api/audit/witness/checkpoint');
  },
  'GET /api/audit/witness/consistency': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/audit/witness/consistency?from=1&to=${await signedCheckpointSize(s)}`),
  'POST /api/audit/witness/cosignatures': async (s, p) =>
    httpProbe(s, p, 'POST', '/api/audit/witness/cosignatures', await cosignatureBody(s)),
  'GET /api/audit/meetings/:id/record-history': (s, p) =>
    httpProbe(s, p, 'GET', `/api/audit/meetings/${s.live.id}/record-history?reason=Complaint%20review`),
  'GET /api/admin/users': (s, p) => httpProbe(s, p, 'GET', '/api/admin/users'),
  'GET /api/admin/outbox': (s, p) => httpProbe(s, p, 'GET', '/api/admin/outbox'),
  'GET /api/admin/jobs': (s, p) => httpProbe(s, p, 'GET', '/api/admin/jobs'),
  'POST /api/admin/jobs/:name/run': (s, p) => httpProbe(s, p, 'POST', '/api/admin/jobs/reminders-scan/run'),
  'GET /api/notifications': (s, p) => httpProbe(s, p, 'GET', '/api/notifications'),
  'GET /api/notifications/unread-count': (s, p) => httpProbe(s, p, 'GET', '/api/notifications/unread-count'),
  'POST /api/notifications/read-all': (s, p) => httpProbe(s, p, 'POST', '/api/notifications/read-all'),
  'POST /api/notifications/:id/read': async (s, p) => {
    // A notification of the caller's own (the anonymous caller: the chair's).
    const owner = p === 'anonymous' ? s.users.chair : s.users[p];
    const [row] = (await s.app.dataSource.query(
      `INSERT INTO notifications (user_id, kind, title, link, created_at)
       VALUES ($1, 'meeting-soon', 'A meeting starts soon', '/', now()) RETURNING id`,
      [owner.user.id],
    )) as { id: string }[];
    return httpProbe(s, p, 'POST', `/api/notifications/${row!.id}/read`);
  },
  'GET /api/notifications/preferences': (s, p) => httpProbe(s, p, 'GET', '/api/notifications/preferences'),
  'PUT /api/notifications/preferences': (s, p) =>
    httpProbe(s, p, 'PUT', '/api/notifications/preferences', { emailKinds: ['meeting-soon'] }),
  'GET /api/meetings/:id/family-members': (s, p) => httpProbe(s, p, 'GET', `/api/meetings/${s.live.id}/family-members`),
  'POST /api/meetings/:id/family-members': (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${s.live.id}/family-members`, familyInvite()),
  'DELETE /api/meetings/:id/family-members/:participantId': async (s, p) => {
    const invited = (await mustSucceed(s, 'POST', `/api/meetings/${s.live.id}/family-members`, familyInvite())) as {
      id: string;
    };
    return httpProbe(s, p, 'DELETE', `/api/meetings/${s.live.id}/family-members/${invited.id}`);
  },
  'POST /api/family/sign-in/code': (s, p) =>
    httpProbe(s, p, 'POST', '/api/family/sign-in/code', {
      meetingReference: s.live.reference,
      email: 'never-invited@example.org',
    }),
  'POST /api/family/sign-in': async (s, p) => {
    const invite = familyInvite();
    await mustSucceed(s, 'POST', `/api/meetings/${s.live.id}/family-members`, invite);
    await mustSucceed(s, 'POST', '/api/family/sign-in/code', {
      meetingReference: s.live.reference,
      email: invite.email,
    });
    const code = await latestCodeFor(s.app, invite.email);
    return httpProbe(s, p, 'POST', '/api/family/sign-in', {
      meetingReference: s.live.reference,
      email: invite.email,
      code,
    });
  },
  'GET /api/meetings/:id/circulation': (s, p) => httpProbe(s, p, 'GET', `/api/meetings/${s.concluded.id}/circulation`),
  'POST /api/meetings/:id/circulation': (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${s.concluded.id}/circulation`, { nonMembers: [nonMemberRecipient()] }),
  'POST /api/record-links/open': async (s, p) =>
    httpProbe(s, p, 'POST', '/api/record-links/open', { token: await recordLink(s) }),
  'POST /api/record-links/code': async (s, p) =>
    httpProbe(s, p, 'POST', '/api/record-links/code', { token: await recordLink(s) }),
  'POST /api/record-links/download': async (s, p) => {
    const recipient = nonMemberRecipient();
    const token = await recordLink(s, recipient);
    await mustSucceed(s, 'POST', '/api/record-links/code', { token });
    const [mail] = (await s.app.dataSource.query(
      `SELECT body_text FROM mail_outbox WHERE to_address = $1 AND subject LIKE 'Your code%' ORDER BY created_at DESC LIMIT 1`,
      [recipient.email],
    )) as { body_text: string }[];
    const code = /^(\d{6})$/m.exec(mail!.body_text)![1];
    return httpProbe(s, p, 'POST', '/api/record-links/download', { token, code });
  },
  'GET /api/meetings/:id/account-invitations': (s, p) =>
    httpProbe(s, p, 'GET', `/api/meetings/${s.live.id}/account-invitations`),
  'POST /api/meetings/:id/account-invitations': (s, p) =>
    httpProbe(s, p, 'POST', `/api/meetings/${s.live.id}/account-invitations`, {
      email: `invited-${randomUUID().slice(0, 8)}@example.org`,
      role: 'observer',
      agency: 'health',
    }),
  'POST /api/meetings/:id/account-invitations/:invitationId/revoke': async (s, p) => {
    const [planted] = (await s.app.dataSource.query(
      `INSERT INTO account_invitations (meeting_id, email, role, agency, token_hash, invited_by, expires_at)
       SELECT id, $2, 'observer', 'health', $3, created_by, now() + interval '1 day' FROM meetings WHERE id = $1
       RETURNING id`,
      [s.live.id, `revoke-${randomUUID().slice(0, 8)}@example.org`, randomBytes(32)],
    )) as { id: string }[];
    return httpProbe(s, p, 'POST', `/api/meetings/${s.live.id}/account-invitations/${planted!.id}/revoke`);
  },
  'POST /api/invitations/preview': async (s, p) =>
    httpProbe(s, p, 'POST', '/api/invitations/preview', {
      token: await plantInvitation(s, `preview-${randomUUID().slice(0, 8)}@example.org`),
    }),
  'POST /api/invitations/accept': async (s, p) =>
    httpProbe(s, p, 'POST', '/api/invitations/accept', {
      token: await plantInvitation(s, `accept-${randomUUID().slice(0, 8)}@example.org`),
      displayName: 'Matrix Invitee',
      jobTitle: 'School nurse',
      password: 'a long enough new password',
    }),
  'POST /api/invitations/accept-signed-in': async (s, p) =>
    httpProbe(s, p, 'POST', '/api/invitations/accept-signed-in', {
      token: await plantInvitation(s, userOf(s, p).email),
    }),
  'GET /api/family/session': (s, p) => httpProbe(s, p, 'GET', '/api/family/session'),
  'POST /api/family/sign-out': (s, p) => httpProbe(s, p, 'POST', '/api/family/sign-out'),
  'POST /api/admin/users': (s, p) => httpProbe(s, p, 'POST', '/api/admin/users', buildUser()),
  'POST /api/admin/users/:id/disable': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/users/${(await s.app.createUser()).user.id}/disable`),
  'POST /api/admin/users/:id/enable': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/users/${(await s.app.createUser()).user.id}/enable`),
  'POST /api/admin/users/:id/end-sessions': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/users/${(await s.app.createUser()).user.id}/end-sessions`),
  'POST /api/admin/users/:id/chair-permission': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/users/${(await s.app.createUser()).user.id}/chair-permission`, {
      canChair: true,
    }),
  'POST /api/admin/users/:id/team-manager': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/users/${(await s.app.createUser()).user.id}/team-manager`, {
      teamManager: true,
    }),
  'POST /api/admin/users/:id/organisation': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/users/${(await s.app.createUser()).user.id}/organisation`, {
      organisation: 'Testshire Police',
    }),
  'GET /api/meetings/:id/record-exports/:version': async (s, p) => {
    await sealedExport(s);
    const query = p === 'auditor' ? '?variant=shared' : '';
    return httpProbe(s, p, 'GET', `/api/meetings/${s.concluded.id}/record-exports/1${query}`);
  },
  'GET /api/integrations/records': (s, p) => httpProbe(s, p, 'GET', '/api/integrations/records'),
  'GET /api/integrations/records/:meetingId/versions/:version': async (s, p) => {
    await sealedExport(s);
    return httpProbe(s, p, 'GET', `/api/integrations/records/${s.concluded.id}/versions/1`);
  },
  'GET /api/schemas/sealed-record-export.v1.json': (s, p) =>
    httpProbe(s, p, 'GET', '/api/schemas/sealed-record-export.v1.json'),
  'GET /api/admin/service-accounts': (s, p) => httpProbe(s, p, 'GET', '/api/admin/service-accounts'),
  'POST /api/admin/service-accounts': (s, p) => httpProbe(s, p, 'POST', '/api/admin/service-accounts', SERVICE_ACCOUNT),
  'POST /api/admin/service-accounts/:id/tokens': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/service-accounts/${(await serviceAccount(s)).serviceAccount.id}/tokens`, {
      expiresInDays: 30,
    }),
  'POST /api/admin/service-accounts/:id/tokens/:tokenId/revoke': async (s, p) => {
    const created = await serviceAccount(s);
    return httpProbe(
      s,
      p,
      'POST',
      `/api/admin/service-accounts/${created.serviceAccount.id}/tokens/${created.tokenId}/revoke`,
    );
  },
  'GET /api/admin/subject-access': (s, p) => httpProbe(s, p, 'GET', '/api/admin/subject-access'),
  'POST /api/admin/subject-access': (s, p) =>
    httpProbe(s, p, 'POST', '/api/admin/subject-access', {
      subject: { kind: 'child', childId: s.live.children[0]!.childId },
      reference: 'SAR-MATRIX',
    }),
  'GET /api/admin/subject-access/:id': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/admin/subject-access/${(await subjectAccessRequest(s)).id}`),
  'POST /api/admin/subject-access/:id/redactions': async (s, p) => {
    const request = await subjectAccessRequest(s);
    return httpProbe(s, p, 'POST', `/api/admin/subject-access/${request.id}/redactions`, {
      itemKey: `child-record:${request.childId}`,
      exemption: 'third-party',
      note: 'Matrix probe',
    });
  },
  'POST /api/admin/subject-access/:id/sign-off': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/subject-access/${(await subjectAccessRequest(s)).id}/sign-off`),
  'POST /api/admin/subject-access/:id/exports': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/subject-access/${(await subjectAccessRequest(s, true)).id}/exports`, {
      format: 'json',
    }),
  'GET /api/admin/webhooks': (s, p) => httpProbe(s, p, 'GET', '/api/admin/webhooks'),
  'POST /api/admin/webhooks': async (s, p) =>
    httpProbe(s, p, 'POST', '/api/admin/webhooks', {
      serviceAccountId: (await serviceAccount(s)).serviceAccount.id,
      name: 'Matrix receiver',
      url: 'https://receiver.invalid/hooks',
      eventTypes: ['action.overdue'],
    }),
  'GET /api/admin/webhooks/deliveries': (s, p) => httpProbe(s, p, 'GET', '/api/admin/webhooks/deliveries'),
  'GET /api/admin/webhooks/deliveries/:deliveryId': async (s, p) =>
    httpProbe(s, p, 'GET', `/api/admin/webhooks/deliveries/${await webhookDelivery(s)}`),
  'POST /api/admin/webhooks/deliveries/:deliveryId/replay': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/webhooks/deliveries/${await webhookDelivery(s)}/replay`),
  'POST /api/admin/webhooks/:id/rotate-secret': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/webhooks/${(await webhookSubscription(s)).id}/rotate-secret`),
  'POST /api/admin/webhooks/:id/disable': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/webhooks/${(await webhookSubscription(s)).id}/disable`),
  'POST /api/admin/webhooks/:id/enable': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/webhooks/${(await webhookSubscription(s)).id}/enable`),
  'DELETE /api/admin/webhooks/:id': async (s, p) =>
    httpProbe(s, p, 'DELETE', `/api/admin/webhooks/${(await webhookSubscription(s)).id}`),
  'GET /api/admin/retention': (s, p) => httpProbe(s, p, 'GET', '/api/admin/retention'),
  'POST /api/admin/retention/run': (s, p) => httpProbe(s, p, 'POST', '/api/admin/retention/run'),
  'POST /api/admin/retention/child-statuses': async (s, p) => {
    await clearChildStatuses(s);
    return httpProbe(s, p, 'POST', '/api/admin/retention/child-statuses', {
      childId: s.live.children[0]!.childId,
      kind: 'looked-after',
      since: '2024-01-01',
      reason: 'Matrix probe: looked after under s20',
    });
  },
  'GET /api/admin/legal-holds': (s, p) => httpProbe(s, p, 'GET', '/api/admin/legal-holds'),
  'POST /api/admin/legal-holds': async (s, p) => {
    await liftHoldsOn(s, s.live.id);
    return httpProbe(s, p, 'POST', '/api/admin/legal-holds', {
      subjectType: 'meeting',
      subjectId: s.live.id,
      reason: 'Matrix probe: records asked for by the court',
    });
  },
  'POST /api/admin/legal-holds/:id/lift': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/legal-holds/${await legalHold(s)}/lift`, {
      reason: 'Matrix probe: proceedings concluded',
    }),
  'POST /api/admin/service-accounts/:id/disable': async (s, p) =>
    httpProbe(s, p, 'POST', `/api/admin/service-accounts/${(await serviceAccount(s)).serviceAccount.id}/disable`),

  'meeting:join': (s, p) => emit(s, p, 'meeting:join', { meetingId: s.live.id }),
  'meeting:leave': (s, p) => emit(s, p, 'meeting:leave', { meetingId: s.live.id }),
  'decision:open': (s, p) => emit(s, p, 'decision:open', { meetingId: s.live.id, childIds: [s.live.children[0]!.id] }),
  'decision:close': async (s, p) =>
    emit(s, p, 'decision:close', { meetingId: s.live.id, decisionId: (await openDecision(s)).id }),
  'view:record': async (s, p) =>
    emit(s, p, 'view:record', { meetingId: s.live.id, decisionId: (await openDecision(s)).id, ...VIEW }),
  'la-decision:record': async (s, p) => {
    const opened = await openDecision(s);
    const ref = { meetingId: s.live.id, decisionId: opened.id };
    await chairOk(s, 'decision:close', ref);
    return emit(s, p, 'la-decision:record', { ...ref, ...LA });
  },
  'la-decision:correct': async (s, p) => {
    const decision = await decided(s);
    return emit(s, p, 'la-decision:correct', {
      meetingId: s.live.id,
      decisionId: decision.id,
      ...LA,
      correctsId: decision.laDecisions.at(-1)!.id,
      correctionReason: 'The wrong option was selected.',
    });
  },
  'dissent:record': async (s, p) => {
    const decision = await decided(s);
    return emit(s, p, 'dissent:record', {
      meetingId: s.live.id,
      decisionId: decision.id,
      part: 'options',
      reasons: 'We disagree.',
    });
  },
  'escalation:add-step': async (s, p) => {
    const { dissentId } = await dissented(s);
    return emit(s, p, 'escalation:add-step', {
      meetingId: s.live.id,
      dissentId,
      stage: 'line-manager',
      note: 'Raised with the team manager.',
    });
  },
  'escalation:resolve': async (s, p) => {
    const { dissentId } = await dissented(s);
    return emit(s, p, 'escalation:resolve', { meetingId: s.live.id, dissentId, outcome: 'Agreed a joint enquiry.' });
  },
  'action:create': async (s, p) =>
    emit(s, p, 'action:create', {
      meetingId: s.live.id,
      description: 'Visit the child at school',
      ownerUserId: s.users.participant.user.id,
      ownerAgency: s.users.participant.user.agency,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  'action:update': async (s, p) => {
    // Owned by the principal where they can hold actions; created by the chair.
    const id = await action(s, 'chair', actor(p, ['chair', 'participant', 'minute-taker']));
    return emit(s, p, 'action:update', { meetingId: s.live.id, actionId: id, description: 'Visit at home instead' });
  },
  'action:set-status': async (s, p) => {
    const id = await action(s, 'chair', actor(p, ['chair', 'participant', 'minute-taker']));
    return emit(s, p, 'action:set-status', { meetingId: s.live.id, actionId: id, status: 'done', note: 'Visited' });
  },
  'view:flag': async (s, p) => {
    // A view recorded by the principal where they can record views.
    const opened = await openDecision(s);
    const ref = { meetingId: s.live.id, decisionId: opened.id };
    const withView = await chairOk<Decision>(s, 'view:record', { ...ref, ...VIEW }, actor(p, ['chair', 'participant']));
    const viewId = withView.currentViews.at(-1)!.id;
    return emit(s, p, 'view:flag', { ...ref, viewId, restriction: 'police-restricted' });
  },
  'action:flag': async (s, p) => {
    const id = await action(s, actor(p, ['chair', 'participant', 'minute-taker']), 'participant');
    return emit(s, p, 'action:flag', { meetingId: s.live.id, actionId: id, restriction: 'not-for-family' });
  },
  'agenda:set': (s, p) => emit(s, p, 'agenda:set', { meetingId: s.live.id, sectionKey: 'agency-information' }),
  'family-facing:set': (s, p) =>
    emit(s, p, 'family-facing:set', {
      meetingId: s.live.id,
      item: { type: 'section', id: 'agency-information' },
      familyFacing: true,
    }),
  'compartment:create': (s, p) =>
    emit(s, p, 'compartment:create', {
      meetingId: s.live.id,
      sectionKey: 'agency-information',
      audience: ownAgencyAudience(s, actor(p, ['chair', 'participant', 'minute-taker'])),
    }),
  'compartment:share': async (s, p) => {
    // Restricted by the principal's own agency where they can restrict; by the participant otherwise.
    const compartmentId = await compartment(s, actor(p, ['chair', 'participant', 'minute-taker']));
    return emit(s, p, 'compartment:share', { meetingId: s.live.id, compartmentId, ...LIFT });
  },
  'sharing-decision:record': (s, p) =>
    emit(s, p, 'sharing-decision:record', {
      meetingId: s.live.id,
      outcome: 'refused',
      what: 'The investigation strategy',
      withWhom: 'The school',
      lawfulBasis: 'law-enforcement',
      reason: 'Sharing now would prejudice the investigation.',
    }),
  'protected-person:add': (s, p) => emit(s, p, 'protected-person:add', protectedPerson(s, userOf(s, p).user.agency)),
  'protected-person:share': async (s, p) => {
    // Named by the principal where they can name one (their agency owns it), else by the participant.
    const adder = actor(p, ['chair', 'participant', 'minute-taker']);
    const added = await chairOk<{ id: string }>(
      s,
      'protected-person:add',
      protectedPerson(s, userOf(s, adder).user.agency),
      adder,
    );
    return emit(s, p, 'protected-person:share', widenProtectedPerson(s, added.id));
  },
  'GET /api/meetings/:id/family-views': (s, p) => httpProbe(s, p, 'GET', `/api/meetings/${s.live.id}/family-views`),
  'GET /api/meetings/:id/family-attendance': (s, p) =>
    httpProbe(s, p, 'GET', `/api/meetings/${s.live.id}/family-attendance`),
  'PUT /api/meetings/:id/family-attendance/:participantId': async (s, p) => {
    const meeting = await newMeeting(s, 'live');
    const invited = (await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/family-members`, {
      displayName: 'Pat Parent',
      email: `pat-${randomUUID().slice(0, 8)}@example.org`,
      relationship: 'parent',
    })) as { id: string };
    return httpProbe(s, p, 'PUT', `/api/meetings/${meeting.id}/family-attendance/${invited.id}`, {
      status: 'present',
    });
  },
  'GET /api/meetings/:id/safety-plan/signatures': (s, p) =>
    httpProbe(s, p, 'GET', `/api/meetings/${s.live.id}/safety-plan/signatures`),
  ...Object.fromEntries(
    FAMILY_VIEW_ROUTES.map((route): [string, Probe] => [
      route,
      (s, p) => {
        const [method, path] = route.split(' ') as [string, string];
        const body = method === 'POST' ? { text: 'A view', typedName: 'Pat', versionHash: 'a'.repeat(64) } : undefined;
        return httpProbe(s, p, method, path.replace(':version', '1'), body);
      },
    ]),
  ),
};

const LIFT = { audience: null, lawfulBasis: 'safeguarding-children', reason: 'Needed by every agency now.' };

/** An audience of the creator's own agency (the chair is in every audience). */
function ownAgencyAudience(s: Scene, creator: Principal) {
  return { kind: 'named-agencies', agencies: [userOf(s, creator).user.agency], userIds: [] };
}

/** A compartment restricted to `creator`'s agency, created by them. */
async function compartment(s: Scene, creator: Principal): Promise<string> {
  const created = await chairOk<{ id: string }>(
    s,
    'compartment:create',
    { meetingId: s.live.id, sectionKey: 'agency-information', audience: ownAgencyAudience(s, creator) },
    creator,
  );
  return created.id;
}

/** A person to protect whose name only `agency` (and the chair) may know. */
function protectedPerson(s: Scene, agency: string) {
  return {
    requestId: randomUUID(),
    meetingId: s.live.id,
    role: 'referrer',
    label: 'the referrer',
    name: 'Pat Referrer',
    audience: { kind: 'named-agencies', agencies: [agency] },
  };
}

/** Lifts the restriction on a protected person's name, with a reason. */
function widenProtectedPerson(s: Scene, protectedPersonId: string) {
  return {
    requestId: randomUUID(),
    meetingId: s.live.id,
    protectedPersonId,
    audience: null,
    lawfulBasis: 'safeguarding-children',
    reason: 'The referrer agreed to be named to every agency.',
  };
}

/**
 * A meeting concluded with an open decision (listed as not reached) and an
 * action owned by `owner`, for the writes after conclusion.
 */
async function concludedWithEntries(
  s: Scene,
  owner: Principal = 'participant',
): Promise<{ meeting: MeetingDetail; decisionId: string; actionId: string }> {
  const meeting = await newMeeting(s, 'live');
  const opened = await chairOk<{ id: string }>(s, 'decision:open', {
    meetingId: meeting.id,
    childIds: [meeting.children[0]!.id],
  });
  const created = await chairOk<{ id: string }>(s, 'action:create', {
    meetingId: meeting.id,
    description: 'Arrange a child protection medical',
    ownerUserId: userOf(s, owner).user.id,
    ownerAgency: userOf(s, owner).user.agency,
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/conclude`, {
    notReached: [{ decisionId: opened.id, reason: 'Waiting for the medical.' }],
  });
  return { meeting, decisionId: opened.id, actionId: created.id };
}

// ---------------------------------------------------------------- family group decision-making

/** The scene's FGDMs, one per purpose: read and added to; moved on a stage per probe; at the response stage. */
const sceneFgdms = new WeakMap<Scene, Partial<Record<'shared' | 'stages' | 'response', Promise<MeetingDetail>>>>();
function sceneFgdm(s: Scene, purpose: 'shared' | 'stages' | 'response'): Promise<MeetingDetail> {
  const cached = sceneFgdms.get(s) ?? {};
  sceneFgdms.set(s, cached);
  return (cached[purpose] ??= (async () => {
    const meeting = await newMeeting(s, 'scheduled', { type: 'fgdm' });
    if (purpose === 'response') {
      for (const stage of ['information-giving', 'private-family-time', 'plan-presentation', 'response']) {
        await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/fgdm/stages`, { stage });
      }
    }
    return meeting;
  })());
}

/** A presentation of the family's plan at the response stage, as the family's own route would store it. */
async function freshPresentation(s: Scene): Promise<{ meetingId: string; presentationId: string }> {
  const meeting = await sceneFgdm(s, 'response');
  const invited = (await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/family-members`, familyInvite())) as {
    id: string;
  };
  const [row] = (await s.app.dataSource.query(
    `INSERT INTO family_plan_presentations (meeting_id, version, text, sha256, presented_by_participant)
     SELECT $1, COALESCE(MAX(version), 0) + 1, 'Our plan', repeat('0', 64), $2 FROM family_plan_presentations WHERE meeting_id = $1
     RETURNING id`,
    [meeting.id, invited.id],
  )) as { id: string }[];
  return { meetingId: meeting.id, presentationId: row!.id };
}

const SUPPORT_ITEM = { who: 'Grandmother', support: 'Bus pass', costPence: 6500, frequency: 'Monthly', approved: true };

Object.assign(PROBES, {
  'GET /api/meetings/:id/fgdm': async (s: Scene, p: Principal) =>
    httpProbe(s, p, 'GET', `/api/meetings/${(await sceneFgdm(s, 'shared')).id}/fgdm`),
  'POST /api/meetings/:id/fgdm/stages': async (s: Scene, p: Principal) => {
    const meeting = await sceneFgdm(s, 'stages');
    const state = (await mustSucceed(s, 'GET', `/api/meetings/${meeting.id}/fgdm`)) as { stage: string };
    const next = FGDM_STAGES[FGDM_STAGES.indexOf(state.stage as (typeof FGDM_STAGES)[number]) + 1];
    return httpProbe(s, p, 'POST', `/api/meetings/${meeting.id}/fgdm/stages`, { stage: next });
  },
  'POST /api/meetings/:id/fgdm/bottom-lines': async (s: Scene, p: Principal) =>
    httpProbe(s, p, 'POST', `/api/meetings/${(await sceneFgdm(s, 'shared')).id}/fgdm/bottom-lines`, {
      text: 'No unsupervised contact with Mr X',
    }),
  'POST /api/meetings/:id/fgdm/presentations/:presentationId/responses': async (s: Scene, p: Principal) => {
    const { meetingId, presentationId } = await freshPresentation(s);
    return httpProbe(s, p, 'POST', `/api/meetings/${meetingId}/fgdm/presentations/${presentationId}/responses`, {
      keepsChildSafe: true,
      outcome: 'agreed',
    });
  },
  'POST /api/meetings/:id/fgdm/support-items': async (s: Scene, p: Principal) =>
    httpProbe(s, p, 'POST', `/api/meetings/${(await sceneFgdm(s, 'shared')).id}/fgdm/support-items`, SUPPORT_ITEM),
  'POST /api/meetings/:id/fgdm/support-items/:itemId/withdrawals': async (s: Scene, p: Principal) => {
    const meeting = await sceneFgdm(s, 'shared');
    const added = (await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/fgdm/support-items`, SUPPORT_ITEM)) as {
      supportItems: { id: string }[];
    };
    const itemId = added.supportItems.at(-1)!.id;
    return httpProbe(s, p, 'POST', `/api/meetings/${meeting.id}/fgdm/support-items/${itemId}/withdrawals`, {
      reason: 'No longer needed',
    });
  },
  'GET /api/family/fgdm': (s: Scene, p: Principal) => httpProbe(s, p, 'GET', '/api/family/fgdm'),
  'POST /api/family/fgdm/plan/presentations': (s: Scene, p: Principal) =>
    httpProbe(s, p, 'POST', '/api/family/fgdm/plan/presentations', {}),
  [FAMILY_PLAN_CONNECT]: async (s: Scene, p: Principal) => {
    const meeting = await sceneFgdm(s, 'shared');
    const headers: Record<string, string> = { origin: s.app.url };
    const cookie = cookieOf(s, p);
    if (cookie) headers.cookie = cookie;
    const ws = new WebSocket(`${s.app.url.replace(/^http/, 'ws')}/collab/meetings/${meeting.id}/family-plan`, {
      headers,
    });
    return new Promise<string>((resolve, reject) => {
      ws.once('open', () => {
        ws.terminate();
        resolve('allowed');
      });
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
        resolve(`upgrade ${res.statusCode}`);
      });
      ws.once('error', reject);
    });
  },
});

Object.assign(PROBES, {
  [`decision:open${AFTER_CONCLUSION}`]: async (s: Scene, p: Principal) => {
    const { meeting } = await concludedWithEntries(s);
    return emit(s, p, 'decision:open', { meetingId: meeting.id, childIds: [meeting.children[0]!.id] });
  },
  [`view:record${AFTER_CONCLUSION}`]: async (s: Scene, p: Principal) => {
    const { meeting, decisionId } = await concludedWithEntries(s);
    return emit(s, p, 'view:record', { meetingId: meeting.id, decisionId, ...VIEW });
  },
  [`agenda:set${AFTER_CONCLUSION}`]: async (s: Scene, p: Principal) => {
    const { meeting } = await concludedWithEntries(s);
    return emit(s, p, 'agenda:set', { meetingId: meeting.id, sectionKey: 'medical' });
  },
  [`action:create${AFTER_CONCLUSION}`]: async (s: Scene, p: Principal) => {
    const { meeting } = await concludedWithEntries(s);
    return emit(s, p, 'action:create', {
      meetingId: meeting.id,
      description: 'Visit the child at school',
      ownerUserId: s.users.participant.user.id,
      ownerAgency: s.users.participant.user.agency,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
  },
  [`action:set-status${AFTER_CONCLUSION}`]: async (s: Scene, p: Principal) => {
    const { meeting, actionId } = await concludedWithEntries(s, actor(p, ['chair', 'participant', 'minute-taker']));
    return emit(s, p, 'action:set-status', { meetingId: meeting.id, actionId, status: 'done', note: 'Visited' });
  },
  [`PATCH /api/meetings/:id${AFTER_CONCLUSION}`]: (s: Scene, p: Principal) =>
    httpProbe(s, p, 'PATCH', `/api/meetings/${s.concluded.id}`, { reason: 'Rewritten afterwards' }),
  [`POST /api/meetings/:id/members${AFTER_CONCLUSION}`]: async (s: Scene, p: Principal) => {
    const meeting = await newMeeting(s, 'concluded');
    const outsider = s.users['non-member'];
    return httpProbe(s, p, 'POST', `/api/meetings/${meeting.id}/members`, { email: outsider.email, role: 'observer' });
  },
  [`POST /api/meetings/:id/family-members${AFTER_CONCLUSION}`]: (s: Scene, p: Principal) =>
    httpProbe(s, p, 'POST', `/api/meetings/${s.concluded.id}/family-members`, familyInvite()),
  [`PUT /api/meetings/:id/safety-plan/scores${AFTER_CONCLUSION}`]: (s: Scene, p: Principal) =>
    httpProbe(s, p, 'PUT', `/api/meetings/${s.concluded.id}/safety-plan/scores`, { score: 2 }),
  [`POST /api/meetings/:id/apologies${AFTER_CONCLUSION}`]: (s: Scene, p: Principal) =>
    httpProbe(s, p, 'POST', `/api/meetings/${s.concluded.id}/apologies`, {
      userId: userOf(s, p).user.id,
      reason: 'On leave',
    }),
  [`POST /api/meetings/:id/children${AFTER_CONCLUSION}`]: (s: Scene, p: Principal) =>
    httpProbe(s, p, 'POST', `/api/meetings/${s.concluded.id}/children`, { name: 'Alfie Testcase' }),
  [`DELETE /api/meetings/:id/children/:childId${AFTER_CONCLUSION}`]: async (s: Scene, p: Principal) => {
    // Two children when it concluded, so only the conclusion stands in the way.
    const meeting = await newMeeting(s, 'live');
    const added = (await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/children`, {
      name: 'Alfie Testcase',
    })) as MeetingDetail;
    await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/conclude`, { notReached: [] });
    return httpProbe(s, p, 'DELETE', `/api/meetings/${meeting.id}/children/${added.children.at(-1)!.childId}`);
  },
});

// ---------------------------------------------------------------- conditions broken

/** A socket.io client of the spare account (a health participant of every fixture meeting). */
async function extraSocket(s: Scene): Promise<EventsClient> {
  s.extraSocket ??= await EventsClient.connect(s.app.url, { cookie: await s.app.signIn(s.extra) });
  return s.extraSocket;
}

/** A live meeting in which the administrator (agency "other") is a second chair. */
async function meetingWithOtherChair(s: Scene): Promise<MeetingDetail> {
  const meeting = await newMeeting(s, 'live');
  await mustSucceed(s, 'POST', `/api/meetings/${meeting.id}/members`, { email: s.users.admin.email, role: 'chair' });
  return meeting;
}

/**
 * Runs `work` while the administrator's account (agency "other") may chair, so
 * it can be made chair of a meeting and be refused for its agency alone; the
 * permission is taken away again after, as the fixture has it.
 */
async function whileAdminMayChair<T>(s: Scene, work: () => Promise<T>): Promise<T> {
  const set = (canChair: boolean) =>
    s.app.dataSource.query(`UPDATE users SET can_chair = $2 WHERE id = $1`, [s.users.admin.user.id, canChair]);
  await set(true);
  try {
    return await work();
  } finally {
    await set(false);
  }
}

/** An action in the live meeting created by `creator` for the spare account. */
async function extrasAction(s: Scene, creator: Principal): Promise<string> {
  const created = await chairOk<{ id: string }>(
    s,
    'action:create',
    {
      meetingId: s.live.id,
      description: 'Speak to the school nurse',
      ownerUserId: s.extra.user.id,
      ownerAgency: s.extra.user.agency,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
    creator,
  );
  return created.id;
}

/**
 * For every allowed-on-a-condition cell: the same principal acting where the
 * condition does not hold, keyed `action|principal`. Answers the refusal seen.
 */
const CONDITION_BROKEN: Record<string, (s: Scene) => Promise<string>> = {
  // An account an administrator has not allowed to convene and chair: the participant's.
  'POST /api/meetings|chair': (s) => httpProbe(s, 'participant', 'POST', '/api/meetings', uniqueMeeting()),
  ...Object.fromEntries(
    (['participant', 'minute-taker', 'observer'] as const).map((p) => [
      `POST /api/meetings/:id/apologies|${p}`,
      async (s: Scene) => {
        const meeting = await newMeeting(s);
        return httpProbe(s, p, 'POST', `/api/meetings/${meeting.id}/apologies`, {
          userId: s.extra.user.id,
          reason: 'On leave',
        });
      },
    ]),
  ),
  'la-decision:record|chair': (s) =>
    whileAdminMayChair(s, async () => {
      const meeting = await meetingWithOtherChair(s);
      const opened = await chairOk<Decision>(s, 'decision:open', {
        meetingId: meeting.id,
        childIds: [meeting.children[0]!.id],
      });
      const ref = { meetingId: meeting.id, decisionId: opened.id };
      await chairOk(s, 'decision:close', ref);
      return emit(s, 'admin', 'la-decision:record', { ...ref, ...LA });
    }),
  'la-decision:correct|chair': (s) =>
    whileAdminMayChair(s, async () => {
      const meeting = await meetingWithOtherChair(s);
      const opened = await chairOk<Decision>(s, 'decision:open', {
        meetingId: meeting.id,
        childIds: [meeting.children[0]!.id],
      });
      const ref = { meetingId: meeting.id, decisionId: opened.id };
      await chairOk(s, 'decision:close', ref);
      const decision = await chairOk<Decision>(s, 'la-decision:record', { ...ref, ...LA });
      return emit(s, 'admin', 'la-decision:correct', {
        ...ref,
        ...LA,
        correctsId: decision.laDecisions.at(-1)!.id,
        correctionReason: 'The wrong option was selected.',
      });
    }),
  // The police participant dissents; the health participant (the spare account) is not of that agency.
  'escalation:add-step|participant': async (s) => {
    const { dissentId } = await dissented(s);
    const ack = await (
      await extraSocket(s)
    ).emit('escalation:add-step', {
      meetingId: s.live.id,
      dissentId,
      stage: 'line-manager',
      note: 'Raised with the team manager.',
    });
    return ack.ok ? 'allowed' : ack.error.code;
  },
  'escalation:resolve|participant': async (s) => {
    const { dissentId } = await dissented(s);
    const ack = await (
      await extraSocket(s)
    ).emit('escalation:resolve', {
      meetingId: s.live.id,
      dissentId,
      outcome: 'Agreed a joint enquiry.',
    });
    return ack.ok ? 'allowed' : ack.error.code;
  },
  ...Object.fromEntries(
    (['participant', 'minute-taker'] as const).flatMap((p) => [
      // Neither owner nor recorder: the chair recorded it for the spare account.
      [
        `action:update|${p}`,
        async (s: Scene) =>
          emit(s, p, 'action:update', {
            meetingId: s.live.id,
            actionId: await extrasAction(s, 'chair'),
            description: 'Changed by someone else',
          }),
      ],
      // Recorder but not owner: the status is the owner's (or the chair's).
      [
        `action:set-status|${p}`,
        async (s: Scene) =>
          emit(s, p, 'action:set-status', {
            meetingId: s.live.id,
            actionId: await extrasAction(s, p),
            status: 'done',
            note: 'Done',
          }),
      ],
      [
        `action:set-status${AFTER_CONCLUSION}|${p}`,
        async (s: Scene) => {
          const { meeting, actionId } = await concludedWithEntries(s, 'chair');
          return emit(s, p, 'action:set-status', { meetingId: meeting.id, actionId, status: 'done', note: 'Done' });
        },
      ],
      [
        `action:flag|${p}`,
        async (s: Scene) =>
          emit(s, p, 'action:flag', {
            meetingId: s.live.id,
            actionId: await extrasAction(s, 'chair'),
            restriction: 'not-for-family',
          }),
      ],
    ]),
  ),
  // Restricted by another agency: police (participant) and health (minute-taker) each try the other's.
  'compartment:share|participant': async (s) =>
    emit(s, 'participant', 'compartment:share', {
      meetingId: s.live.id,
      compartmentId: await compartment(s, 'minute-taker'),
      ...LIFT,
    }),
  'compartment:share|minute-taker': async (s) =>
    emit(s, 'minute-taker', 'compartment:share', {
      meetingId: s.live.id,
      compartmentId: await compartment(s, 'participant'),
      ...LIFT,
    }),
  ...Object.fromEntries(
    (['participant', 'minute-taker'] as const).map((p) => [
      // Named by the chair: children's social care owns it, not the principal's agency.
      `protected-person:share|${p}`,
      async (s: Scene) => {
        const added = await chairOk<{ id: string }>(
          s,
          'protected-person:add',
          protectedPerson(s, 'childrens-social-care'),
        );
        return emit(s, p, 'protected-person:share', widenProtectedPerson(s, added.id));
      },
    ]),
  ),
  'view:flag|participant': async (s) => {
    const opened = await openDecision(s);
    const ref = { meetingId: s.live.id, decisionId: opened.id };
    const withView = await chairOk<Decision>(s, 'view:record', { ...ref, ...VIEW });
    return emit(s, 'participant', 'view:flag', {
      ...ref,
      viewId: withView.currentViews.at(-1)!.id,
      restriction: 'police-restricted',
    });
  },
};

for (const kind of ['record', 'safety-plan'] as const) {
  for (const action of [
    'connect',
    'sync step 1',
    'sync step 2',
    'update',
    'update after conclusion',
    'awareness',
    'query-awareness',
    'auth',
  ]) {
    PROBES[`${kind}: ${action}`] = (s, p) => yjsProbe(s, p, kind, action);
  }
}

/** `METHOD /path` of every route on the app's Express router (Nest controllers and the OpenAPI routes). */
function registeredRoutes(app: TestApp): string[] {
  const express = app.roundtable.app.getHttpAdapter().getInstance() as {
    router?: { stack: Layer[] };
    _router?: { stack: Layer[] };
  };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const routes = stack.flatMap((layer) => {
    if (!layer.route) return [];
    const { path, methods } = layer.route;
    // The OpenAPI browser's static files are one entry; a handler for every method is `ALL`.
    const route = path.startsWith('/api/docs/') ? '/api/docs' : path;
    const verbs = Object.keys(methods).filter((m) => m !== '_all');
    if (verbs.length > 20 || methods._all) return [`ALL ${route}`];
    return verbs.map((m) => `${m.toUpperCase()} ${route}`);
  });
  return [...new Set(routes)];
}
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** `action|principal` and the refusal expected when the condition does not hold, for every conditional cell. */
function conditionalCells(): [string, string][] {
  return ACCESS_MATRIX.flatMap((entry) =>
    PRINCIPALS.flatMap((p): [string, string][] => {
      const cell = entry.cells[p];
      return cell.allowed && cell.when ? [[`${entry.action}|${p}`, cell.otherwise ?? 'allowed']] : [];
    }),
  );
}

describe('access matrix probes', () => {
  it('has a probe for every matrix entry and an entry for every probe', () => {
    expect(Object.keys(PROBES).sort()).toEqual(ACCESS_MATRIX.map((e) => e.action).sort());
  });

  it('has a broken-condition probe for every cell allowed on a condition, and no other', () => {
    expect(Object.keys(CONDITION_BROKEN).sort()).toEqual(
      conditionalCells()
        .map(([key]) => key)
        .sort(),
    );
  });
});

// The suite's app has the metrics token set (404 without it), the OpenAPI document (its routes are in the
// matrix), and a step-up window longer than the suite, so each sign-in below stays fresh throughout.
const MATRIX_ENV = { METRICS_TOKEN, STEP_UP_MAX_AGE_MINUTES: '60', API_DOCS: 'true' };

describeOnOneDatabase('role × action matrix', { env: MATRIX_ENV }, (ctx) => {
  const scene = {} as Scene;

  beforeAll(async () => {
    const app = ctx.app;
    await installChangeLog(app);
    const make = async (key: Member, overrides: Parameters<TestApp['createUser']>[0]) => {
      scene.users[key] = await app.createUser(overrides);
      scene.cookies[key] = await app.signIn(scene.users[key]);
    };
    Object.assign(scene, { app, users: {}, cookies: {}, sockets: {} });
    // Only the chair's account may convene and chair (an administrator's permission).
    await make('chair', { displayName: 'Chair CSC', agency: 'childrens-social-care', canChair: true });
    await make('participant', { displayName: 'Participant Police', agency: 'police', canChair: false });
    await make('minute-taker', { displayName: 'Minute Taker Health', agency: 'health', canChair: false });
    await make('observer', { displayName: 'Observer Education', agency: 'education', canChair: false });
    await make('auditor', { displayName: 'Auditor', agency: 'other', isAuditor: true });
    await make('admin', { displayName: 'Administrator', agency: 'other', isAdmin: true, canChair: false });
    await make('non-member', { displayName: 'Non Member', agency: 'health', canChair: false });
    scene.extra = await app.createUser({ displayName: 'Spare Member', agency: 'health' });
    // The chair's organisation has a service account (every scope): the bearer-token column.
    await app.dataSource.query(`UPDATE users SET organisation = $2 WHERE id = $1`, [
      scene.users.chair.user.id,
      SERVICE_ACCOUNT.organisation,
    ]);
    scene.serviceToken = (
      (await mustSucceed(
        scene,
        'POST',
        '/api/admin/service-accounts',
        SERVICE_ACCOUNT,
        scene.cookies.admin,
      )) as IssuedServiceTokenResponse
    ).token;
    scene.live = await newMeeting(scene, 'live');
    scene.concluded = await newMeeting(scene, 'concluded');
  }, 60_000);

  afterAll(async () => {
    for (const client of Object.values(scene.sockets)) client?.close();
    scene.extraSocket?.close();
    await scene.app?.close();
  });

  it('has an entry for every HTTP route the running app registers, and no entry for a route it does not', async () => {
    const registered = registeredRoutes(scene.app);
    const inMatrix = ACCESS_MATRIX.filter((e) => e.channel === 'http').map((e) => baseAction(e.action));
    expect(registered.sort()).toEqual([...new Set(inMatrix)].sort());
    // And the OpenAPI document describes nothing the matrix lacks.
    const openApi = await scene.app.request('GET', '/api/docs-json');
    const documented = Object.entries(openApi.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([route, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${route.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    // OpenAPI names a wildcard (`tile/*path`) like a parameter (`tile/{path}`).
    const asDocumented = inMatrix.map((route) => route.replace(/\*(\w+)$/, ':$1'));
    for (const route of documented) expect(asDocumented).toContain(route);
  });

  it('notices a change to the domain tables, so a refusal that changed data fails its cell', async () => {
    const before = await fingerprint(scene);
    await mustSucceed(scene, 'PATCH', `/api/meetings/${scene.live.id}`, { reason: 'Fingerprint check' });
    expect(await fingerprint(scene)).not.toBe(before);
  });

  it.each(conditionalCells())(
    '%s, condition not met → %s',
    async (key, want) => {
      const probe = CONDITION_BROKEN[key];
      if (!probe) throw new Error(`no broken-condition probe for ${key}`);
      expect(await probe(scene)).toBe(want);
    },
    60_000,
  );

  it.each(
    ACCESS_MATRIX.filter((e) => e.channel === 'http').map((e): [string, string] => [
      e.action,
      expected(serviceAccountCell(e)),
    ]),
  )(
    'service account token: %s → %s',
    async (action, want) => {
      expect(await bearerProbe(scene, action)).toBe(want);
    },
    60_000,
  );

  it.each(
    ACCESS_MATRIX.flatMap((e): [string, string][] => {
      const cell = serviceAccountCell(e);
      return cell.allowed && cell.when ? [[e.action, cell.otherwise ?? 'allowed']] : [];
    }),
  )(
    'service account token: %s, condition not met → %s',
    async (action, want) => {
      const probe = SERVICE_CONDITION_BROKEN[action];
      if (!probe) throw new Error(`no broken-condition probe for the service account on ${action}`);
      expect(await probe(scene)).toBe(want);
    },
    60_000,
  );

  describe.each(ACCESS_MATRIX.map((entry): [string, MatrixEntry] => [`${entry.channel} ${entry.action}`, entry]))(
    '%s',
    (_name, entry) => {
      it.each(PRINCIPALS.map((p): [Principal, string] => [p, expected(entry.cells[p])]))(
        '%s → %s',
        async (principal, want) => {
          const probe = PROBES[entry.action];
          if (!probe) throw new Error(`no probe for ${entry.action}`);
          expect(await probe(scene, principal)).toBe(want);
        },
        60_000,
      );
    },
  );
});
