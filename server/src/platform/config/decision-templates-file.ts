import { readFileSync } from 'node:fs';
import { type DecisionTemplate, DecisionTemplatesFileSchema } from '@roundtable/shared/decisions';

/**
 * Reads a deployment's decision templates (the file named by
 * DECISION_TEMPLATES_FILE). Returns every problem as one line each, so a bad
 * file stops the boot with a message an administrator can act on.
 */
export function readDecisionTemplatesFile(
  file: string,
): { ok: true; templates: DecisionTemplate[] } | { ok: false; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, problems: [`cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${file} is not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = DecisionTemplatesFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, templates: parsed.data.templates };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
  };
}
