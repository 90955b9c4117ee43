/**
 * Nothing typed is lost silently (issue 15, items 1 and 2), in headless
 * Chromium against the real server:
 * - the chair concludes while Health types: the chair's confirmation names
 *   her; afterwards everything on her screen is stored, or she is told in
 *   words which text was not saved (and it stays on her screen); never "all
 *   changes saved" over text the server does not hold;
 * - edits made with the connection blocked survive a reload and reach the
 *   server and a colleague once the connection returns;
 * - sign-out deletes the edits kept in IndexedDB.
 *
 * DOM hooks: `#connection-status[data-state]` (… | not-saved), `[data-unsaved-section=<key>]`,
 * `#conclude-unsaved-editors`.
 */
import { documentName } from '@roundtable/shared/realtime';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { DocumentStore } from '../server/src/realtime/collab/document-store.service';
import type { TestUser } from '../server/test/support/test-app';
import { describeInBrowser } from './support/browser-suite';
import { expectNoAxeViolations, signIn } from './support/pages';
import { eventually } from '../server/test/support/eventually';

const medical = (page: Page) => page.locator('#record [data-section="medical"] .ProseMirror');
const status = (page: Page) => page.locator('#connection-status');
/** The page's collab WebSockets pass through to the server unless `blocked` (then they close at once). */
async function blockable(page: Page): Promise<{ blocked: boolean }> {
  const control = { blocked: false };
  await page.routeWebSocket(/\/collab\//, (ws) => {
    if (control.blocked) void ws.close();
    else ws.connectToServer();
  });
  return control;
}

/** How many updates the page keeps in IndexedDB (y-indexeddb's `updates` store, every database). */
function keptUpdates(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let total = 0;
    for (const { name } of await indexedDB.databases()) {
      total += await new Promise<number>((resolve) => {
        const open = indexedDB.open(name!);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('updates')) return (resolve(0), db.close());
          const count = db.transaction('updates').objectStore('updates').count();
          count.onsuccess = () => (resolve(count.result), db.close());
        };
        open.onerror = () => resolve(0);
      });
    }
    return total;
  });
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

