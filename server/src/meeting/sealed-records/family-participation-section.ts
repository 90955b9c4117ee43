import { FAMILY_RELATIONSHIP_LABELS, type FamilyRelationship } from '@roundtable/shared/family';
import { FAMILY_ATTENDANCE_LABELS, type FamilyAttendanceStatus } from '@roundtable/shared/family-view';
import { formatDateTime } from './record-text';

/**
 * The family's part of the sealed record (docs/FAMILY.md "The family view"):
 * "The family's own words" (their views, before and during the meeting), each
 * family member's attendance (with the part and reason they were excluded
 * from, in the professional versions only; an interpreter or advocate), and
 * their safety-plan signatures with the hash each signed and whether it is the
 * safety plan sealed here. Self-contained like conference-section.ts: built,
 * cut for the family and rendered (HTML, PDF) here.
 */
export interface FamilyParticipationModel {
  words: { author: string; relationship: string; text: string; submittedAt: string; when: 'before' | 'during' }[];
  attendance: {
    name: string;
    relationship: string;
    status: FamilyAttendanceStatus | null;
    /** When the part they were excluded from began; null in the family version. */
    partStartedAt: string | null;
    /** Why they were excluded; null in the family version. */
    reason: string | null;
    interpreterLanguage: string | null;
    advocate: string | null;
  }[];
  signatures: { name: string; versionHash: string; signedAt: string; matchesSealedPlan: boolean }[];
  forFamily: boolean;
}

/** The rows the sources repository reads (sealed-record-sources.repository.ts findFamilyParticipation). */
export interface FamilyParticipationRows {
  members: { id: string; displayName: string; relationship: string }[];
  views: { participantId: string; text: string; meetingStatus: string; submittedAt: Date }[];
  attendance: {
    participantId: string;
    status: FamilyAttendanceStatus;
    partStartedAt: Date | null;
    reason: string | null;
    interpreterLanguage: string | null;
    advocateName: string | null;
    advocateOrganisation: string | null;
  }[];
  signatures: { participantId: string; versionHash: string; signedAt: Date }[];
}

const relationship = (r: string) => FAMILY_RELATIONSHIP_LABELS[r as FamilyRelationship] ?? r;

/** The full model (null when no family member was invited: the record is as before). */
export function toFamilyParticipation(rows: FamilyParticipationRows | null): FamilyParticipationModel | null {
  if (!rows || rows.members.length === 0) return null;
  const member = new Map(rows.members.map((m) => [m.id, m]));
  const name = (id: string) => member.get(id)?.displayName ?? 'A family member';
  const rel = (id: string) => relationship(member.get(id)?.relationship ?? '');
  const attendance = new Map(rows.attendance.map((a) => [a.participantId, a]));
  return {
    words: rows.views.map((v) => ({
      author: name(v.participantId),
      relationship: rel(v.participantId),
      text: v.text,
      submittedAt: v.submittedAt.toISOString(),
      when: v.meetingStatus === 'scheduled' ? 'before' : 'during',
    })),
    attendance: rows.members.map((m) => {
      const a = attendance.get(m.id);
      const advocate = [a?.advocateName, a?.advocateOrganisation].filter(Boolean).join(', ');
      return {
        name: m.displayName,
        relationship: relationship(m.relationship),
        status: a?.status ?? null,
        partStartedAt: a?.partStartedAt?.toISOString() ?? null,
        reason: a?.reason ?? null,
        interpreterLanguage: a?.interpreterLanguage ?? null,
        advocate: advocate || null,
      };
    }),
    signatures: rows.signatures.map((s) => ({
      name: name(s.participantId),
      versionHash: s.versionHash,
      signedAt: s.signedAt.toISOString(),
      matchesSealedPlan: false,
    })),
    forFamily: false,
  };
}

/**
 * The family version: says only that a family member was excluded from part of
 * the meeting, never when or why; and leaves out the family's own words, because
 * every invited family member downloads the same version and they may be in
 * conflict (DOMAIN-PATHWAY §7: separate slots where there is domestic abuse).
 * Each reads their own words on their family page.
 */
export function familyFamilyParticipation(
  model: FamilyParticipationModel | null | undefined,
): FamilyParticipationModel | null {
  if (!model) return null;
  return {
    ...model,
    attendance: model.attendance.map((a) => ({ ...a, partStartedAt: null, reason: null })),
    words: [],
    forFamily: true,
  };
}

/** Marks each signature matching (or not) the hash of the family-facing safety plan sealed in this version. */
export function withSealedPlanHash(
  model: FamilyParticipationModel | null | undefined,
  sealedPlanHash: string,
): FamilyParticipationModel | null {
  if (!model) return null;
  return {
    ...model,
    signatures: model.signatures.map((s) => ({ ...s, matchesSealedPlan: s.versionHash === sealedPlanHash })),
  };
}

