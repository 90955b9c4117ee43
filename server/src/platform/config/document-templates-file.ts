import {
  type DocumentTemplateSet,
  DocumentTemplatesFileSchema,
  completeTemplateSet,
} from '@roundtable/shared/templates';
import { readJsonFile } from './json-file';

/**
 * Reads a deployment's document templates (the JSON file named by
 * DOCUMENT_TEMPLATES_FILE) and completes them with the built-in template of
 * every document kind the file leaves out. Returns every problem, one line
 * each, so a bad file stops the boot with a message an administrator can act on.
 */
export function readDocumentTemplatesFile(
  file: string,
): { ok: true; templates: DocumentTemplateSet } | { ok: false; problems: string[] } {
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const json = read.json;
  const parsed = DocumentTemplatesFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, templates: completeTemplateSet(parsed.data) };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
  };
}