describeInBrowser('conclusion and unsent edits in headless Chromium', (suite) => {
  /** The stored text of a record section (PostgreSQL), paragraphs joined by newlines. */
  async function storedSection(meetingId: string, key: string): Promise<string> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await suite.app.get(DocumentStore).encodeState(documentName(meetingId, 'record')));
    return doc
      .getXmlFragment(key)
      .toArray()
      .map((node) =>
        node instanceof Y.XmlElement
          ? node
              .toArray()
              .map((t) => (t as Y.XmlText).toString())
              .join('')
          : '',
      )
      .join('\n');
  }

  /** A live meeting with a chair and a health practitioner, each in the room. */
  async function liveMeeting(reference: string) {
    const chair = await suite.app.createUser({ displayName: 'Sam Chair', jobTitle: 'Team manager' });
    const health = await suite.app.createUser({
      displayName: 'Priya Placeholder',
      jobTitle: 'Named nurse',
      agency: 'health',
    });
    const { meeting, chairCookie } = await suite.app.createMeeting(chair, [{ member: health, role: 'participant' }], {
      reference,
    });
    const started = await suite.app.request('POST', `/api/meetings/${meeting.id}/start`, {
      cookie: chairCookie,
      body: {},
    });
    expect(started.status).toBe(200);
    return { meeting, chair, health, chairCookie };
  }

  async function openRoom(user: TestUser, meetingId: string): Promise<Page> {
    const page = await suite.newPage();
    await signIn(page, suite.app.url, user);
    await page.goto(`${suite.app.url}/meetings/${meetingId}`);
    await status(page).and(page.locator('[data-state="saved"]')).waitFor();
    return page;
  }

  it('names who is typing before the chair concludes; afterwards nothing on her screen is missing from the record unless she is told in words', async () => {
    const { meeting, chair, health } = await liveMeeting('SD-CONCLUDE-1');
    const chairPage = await openRoom(chair, meeting.id);
    const healthPage = await openRoom(health, meeting.id);
    // Never "all changes saved" over text the server does not hold: every state the indicator shows is recorded.
    await healthPage.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenStates: string[] }).seenStates = seen;
      const target = document.getElementById('connection-status')!.parentElement!;
      new MutationObserver(() => {
        const state = document.getElementById('connection-status')?.getAttribute('data-state');
        if (state && seen.at(-1) !== state) seen.push(state);
      }).observe(target, { subtree: true, attributes: true, childList: true });
    });

    await medical(healthPage).click();
    await healthPage.keyboard.type('Seen by the GP.');
    await eventually(async () => expect(await storedSection(meeting.id, 'medical')).toContain('Seen by the GP.'));
    await healthPage.keyboard.press('Enter');

    await chairPage.locator('#open-conclude').click();
    // She keeps typing while the chair confirms.
    const typing = healthPage.keyboard.type(
      'She found further bruising on the left forearm and the back of the neck.',
      {
        delay: 25,
      },
    );
    await chairPage
      .locator('#conclude-unsaved-editors')
      .getByText('Priya Placeholder is typing in Medical assessment')
      .waitFor();
    await expectNoAxeViolations(chairPage);
    await chairPage.locator('#conclude-form').getByRole('button', { name: 'Conclude the discussion' }).click();
    await chairPage.locator('[data-testid=meeting-status][data-status="concluded"]').waitFor();
    await typing;
    await healthPage.locator('[data-testid=meeting-status][data-status="concluded"]').waitFor();

    // Settled: either the server holds all she sees, or she is told what it lacks.
    await status(healthPage).and(healthPage.locator('[data-state="saved"], [data-state="not-saved"]')).waitFor();
    const paragraphs = await medical(healthPage).locator('p').allInnerTexts();
    const stored = await storedSection(meeting.id, 'medical');
    const state = await status(healthPage).getAttribute('data-state');
    const seen = await healthPage.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates);
    if (normalise(stored) === normalise(paragraphs.join(' '))) {
      expect(state).toBe('saved');
    } else {
      expect({ state, seenLast: seen.at(-1) }).toEqual({ state: 'not-saved', seenLast: 'not-saved' });
      const told = normalise(await healthPage.locator('[data-unsaved-section="medical"]').innerText());
      expect(told).toContain('Medical assessment');
      expect(told).toContain(normalise(paragraphs.at(-1)!));
      await expect(status(healthPage).textContent()).resolves.toMatch(/^Not saved – /);
    }
    await expectNoAxeViolations(healthPage);
  });

  it('tells an author in words which text the concluded record refused, and keeps it on her screen', async () => {
    const { meeting, chair, health, chairCookie } = await liveMeeting('SD-CONCLUDE-2');
    const healthPage = await openRoom(health, meeting.id);
    await medical(healthPage).click();
    await healthPage.keyboard.type('Seen by the GP.');
    await eventually(async () => expect(await storedSection(meeting.id, 'medical')).toContain('Seen by the GP.'));

    // Her connection drops; she goes on typing; the chair concludes meanwhile.
    const collab = await blockable(healthPage);
    collab.blocked = true;
    await healthPage.evaluate(() => window.dispatchEvent(new Event('offline')));
    await status(healthPage).and(healthPage.locator('[data-state="offline"]')).waitFor();
    await healthPage.keyboard.press('Enter');
    await healthPage.keyboard.type('She found further bruising ');
    const concluded = await suite.app.request('POST', `/api/meetings/${meeting.id}/conclude`, {
      cookie: chairCookie,
      body: {},
    });
    expect(concluded.status).toBe(200);

    collab.blocked = false;
    await healthPage.evaluate(() => window.dispatchEvent(new Event('online')));
    await status(healthPage).and(healthPage.locator('[data-state="not-saved"]')).waitFor();
    await expect(healthPage.locator('[data-unsaved-section="medical"]').innerText()).resolves.toContain(
      'She found further bruising',
    );
    await expect(medical(healthPage).innerText()).resolves.toContain('She found further bruising');
    expect(await storedSection(meeting.id, 'medical')).not.toContain('bruising');
    await expectNoAxeViolations(healthPage);
    void chair;
  });

  it('keeps edits made offline through a reload, sends them when the connection returns, and erases them at sign-out', async () => {
    const { meeting, chair, health } = await liveMeeting('SD-OFFLINE-1');
    const chairPage = await openRoom(chair, meeting.id);
    const healthPage = await openRoom(health, meeting.id);
    const collab = await blockable(healthPage);
    healthPage.on('dialog', (dialog) => void dialog.accept()); // "leave with unsaved changes?" on reload

    collab.blocked = true;
    await healthPage.evaluate(() => window.dispatchEvent(new Event('offline')));
    await status(healthPage).and(healthPage.locator('[data-state="offline"]')).waitFor();
    await expect(status(healthPage).textContent()).resolves.toContain('kept on this device');
    await medical(healthPage).click();
    await healthPage.keyboard.type('Typed while offline.');
    await eventually(async () => expect(await keptUpdates(healthPage)).toBeGreaterThan(0));

    // The tab reloads with the connection still blocked: the text is still there, on this device.
    await healthPage.reload();
    await medical(healthPage).getByText('Typed while offline.').waitFor();
    expect(await storedSection(meeting.id, 'medical')).not.toContain('Typed while offline.');

    // Back online: the server and the colleague get it, and the copy on the device goes.
    collab.blocked = false;
    await healthPage.evaluate(() => window.dispatchEvent(new Event('online')));
    await status(healthPage).and(healthPage.locator('[data-state="saved"]')).waitFor();
    await medical(chairPage).getByText('Typed while offline.').waitFor();
    expect(await storedSection(meeting.id, 'medical')).toContain('Typed while offline.');
    await eventually(async () =>
      expect(await healthPage.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]),
    );
    await expectNoAxeViolations(healthPage);

    // Offline again with unsent text, then sign-out: nothing stays in IndexedDB.
    collab.blocked = true;
    await healthPage.evaluate(() => window.dispatchEvent(new Event('offline')));
    await status(healthPage).and(healthPage.locator('[data-state="offline"]')).waitFor();
    await medical(healthPage).click();
    await healthPage.keyboard.type(' Not sent before sign-out.');
    await eventually(async () => expect(await keptUpdates(healthPage)).toBeGreaterThan(0));
    await healthPage.getByRole('button', { name: 'Sign out' }).click();
    await healthPage.waitForURL(/\/sign-in/);
    await expect(healthPage.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).resolves.toEqual(
      [],
    );
  });
});