export const FAMILY_WORDS_TITLE = 'The family’s own words';
/** Where the family's own words are in the professional versions. */
export const FAMILY_WORDS_LEFT_OUT =
  'Family members’ own words are in the professional record. Each family member can read their own on their family page.';
const TITLE = 'Family members';

function statusText(a: FamilyParticipationModel['attendance'][number], forFamily: boolean): string {
  if (!a.status) return 'Not recorded';
  if (a.status !== 'excluded-from-part' || forFamily) return FAMILY_ATTENDANCE_LABELS[a.status];
  const when = a.partStartedAt ? ` (the part that began ${formatDateTime(a.partStartedAt)})` : '';
  return `${FAMILY_ATTENDANCE_LABELS[a.status]}${when}: ${a.reason ?? 'no reason recorded'}`;
}

interface Content {
  tables: { caption: string; headings: readonly string[]; rows: string[][] }[];
  words: { heading: string; text: string }[];
  wordsEmpty: string | null;
}

function content(model: FamilyParticipationModel): Content {
  const tables: Content['tables'] = [
    {
      caption: 'Family members’ attendance',
      headings: ['Family member', 'Relationship', 'Attendance', 'Interpreter', 'Advocate'],
      rows: model.attendance.map((a) => [
        a.name,
        a.relationship,
        statusText(a, model.forFamily),
        a.interpreterLanguage ?? 'None',
        a.advocate ?? 'None',
      ]),
    },
  ];
  if (model.signatures.length > 0) {
    tables.push({
      caption: 'Safety plan signatures',
      headings: ['Family member', 'Signed', 'Version signed (SHA-256)', 'The safety plan in this record'],
      rows: model.signatures.map((s) => [
        s.name,
        formatDateTime(s.signedAt),
        s.versionHash,
        s.matchesSealedPlan ? 'Yes: this is the version they signed' : 'No: the plan changed after they signed',
      ]),
    });
  }
  return {
    tables,
    words: model.words.map((w) => ({
      heading: `${w.author} (${w.relationship}), ${w.when === 'before' ? 'before' : 'during'} the meeting, ${formatDateTime(w.submittedAt)}`,
      text: w.text,
    })),
    wordsEmpty: model.forFamily
      ? FAMILY_WORDS_LEFT_OUT
      : model.words.length === 0
        ? 'The family did not add any views.'
        : null,
  };
}

/** The section as HTML (empty when no family member was invited); `escape` is the renderer's. */
export function familyParticipationHtml(
  model: FamilyParticipationModel | null | undefined,
  escape: (text: string) => string,
): string {
  if (!model) return '';
  const c = content(model);
  const cell = (text: string) => escape(text).replace(/\n/g, '<br>');
  const tables = c.tables.map(({ caption, headings, rows }) => {
    const head = headings.map((h) => `<th scope="col">${escape(h)}</th>`).join('');
    const body = rows
      .map(
        ([first, ...rest]) =>
          `<tr><th scope="row">${cell(first ?? '')}</th>${rest.map((x) => `<td>${cell(x)}</td>`).join('')}</tr>`,
      )
      .join('\n');
    return `<table><caption>${escape(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  });
  const words = c.wordsEmpty
    ? `<p>${escape(c.wordsEmpty)}</p>`
    : c.words.map((w) => `<h4>${escape(w.heading)}</h4><p>${cell(w.text)}</p>`).join('');
  return `<section aria-labelledby="family"><h2 id="family">${TITLE}</h2>${tables.join('')}<h3>${FAMILY_WORDS_TITLE}</h3>${words}</section>`;
}

/** What the PDF renderer's writer offers (record-pdf.renderer.ts). */
export interface FamilyPdfWriter<S> {
  section(): S;
  heading(level: number, text: string, parent: S): void;
  paragraph(text: string, parent: S): void;
  table(caption: string, headings: readonly string[], rows: readonly string[][], parent: S): void;
}

/** The section in the tagged PDF (nothing when no family member was invited). */
export function writeFamilyParticipationPdf<S>(
  w: FamilyPdfWriter<S>,
  model: FamilyParticipationModel | null | undefined,
): void {
  if (!model) return;
  const c = content(model);
  const sect = w.section();
  w.heading(2, TITLE, sect);
  for (const t of c.tables) w.table(t.caption, t.headings, t.rows, sect);
  w.heading(3, FAMILY_WORDS_TITLE, sect);
  if (c.wordsEmpty) w.paragraph(c.wordsEmpty, sect);
  for (const word of c.words) {
    w.heading(4, word.heading, sect);
    w.paragraph(word.text, sect);
  }
}
