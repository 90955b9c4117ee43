import { randomBytes } from 'node:crypto';
import { documentName } from '@roundtable/shared/realtime';
import * as Y from 'yjs';
import { CollabTestClient } from '../../../test/support/collab-client';
import { eventually } from '../../../test/support/eventually';
import { PartitionProxy } from '../../../test/support/partition-proxy';
import { TestApp } from '../../../test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../../test/support/test-database';
import type { DatabaseHandle } from '../../platform/database/embedded-postgres';

const PARTITION_MS = 30_000;

/** Every token a client typed, and whether a text holds each of them. */
const missing = (tokens: readonly string[], text: string) => tokens.filter((t) => !text.includes(t));

/**
 * R6: a client cut off for 30 s (its traffic dropped, its socket not closed)
 * keeps typing. The server gives up on it (no answer to its pings) while the
 * others carry on; once the link heals, the client's provider gets back in
 * and resends through sync, and every keystroke ends up stored, everyone
 * converged.
 */
describe('a client cut off for 30 s', () => {
  let database: DatabaseHandle;
  let app: TestApp;
  let proxy: PartitionProxy;
  const clients: CollabTestClient[] = [];

  beforeAll(async () => {
    database = await startTestDatabase(oneDatabaseKind());
    app = await TestApp.start(database, { COLLAB_PING_INTERVAL_MS: '2000' });
    proxy = await PartitionProxy.start({ host: '127.0.0.1', port: app.port });
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await proxy?.close();
    await app?.close();
    await database?.stop();
  });

  it('stores every keystroke it typed meanwhile, and everyone converges', async () => {
    const chair = await app.createUser({ agency: 'childrens-social-care' });
    const member = await app.createUser({ agency: 'police' });
    const { meeting, chairCookie } = await app.createMeeting(chair, [{ member, role: 'participant' }]);
    const memberCookie = await app.signIn(member);
    const cutOff = await CollabTestClient.connected(proxy.url, memberCookie, meeting.id);
    const other = await CollabTestClient.connected(app.url, chairCookie, meeting.id);
    clients.push(cutOff, other);

    const typed = { cutOff: [] as string[], other: [] as string[] };
    const type = (who: keyof typeof typed, client: CollabTestClient) => {
      const token = `${who}-${randomBytes(3).toString('hex')} `;
      typed[who].push(token);
      client.type(token);
    };
    for (let i = 0; i < 3; i++) type('cutOff', cutOff);
    await eventually(() => expect(missing(typed.cutOff, other.text())).toEqual([]));

    proxy.partition();
    const timer = setInterval(() => {
      type('cutOff', cutOff);
      type('other', other);
    }, 500);
    await new Promise((resolve) => setTimeout(resolve, PARTITION_MS));
    clearInterval(timer);
    // Nothing the cut-off client typed crossed meanwhile.
    expect(missing(typed.cutOff.slice(3), other.text())).toEqual(typed.cutOff.slice(3));
    proxy.heal();

    await eventually(() => {
      expect(missing([...typed.cutOff, ...typed.other], other.text())).toEqual([]);
      expect(cutOff.text()).toBe(other.text());
    }, 45_000);
    // And it is all stored: a fresh client loads it from PostgreSQL.
    const rows: { update: Buffer }[] = await app.dataSource.query(
      `SELECT update FROM document_updates WHERE document_name = $1 ORDER BY id`,
      [documentName(meeting.id, 'record')],
    );
    const stored = new Y.Doc();
    for (const row of rows) Y.applyUpdate(stored, row.update);
    expect(missing([...typed.cutOff, ...typed.other], stored.getText('notes').toString())).toEqual([]);
    stored.destroy();
  }, 120_000);
});
