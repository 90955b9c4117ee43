import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (or CHROME_BIN). Never a downloaded browser. */
export function findChromium(): string | undefined {
  if (process.env.CHROME_BIN) return process.env.CHROME_BIN;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether browser tests can run. Locally a missing chromium skips them with a
 * printed reason; in CI (CI=true) it is a failure.
 */
export function browserAvailable(): boolean {
  if (findChromium()) return true;
  const reason = 'Debian chromium is not installed (apt-get install chromium, or set CHROME_BIN)';
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires it`);
  process.stderr.write(`[roundtable tests] skipping browser tests: ${reason}\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
