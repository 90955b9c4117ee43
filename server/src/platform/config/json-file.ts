import { readFileSync } from 'node:fs';

/**
 * Reads and parses a JSON configuration file, or says in one line why it
 * cannot (unreadable, not JSON), so a bad file stops the boot with a message
 * an administrator can act on. The caller validates the shape.
 */
export function readJsonFile(file: string): { ok: true; json: unknown } | { ok: false; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, problems: [`cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}`] };
  }
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problems: [`${file} is not valid JSON: ${(error as Error).message}`] };
  }
}
