import { MEETING_TYPE_LABELS, type MeetingTypeOverride, MeetingTypesFileSchema } from '@roundtable/shared/pathway';
import { readJsonFile } from './json-file';

/**
 * Reads a deployment's meeting types (the file named by MEETING_TYPES_FILE):
 * per type, its label, the record's sections and the decision templates its
 * chair can open. Every decision template named must be one this deployment
 * has (`decisionTemplateKeys`: DECISION_TEMPLATES_FILE's, or the built-in
 * ones). Returns every problem, one line each, so a bad file stops the boot
 * with a message an administrator can act on.
 */
export function readMeetingTypesFile(
  file: string,
  decisionTemplateKeys: readonly string[],
): { ok: true; meetingTypes: MeetingTypeOverride[] } | { ok: false; problems: string[] } {
  const read = readJsonFile(file);
  if (!read.ok) return read;
  const parsed = MeetingTypesFileSchema.safeParse(read.json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${file}: ${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
    };
  }
  const problems: string[] = [];
  const known = new Set(decisionTemplateKeys);
  parsed.data.meetingTypes.forEach((type, index) => {
    const where = `${file}: meetingTypes.${index}`;
    const keys = (type.recordSections ?? []).map((s) => s.key);
    // Each section is a fragment of the record document named by its key: two sections cannot share one.
    for (const key of new Set(keys.filter((k, i) => keys.indexOf(k) !== i))) {
      problems.push(`${where}.recordSections: the section key ${key} is listed more than once`);
    }
    const decisions = type.decisionTemplateKeys ?? [];
    if (new Set(decisions).size !== decisions.length) {
      problems.push(`${where}.decisionTemplateKeys: list each decision template once`);
    }
    for (const key of decisions.filter((k) => !known.has(k))) {
      problems.push(
        `${where}.decisionTemplateKeys: ${MEETING_TYPE_LABELS[type.type]} names the decision template ${key}, which this deployment does not have (it has: ${[...known].join(', ')})`,
      );
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, meetingTypes: parsed.data.meetingTypes };
}
