import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { DatabaseHandle } from '../../server/src/platform/database/embedded-postgres';
import { within } from '../../server/src/platform/time/within';
import { TestApp } from '../../server/test/support/test-app';
import { oneDatabaseKind, startTestDatabase } from '../../server/test/support/test-database';
import { browserAvailable, launchChromium } from './browser';

const CLIENT_INDEX = path.join(__dirname, '..', '..', 'client', 'dist', 'index.html');
/** The most recent messages of a page kept for a failed test's report. */
const MESSAGES_KEPT = 40;

/** A page a test opened, and what it said: its console, uncaught errors and closed WebSockets. */
interface OpenedPage {
  readonly page: Page;
  readonly messages: string[];
}

/**
 * What each page showed when a test failed: its address, the state of every
 * live connection indicator (`#…-connection[data-state]`), an error summary
 * if one is shown, and its last messages. Failures under CI load are rare and
 * cannot be rerun at will; this is what is left to read.
 */
async function describePages(opened: readonly OpenedPage[]): Promise<string> {
  const lines = ['[browser suite] the test failed; what its pages showed:'];
  for (const [index, { page, messages }] of opened.entries()) {
    lines.push(`page ${index + 1}:`);
    if (page.isClosed()) {
      lines.push('  (closed)');
    } else {
      const shown = await within(
        page.evaluate(() => ({
          connections: [...document.querySelectorAll<HTMLElement>('[id$="-connection"][data-state]')].map(
            (el) => `${el.id}=${el.dataset.state ?? ''}`,
          ),
          errorSummary: document.querySelector('.govuk-error-summary')?.textContent?.trim() ?? null,
        })),
        5_000,
      ).catch((error: unknown) => ({
        settled: true as const,
        value: { connections: [], errorSummary: `could not read the page: ${String(error)}` },
      }));
      lines.push(`  url: ${page.url()}`);
      if (!shown.settled) lines.push('  (the page did not answer within 5 s)');
      else {
        lines.push(`  connections: ${shown.value.connections.join(', ') || 'none shown'}`);
        if (shown.value.errorSummary) lines.push(`  error summary: ${shown.value.errorSummary.replace(/\s+/g, ' ')}`);
      }
    }
    for (const message of messages) lines.push(`  ${message}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What a browser suite's tests use: the real app (built client) on a fresh
 * database of the machine's PostgreSQL (the embedded one where there is
 * none), and headless Chromium. The embedded default has its own suites
 * (describeEachDatabase, start-up.e2e-spec); creating a database is 0.5 s
 * where an embedded cluster's initdb is 5 s of CPU per file.
 */
export interface BrowserSuite {
  readonly database: DatabaseHandle;
  readonly app: TestApp;
  readonly browser: Browser;
  /**
   * A page in a fresh browser context (its own cookies). Content-Security-Policy
   * violations it reports are collected, and after each test there must be none.
   */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

export interface BrowserSuiteOptions {
  /** Extra server environment. */
  env?: Record<string, string>;
  /** Another tool the suite needs (e.g. pdftotext); it decides skipping the same way. */
  requires?: () => boolean;
}

/**
 * A describe block with the real app and Chromium started once for its
 * tests, skipped locally (with a printed reason) when Debian's chromium is
 * missing and failing in CI. The strict CSP is checked on every page.
 */
export function describeInBrowser(
  name: string,
  body: (suite: BrowserSuite) => void,
  options: BrowserSuiteOptions = {},
): void {
  const available = browserAvailable() && (options.requires?.() ?? true);
  (available ? describe : describe.skip)(name, () => {
    let database: DatabaseHandle | undefined;
    let app: TestApp | undefined;
    let browser: Browser | undefined;
    const violations: string[] = [];
    /** The pages the running test opened. */
    const opened: OpenedPage[] = [];
    const ready = <T>(value: T | undefined, what: string): T => {
      if (value === undefined) throw new Error(`${what} is not started (beforeAll failed?)`);
      return value;
    };
    const suite: BrowserSuite = {
      get database() {
        return ready(database, 'the database');
      },
      get app() {
        return ready(app, 'the app');
      },
      get browser() {
        return ready(browser, 'the browser');
      },
      async newPage(contextOptions) {
        const page = await (await ready(browser, 'the browser').newContext(contextOptions)).newPage();
        const messages: string[] = [];
        const keep = (message: string) => {
          messages.push(`${new Date().toISOString().slice(11, 23)} ${message}`);
          if (messages.length > MESSAGES_KEPT) messages.shift();
        };
        page.on('console', (message) => {
          if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
            violations.push(message.text());
          }
          keep(`console.${message.type()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => keep(`uncaught: ${error.message}`));
        page.on('websocket', (socket) => {
          keep(`websocket opened: ${socket.url()}`);
          socket.on('close', () => keep(`websocket closed: ${socket.url()}`));
        });
        opened.push({ page, messages });
        return page;
      },
    };

    beforeAll(async () => {
      if (!existsSync(CLIENT_INDEX))
        throw new Error('client/dist is missing: run `npm run build` (npm test does) first');
      database = await startTestDatabase(oneDatabaseKind());
      app = await TestApp.start(database, options.env);
      browser = await launchChromium();
    });

    afterEach(async () => {
      const pages = opened.splice(0);
      // Set by the e2e environment (test/support/e2e-environment.js).
      if ((globalThis as { __roundtableTestFailed?: boolean }).__roundtableTestFailed) {
        process.stdout.write(await describePages(pages));
      }
      expect(violations.splice(0)).toEqual([]);
    });

    body(suite);

    // Registered after the suite's own hooks, so it runs after them.
    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await database?.stop();
    });
  });
}
