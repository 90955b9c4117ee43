import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { documentName } from '@roundtable/shared/realtime';
import { freePort } from '../../../server/src/platform/database/embedded-postgres';
import { ServerProcess, api, createUserWithCli, serverEnv, signIn } from '../../support/server-process';
import { Editor } from './editors';
import { PrivatePostgres } from './private-postgres';

const PASSWORD = 'faults-test-password-1';
const AGENCIES = ['childrens-social-care', 'police', 'health', 'education'] as const;

/** A private PostgreSQL with accounts and one strategy discussion, ready for built servers to serve. */
export interface Scene {
  database: PrivatePostgres;
  meetingId: string;
  /** The meeting's record document. */
  documentName: string;
  /** Session cookies of the chair and the participants (sessions live in PostgreSQL, so they outlive a server). */
  cookies: string[];
  /** Environment for a server on `port` against the scene's database. */
  envFor(port: number, overrides?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

/**
 * Starts a private PostgreSQL, creates a chair and `participants` more
 * accounts with the admin CLI, starts a built server (on a free port, with
 * `overrides` in its environment) and creates a meeting with all of them in
 * it, everyone signed in.
 */
export async function setUpScene(
  participants: number,
  overrides: NodeJS.ProcessEnv = {},
): Promise<Scene & { server: ServerProcess }> {
  const database = await PrivatePostgres.start();
  // One signing key for the admin CLI and every server, as in a deployment: each of them signs checkpoints.
  const signingKey = path.join(database.dir, 'audit-signing-key.pem');
  const envFor = (port: number, overrides: NodeJS.ProcessEnv = {}) =>
    serverEnv(port, database.url, { AUDIT_SIGNING_KEY_FILE: signingKey, ...overrides });
  const users = Array.from({ length: participants + 1 }, (_, i) => ({
    email: `editor${i}.faults@example.org`,
    name: `Editor ${i}`,
    agency: AGENCIES[i % AGENCIES.length]!,
    password: PASSWORD,
  }));
  let server: ServerProcess | undefined;
  try {
    // The admin CLI migrates the database and creates the chair. Booting it takes seconds, so the
    // others are copies of that row (same password hash) with their own id, email, name and agency.
    await createUserWithCli(envFor(0), users[0]!);
    for (const user of users.slice(1)) {
      await database.query(
        `INSERT INTO users SELECT * FROM jsonb_populate_record(NULL::users,
           (SELECT to_jsonb(u) || $2::jsonb FROM users u WHERE email = $1))`,
        [users[0]!.email, { id: randomUUID(), email: user.email, display_name: user.name, agency: user.agency }],
      );
    }
    server = await ServerProcess.start(envFor(await freePort(), overrides));
    const cookies: string[] = [];
    for (const user of users) {
      const { status, cookie } = await signIn(server.baseUrl, user.email, PASSWORD);
      if (status !== 200 && status !== 201) throw new Error(`sign-in of ${user.email}: ${status}`);
      cookies.push(cookie);
    }
    const meeting = await api(server.baseUrl, 'POST', '/api/meetings', cookies[0]!, {
      reason: 'Fault test',
      scheduledAt: '2026-03-02T13:00:00Z',
      children: [{ name: 'Test Child', dateOfBirth: '2021-11-14' }],
    });
    for (const user of users.slice(1)) {
      await api(server.baseUrl, 'POST', `/api/meetings/${meeting.id}/members`, cookies[0]!, {
        email: user.email,
        role: 'participant',
      });
    }
    return {
      database,
      server,
      meetingId: meeting.id,
      documentName: documentName(meeting.id, 'record'),
      cookies,
      envFor,
    };
  } catch (error) {
    await server?.stop();
    await database.destroy();
    throw error;
  }
}

/** `count` editors on `server`, spread over the scene's accounts, all synced. */
export async function connectEditors(
  scene: Scene,
  server: ServerProcess,
  count: number,
  firstId = 0,
): Promise<Editor[]> {
  const editors = Array.from(
    { length: count },
    (_, i) =>
      new Editor(
        firstId + i,
        server.wsUrl,
        scene.documentName,
        scene.cookies[(firstId + i) % scene.cookies.length]!,
        server.baseUrl,
      ),
  );
  await Promise.all(editors.map((editor) => editor.whenSynced()));
  return editors;
}
