import type { FamilyRelationship } from '@roundtable/shared/family';
import { codeFromEmail } from '../../src/identity';
import { FamilySignInService } from '../../src/identity/family-access/family-sign-in.service';
import type { TestApp, TestUser } from './test-app';

/** A family member's details for an invitation. */
export interface FamilyInvite {
  displayName: string;
  email: string;
  relationship: FamilyRelationship;
}

/** A JSON request with the family cookie (the TestApp's `request`, cookie filled in). */
export interface FamilyAgent {
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): ReturnType<TestApp['request']>;
}

export interface SignedInFamilyMember {
  participantId: string;
  /** Requests carrying the family cookie. */
  agent: FamilyAgent;
  /** `rt_family=…`: the Cookie header value for WebSocket and socket.io handshakes. */
  cookie: string;
}

/** Waits until the code requests made so far have been handled (a code request is answered before its email). */
export function codeRequestsSettled(app: TestApp): Promise<void> {
  return app.get(FamilySignInService).settle();
}

/** The newest sign-in code emailed to `email`, read from the mail outbox once code requests have settled; null if none. */
export async function latestCodeFor(app: TestApp, email: string): Promise<string | null> {
  await codeRequestsSettled(app);
  const rows = (await app.dataSource.query(
    `SELECT body_text FROM mail_outbox WHERE to_address = $1 AND subject LIKE 'Your sign-in code%'
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [email.toLowerCase()],
  )) as { body_text: string }[];
  return rows[0] ? codeFromEmail(rows[0].body_text) : null;
}

/** The meeting's reference, as the invitation email gives it. */
async function referenceOf(app: TestApp, meetingId: string): Promise<string> {
  const rows = (await app.dataSource.query(`SELECT reference FROM meetings WHERE id = $1`, [meetingId])) as {
    reference: string;
  }[];
  if (!rows[0]) throw new Error(`no meeting ${meetingId}`);
  return rows[0].reference;
}

/** Asks for a code and signs in with it (the real flow); returns the family cookie. */
export async function signInWithEmailedCode(app: TestApp, meetingReference: string, email: string): Promise<string> {
  const asked = await app.request('POST', '/api/family/sign-in/code', { body: { meetingReference, email } });
  if (asked.status !== 202) throw new Error(`code request failed: ${asked.status} ${JSON.stringify(asked.body)}`);
  const code = await latestCodeFor(app, email);
  if (!code) throw new Error(`no code was emailed to ${email}`);
  const signedIn = await app.request('POST', '/api/family/sign-in', { body: { meetingReference, email, code } });
  if (signedIn.status !== 200)
    throw new Error(`family sign-in failed: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie) throw new Error('family sign-in set no cookie');
  return cookie;
}

/** Requests with a fixed Cookie header. */
export function agentWithCookie(app: TestApp, cookie: string): FamilyAgent {
  return { request: (method, path, options = {}) => app.request(method, path, { ...options, cookie }) };
}

/**
 * Invites a family member to a meeting as its chair (a TestUser, signed in
 * here, or the chair's Cookie header) and signs them in with the real flow:
 * invite → code request → the code read from the mail outbox → sign-in.
 */
export async function signInFamilyMember(
  app: TestApp,
  chair: TestUser | string,
  meetingId: string,
  invite: FamilyInvite,
): Promise<SignedInFamilyMember> {
  const chairCookie = typeof chair === 'string' ? chair : await app.signIn(chair);
  const invited = await app.request('POST', `/api/meetings/${meetingId}/family-members`, {
    cookie: chairCookie,
    body: invite,
  });
  if (invited.status !== 201)
    throw new Error(`family invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const participantId = (invited.body as { id: string }).id;
  const cookie = await signInWithEmailedCode(app, await referenceOf(app, meetingId), invite.email);
  return { participantId, agent: agentWithCookie(app, cookie), cookie };
}
