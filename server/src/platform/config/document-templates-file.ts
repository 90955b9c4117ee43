import { readFileSync } from 'node:fs';
import {
  type DocumentTemplateSet,
  DocumentTemplatesFileSchema,
  completeTemplateSet,
} from '@roundtable/shared/templates';

/**
 * Reads a deployment's document templates (the JSON file named by
 * DOCUMENT_TEMPLATES_FILE) and completes them with the built-in template of
 * every document kind the file leaves out. Returns every problem, one line
 * each, so a bad file stops the boot with a message an administrator can act on.
 */
export function readDocumentTemplatesFile(
  file: string,
): { ok: true; templates: DocumentTemplateSet } | { ok: false; problems: string[] } {
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
  const parsed = DocumentTemplatesFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, templates: completeTemplateSet(parsed.data) };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
  };
}
