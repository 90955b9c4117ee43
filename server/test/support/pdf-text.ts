import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const IN_CI = process.env.CI === 'true';
let available: boolean | undefined;

/**
 * Whether Poppler's `pdftotext` can run, so tests can read a PDF's text as a
 * reader's tools would. Locally a missing one skips those tests with a
 * printed reason; in CI (CI=true) it is a failure (nothing may skip in CI).
 */
export function pdftotextAvailable(): boolean {
  available ??= spawnSync('pdftotext', ['-v'], { timeout: 5_000 }).error === undefined;
  if (available) return true;
  const reason = 'pdftotext is not installed (apt-get install poppler-utils)';
  if (IN_CI) throw new Error(`${reason}; CI requires it (nothing may skip in CI)`);
  process.stderr.write(`[roundtable tests] skipping PDF text checks: ${reason}\n`);
  return false;
}

/** `it` when pdftotext is available, `it.skip` otherwise (never in CI: that throws). */
export function itWithPdftotext(): jest.It {
  return pdftotextAvailable() ? it : it.skip;
}

/** The text of a PDF as `pdftotext` extracts it (UTF-8, in content-stream order: each table cell's lines stay together). */
export function pdfToText(pdf: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'pdftotext',
      ['-enc', 'UTF-8', '-raw', '-', '-'],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    child.stdin?.end(Buffer.from(pdf));
  });
}

/** Text with runs of whitespace (line wraps, table cells) folded to single spaces, for phrase matching. */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text with all whitespace removed: pdftotext may drop or add spaces between words set in different fonts or cells. */
export function compactText(text: string): string {
  return text.replace(/\s+/g, '');
}

/** `pdfinfo`'s fields (Title, Tagged, Pages, …) of a PDF; Poppler ships it with pdftotext. */
export async function pdfInfo(pdf: Uint8Array): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'roundtable-pdf-'));
  try {
    const file = path.join(dir, 'record.pdf');
    await writeFile(file, pdf);
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('pdfinfo', ['-enc', 'UTF-8', file], (error, out) => (error ? reject(error) : resolve(out))),
    );
    return Object.fromEntries(
      stdout
        .split('\n')
        .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
