import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { documentName } from '@roundtable/shared/realtime';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { type DatabaseHandle, freePort } from '../server/src/platform/database/embedded-postgres';
import { EventsClient } from '../server/test/support/meeting-events-client';
import { oneDatabaseKind, startTestDatabase } from '../server/test/support/test-database';
import {
  ServerProcess,
  api as callApi,
  createUserWithCli,
  serverEnv,
  signIn as signInAt,
} from './support/server-process';

/**
 * The built server, run as in production (its own process, its own stdout),
 * at the most verbose log level, through a whole strategy discussion with
 * canary values. None of them may reach the logs: not the child's name, the
 * reason, record text, agency reasons, action text, passwords, session tokens
 * or collab tickets.
 */
const CANARY = {
  child: 'Zebulon Canarychild',
  reason: 'Canary-reason-7f3a bruising on the left arm',
  record: 'Canary-record-text-91c2',
  view: 'Canary-view-reasons-44d0',
  action: 'Canary-action-text-b81e',
  password: 'Canary-password-correct-5e6f',
  wrongPassword: 'Canary-password-wrong-0a9b',
};

describe('application logs', () => {
  let database: DatabaseHandle;
  let server: ServerProcess;
  let baseUrl: string;
  let env: NodeJS.ProcessEnv;

  const createUser = (email: string, name: string, agency: string) =>
    createUserWithCli(env, { email, name, agency, password: CANARY.password });
  const signIn = (email: string, password = CANARY.password) => signInAt(baseUrl, email, password);
  const api = (method: string, route: string, cookie: string, body?: unknown) =>
    callApi(baseUrl, method, route, cookie, body);

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    const port = await freePort();
    env = serverEnv(port, database.url, {
      LOG_LEVEL: 'trace',
      AUDIT_SIGNING_KEY_FILE: path.join(os.tmpdir(), `roundtable-logs-key-${randomUUID()}.pem`),
      AUDIT_EDIT_WINDOW_MS: '200',
    });
    baseUrl = `http://127.0.0.1:${port}`;
    await createUser('chair.logs@example.org', 'Chair Logs', 'childrens-social-care');
    await createUser('police.logs@example.org', 'Police Logs', 'police');
    server = await ServerProcess.start(env);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.stop();
  });

  it('never carries case content, passwords, session tokens or tickets', async () => {
    expect((await signIn('chair.logs@example.org', CANARY.wrongPassword)).status).toBe(401);
    const chair = await signIn('chair.logs@example.org');
    const police = await signIn('police.logs@example.org');
    const meeting = await api('POST', '/api/meetings', chair.cookie, {
      reason: CANARY.reason,
      scheduledAt: '2026-03-02T13:00:00Z',
      children: [{ name: CANARY.child, dateOfBirth: '2021-11-14' }],
    });
    await api('POST', `/api/meetings/${meeting.id}/members`, chair.cookie, {
      email: 'police.logs@example.org',
      role: 'participant',
    });

    // Record text through a real provider that authenticates with a one-use ticket in the URL.
    const { ticket } = await api('POST', '/api/collab/tickets', police.cookie, {
      meetingId: meeting.id,
      kind: 'record',
    });
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(
      `${baseUrl.replace('http', 'ws')}/collab`,
      documentName(meeting.id, 'record'),
      doc,
      {
        WebSocketPolyfill: WebSocket as never,
        params: { ticket },
        disableBc: true,
      },
    );
    await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()));
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(CANARY.record)]);
    doc.getXmlFragment('reason').insert(0, [paragraph]);

    // Decisions and actions over socket.io.
    const chairEvents = await EventsClient.connect(baseUrl, { cookie: chair.cookie });
    const policeEvents = await EventsClient.connect(baseUrl, { cookie: police.cookie });
    try {
      await chairEvents.ok('meeting:join', { meetingId: meeting.id });
      await policeEvents.ok('meeting:join', { meetingId: meeting.id });
      const decision = await chairEvents.ok('decision:open', {
        meetingId: meeting.id,
        childIds: [meeting.children[0].id],
      });
      await policeEvents.ok('view:record', {
        meetingId: meeting.id,
        decisionId: decision.id,
        harm: 'yes',
        recommendedOption: 's47-joint',
        reasons: CANARY.view,
      });
      const refused = await policeEvents.emit('view:record', { meetingId: meeting.id, reasons: CANARY.view });
      expect(refused.ok).toBe(false); // a validation failure is logged too; its payload must not be
      await policeEvents.ok('action:create', {
        meetingId: meeting.id,
        description: CANARY.action,
        ownerUserId: meeting.members[0].userId,
        ownerAgency: 'childrens-social-care',
        dueAt: '2026-03-03T17:00:00Z',
      });
    } finally {
      chairEvents.close();
      policeEvents.close();
      provider.destroy();
      doc.destroy();
    }
    await api('POST', '/api/auth/logout', chair.cookie);

    server.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const output = server.output;

    // The server did log the activity (so the check below means something)…
    expect(output).toContain('collab connected');
    expect(output).toMatch(/meeting/i);
    // …and none of the secrets or case content.
    const secrets = [
      ...Object.values(CANARY),
      'Zebulon',
      chair.cookie.split('=')[1]!,
      police.cookie.split('=')[1]!,
      ticket as string,
    ];
    for (const secret of secrets) expect({ secret, found: output.includes(secret) }).toEqual({ secret, found: false });
  });
});
