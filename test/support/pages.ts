import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { TestUser } from '../../server/test/support/test-app';

/**
 * Fails with every WCAG 2.0/2.1/2.2 A and AA violation axe finds on the page
 * (or inside `include`, a selector). Our pages have no frames (the client makes
 * none), so axe runs in the page itself ("legacy mode") rather than finishing
 * in a second blank page: measured on the meeting room, 4 to 5 s a check
 * instead of 10 to 15 s on a loaded machine, with the same rules. (Limiting
 * `resultTypes` to violations halved that again, but made landmark-unique,
 * a rule that compares nodes, report a duplicate landmark that is not there.)
 */
export async function expectNoAxeViolations(page: Page, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .setLegacyMode(true);
  const results = await (include ? builder.include(include) : builder).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary).toEqual([]);
}

/** Signs in through the form, as a person would, and waits for the page they land on. */
export async function signIn(page: Page, baseUrl: string, user: TestUser, landsOn = '/'): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}${landsOn}`);
}

/**
 * Opens one of the meeting room's tabs ('Record', 'Safety plan', 'Details and timescales', 'People…'):
 * the decisions, the action log and who is here are always shown beside them.
 */
export async function showRoomTab(page: Page, name: string | RegExp): Promise<void> {
  const tab = page.locator('#room-tabs').getByRole('tab', { name });
  await tab.click();
  await page.locator('#room-tabs [role=tab][aria-selected="true"]', { hasText: name }).waitFor();
}
