import { type DecisionTemplate, DecisionTemplatesFileSchema } from '@roundtable/shared/decisions';
import { readJsonFile } from './json-file';

/**
 * Reads a deployment's decision templates (the file named by
 * DECISION_TEMPLATES_FILE). Returns every problem as one line each, so a bad
 * file stops the boot with a message an administrator can act on.
 */
export function readDecisionTemplatesFile(
  file: string,
): { ok: true; templates: DecisionTemplate[] } | { ok: false; problems: string[] } {
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const json = read.json;
  const parsed = DecisionTemplatesFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, templates: parsed.data.templates };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
  };
}
