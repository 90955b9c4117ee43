import { existsSync } from 'node:fs';
import path from 'node:path';
import { documentName } from '@roundtable/shared/realtime';
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import { type DatabaseHandle, freePort } from '../../server/src/platform/database/embedded-postgres';
import { eventually } from '../../server/test/support/eventually';
import type { TestUser } from '../../server/test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../server/test/support/test-database';
import { browserAvailable, launchChromium } from '../support/browser';
import { showRoomTab, signIn as signInPage } from '../support/pages';
import { api, createUserWithCli, ServerProcess, serverEnv, signIn } from '../support/server-process';
import { editUpdate, updateFrame } from './frames';

/**
 * A session in a real browser against the built server (its own process, its
 * own logs, at the most verbose level), with canary values for everything
 * that must stay secret: a child's name, the reason, record text, a password,
 * session tokens and a collab ticket. After sign-out none of them is in the
 * logs, in any URL the browser requested, or anywhere in the browser's
 * storage. (test/logs.e2e-spec.ts covers decisions and actions in the logs.)
 */
const CLIENT_INDEX = path.join(__dirname, '..', '..', 'client', 'dist', 'index.html');

const CANARY = {
  child: 'Quillon Canarybird',
  reason: 'Canary-reason-3d9e seen with a burn on the hand',
  record: 'Canary-record-text-6b1f',
  ticketRecord: 'Canary-ticket-text-c04a',
  password: 'Canary-password-right-8a2d',
};

const describeBrowser = browserAvailable() ? describe : describe.skip;

describeBrowser('adversarial: canaries after a browser session and sign-out', () => {
  let database: DatabaseHandle;
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CLIENT_INDEX)) throw new Error('client/dist is missing: run `npm run build` (npm test does) first');
    database = await startTestDatabase(oneDatabaseKind());
    const env = serverEnv(await freePort(), database.url, { LOG_LEVEL: 'trace' });
    for (const [email, name, agency] of [
      ['chair.canary@example.org', 'Chair Canary', 'childrens-social-care'],
      ['police.canary@example.org', 'Police Canary', 'police'],
    ]) {
      await createUserWithCli(env, { email: email!, name: name!, agency: agency!, password: CANARY.password });
    }
    server = await ServerProcess.start(env);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.stop();
  });

  it('leaves no canary in the logs, in any URL the browser requested, or in browser storage', async () => {
    const baseUrl = server.baseUrl;
    const chair = await signIn(baseUrl, 'chair.canary@example.org', CANARY.password);
    const meeting = await api(baseUrl, 'POST', '/api/meetings', chair.cookie, {
      reason: CANARY.reason,
      scheduledAt: '2026-03-02T13:00:00Z',
      format: 'online',
      children: [{ name: CANARY.child, dateOfBirth: '2021-11-14' }],
    });
    await api(baseUrl, 'POST', `/api/meetings/${meeting.id}/members`, chair.cookie, {
      email: 'police.canary@example.org',
      role: 'participant',
    });

    // A non-browser client with a ticket in its URL (tickets are for those; they must not be logged).
    const police = await signIn(baseUrl, 'police.canary@example.org', CANARY.password);
    const { ticket } = await api(baseUrl, 'POST', '/api/collab/tickets', police.cookie, {
      meetingId: meeting.id,
      kind: 'record',
    });
    const ws = new WebSocket(`${server.wsUrl}/collab/${documentName(meeting.id, 'record')}?ticket=${ticket}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(updateFrame(editUpdate(CANARY.ticketRecord, 'actions')));

    // The browser session: every URL it requests or opens a WebSocket to is recorded.
    const context = await browser.newContext();
    const page = await context.newPage();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    page.on('websocket', (socket) => urls.push(socket.url()));
    const user = { email: 'police.canary@example.org', password: CANARY.password } as TestUser;
    await signInPage(page, baseUrl, user);
    const browserCookie = (await context.cookies()).find((c) => c.name === 'rt_session')?.value;
    expect(browserCookie).toBeTruthy();
    await page.locator(`tr[data-meeting-id="${meeting.id}"] a`).first().click();
    await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    const editor = page.locator('[data-section="reason"] .ProseMirror');
    await editor.click();
    await page.keyboard.type(CANARY.record);
    await page.locator('#connection-status[data-state="saved"]').waitFor();
    await showRoomTab(page, 'Details and timescales');
    await page.getByText(CANARY.child).first().waitFor();
    ws.close();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);

    // Browser storage after sign-out: web storage, IndexedDB, Cache Storage and cookies.
    const stored = await page.evaluate(async () => {
      const dump = (storage: Storage) =>
        Array.from({ length: storage.length }, (_, i) => {
          const key = storage.key(i)!;
          return `${key}=${storage.getItem(key)}`;
        });
      const databases = 'databases' in indexedDB ? await indexedDB.databases() : [];
      const caches_: string[] = [];
      if ('caches' in self) {
        for (const name of await caches.keys()) {
          caches_.push(name);
          for (const request of await (await caches.open(name)).keys()) caches_.push(request.url);
        }
      }
      return {
        local: dump(localStorage),
        session: dump(sessionStorage),
        indexedDb: databases.map((d) => d.name ?? ''),
        caches: caches_,
      };
    });
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'rt_session')).toBeUndefined();
    // Unsent edits are kept in IndexedDB while the server lacks them; sign-out deletes every database.
    expect(stored.indexedDb).toEqual([]);
    await context.close();

    const exited = server.exited;
    server.kill('SIGTERM');
    expect((await exited).code).toBe(0);

    // The logs did record the activity, so their silence about the canaries means something.
    expect(server.output).toContain('collab connected');
    const secrets = [
      ...Object.values(CANARY),
      'Quillon',
      'Canarybird',
      chair.cookie.split('=')[1]!,
      police.cookie.split('=')[1]!,
      browserCookie!,
      ticket as string,
    ];
    const places = {
      logs: server.output,
      urls: urls.join('\n'),
      storage: JSON.stringify({ ...stored, cookies }),
    };
    const found = secrets.flatMap((secret) =>
      Object.entries(places)
        .filter(([, text]) => text.includes(secret))
        .map(([place]) => `${secret} in ${place}`),
    );
    expect(found).toEqual([]);
    expect(urls.length).toBeGreaterThan(5);
    await eventually(() => expect(server.running).toBe(false));
  }, 120_000);
});
