import type { BrowserContext, Page } from 'playwright-core';

/** A Content-Security-Policy violation as the page saw it (`securitypolicyviolation`). */
export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
  sourceFile: string;
}

declare global {
  interface Window {
    __cspViolations?: CspViolation[];
  }
}

/**
 * Records every CSP violation in every page of `context` (added before any
 * page script runs; Playwright injects it outside the page's CSP). Read them
 * with `cspViolations(page)`.
 */
export async function recordCspViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push({
        directive: event.effectiveDirective,
        blockedURI: event.blockedURI,
        sample: event.sample,
        sourceFile: event.sourceFile,
      });
    });
  });
}

/** The violations recorded so far in `page` (see recordCspViolations). */
export function cspViolations(page: Page): Promise<CspViolation[]> {
  return page.evaluate(() => window.__cspViolations ?? []);
}
