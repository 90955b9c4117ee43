import type { Agency } from '@roundtable/shared/constants';
import type { ConferenceRecordRows } from '../conferences/conferences.repository';
import type { PersonModel } from './sealed-record.model';
import { agencyLabel, formatDateTime, personLabel } from './record-text';

/**
 * The conference's part of its sealed record (DOMAIN-PATHWAY §1.4, §1.7,
 * §9.1 items 5–6): the agency reports (who, when, whether the parents saw
 * them, and why not) and the parts held without the parents (times,
 * reason). Never a report's text. Self-contained: built, cut for the family
 * and rendered (HTML, PDF) here, so the renderers each call one function.
 */
export interface ConferenceRecordModel {
  reports: {
    agency: Agency;
    author: PersonModel;
    submittedAt: string;
    sharedWithParents: boolean;
    sharedAt: string | null;
    /** Null in the family version (which lists only the reports shared with the parents). */
    notSharedReason: string | null;
  }[];
  /** Parts held without the parents with their times and reasons; empty in the family version. */
  parts: { startedAt: string; endedAt: string | null; reason: string }[];
  /** Whether any part was held without the parents: all the family version says of them. */
  heldPartWithoutParents: boolean;
  /** The family version: only reports shared with the parents, and no detail of the parts. */
  forFamily: boolean;
}

export const PART_WITHOUT_PARENTS = 'A part of the conference was held without the parents.';

/** Printed at the top of a conference's family version (with FAMILY_OMISSIONS). */
export const CONFERENCE_FAMILY_OMISSION =
  'Agency reports not shared with the parents, and when and why any part of the conference was held without them, are left out.';

export function toConferenceRecord(rows: ConferenceRecordRows | null): ConferenceRecordModel | null {
  if (!rows) return null;
  return {
    reports: rows.reports.map((r) => ({
      agency: r.agency,
      author: { ...r.author },
      submittedAt: r.submittedAt.toISOString(),
      sharedWithParents: r.sharedWithParents,
      sharedAt: r.sharedAt?.toISOString() ?? null,
      notSharedReason: r.sharedWithParents ? null : r.notSharedReason,
    })),
    parts: rows.parts.map((p) => ({
      startedAt: p.startedAt.toISOString(),
      endedAt: p.endedAt?.toISOString() ?? null,
      reason: p.reason,
    })),
    heldPartWithoutParents: rows.parts.length > 0,
    forFamily: false,
  };
}

/**
 * What the family version keeps: the reports shared with the parents, by
 * agency and role (no names), and that a part was held without them, never
 * when, why, or that a report was kept from them.
 */
export function familyConferenceRecord(
  conference: ConferenceRecordModel | null | undefined,
): ConferenceRecordModel | null {
  if (!conference) return null;
  return {
    reports: conference.reports
      .filter((r) => r.sharedWithParents)
      .map((r) => ({
        ...r,
        author: { name: null, organisation: null, jobTitle: null, agency: r.author.agency, role: r.author.role },
        notSharedReason: null,
      })),
    parts: [],
    heldPartWithoutParents: conference.heldPartWithoutParents,
    forFamily: true,
  };
}

const TITLE = 'Agency reports and parts held without the parents';
const REPORTS_CAPTION = 'Agency reports';
const REPORT_HEADINGS = ['Agency', 'Author', 'Submitted', 'Shared with the parents'] as const;
const PARTS_CAPTION = 'Parts held without the parents';
const PART_HEADINGS = ['Started', 'Ended', 'Why'] as const;

function sharing(report: ConferenceRecordModel['reports'][number]): string {
  if (report.sharedWithParents) return report.sharedAt ? `Yes, on ${formatDateTime(report.sharedAt)}` : 'Yes';
  return report.notSharedReason ? `No: ${report.notSharedReason}` : 'No';
}

/** The section's words, the same in HTML and PDF: paragraphs and tables (first column a row header). */
function content(conference: ConferenceRecordModel): {
  paragraphs: string[];
  tables: { caption: string; headings: readonly string[]; rows: string[][] }[];
} {
  const paragraphs: string[] = [];
  const tables: { caption: string; headings: readonly string[]; rows: string[][] }[] = [];
  if (conference.reports.length > 0) {
    tables.push({
      caption: REPORTS_CAPTION,
      headings: REPORT_HEADINGS,
      rows: conference.reports.map((r) => [
        agencyLabel(r.agency),
        personLabel(r.author),
        formatDateTime(r.submittedAt),
        sharing(r),
      ]),
    });
  } else {
    paragraphs.push(
      conference.forFamily ? 'No agency report was shared with the parents.' : 'No agency submitted a report.',
    );
  }
  if (conference.forFamily) {
    if (conference.heldPartWithoutParents) paragraphs.push(PART_WITHOUT_PARENTS);
  } else if (conference.parts.length > 0) {
    tables.push({
      caption: PARTS_CAPTION,
      headings: PART_HEADINGS,
      rows: conference.parts.map((p) => [
        formatDateTime(p.startedAt),
        p.endedAt ? formatDateTime(p.endedAt) : 'Not recorded',
        p.reason,
      ]),
    });
  } else {
    paragraphs.push('No part of the conference was held without the parents.');
  }
  return { paragraphs, tables };
}

/** The section as HTML (empty for a meeting that is not a conference); `escape` is the renderer's. */
export function conferenceRecordHtml(
  conference: ConferenceRecordModel | null | undefined,
  escape: (text: string) => string,
): string {
  if (!conference) return '';
  const { paragraphs, tables } = content(conference);
  const cell = (text: string) => escape(text).replace(/\n/g, '<br>');
  const html = tables.map(({ caption, headings, rows }) => {
    const head = headings.map((h) => `<th scope="col">${escape(h)}</th>`).join('');
    const body = rows
      .map(
        ([first, ...rest]) =>
          `<tr><th scope="row">${cell(first ?? '')}</th>${rest.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`,
      )
      .join('\n');
    return `<table><caption>${escape(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  });
  return `<section aria-labelledby="conference"><h2 id="conference">${TITLE}</h2>${html.join('')}${paragraphs
    .map((p) => `<p>${escape(p)}</p>`)
    .join('')}</section>`;
}

/** What the PDF renderer's writer offers (record-pdf.renderer.ts). */
export interface ConferencePdfWriter<S> {
  section(): S;
  heading(level: number, text: string, parent: S): void;
  paragraph(text: string, parent: S): void;
  table(caption: string, headings: readonly string[], rows: readonly string[][], parent: S): void;
}

/** The section in the tagged PDF (nothing for a meeting that is not a conference). */
export function writeConferenceRecordPdf<S>(
  w: ConferencePdfWriter<S>,
  conference: ConferenceRecordModel | null | undefined,
): void {
  if (!conference) return;
  const { paragraphs, tables } = content(conference);
  const sect = w.section();
  w.heading(2, TITLE, sect);
  for (const t of tables) w.table(t.caption, t.headings, t.rows, sect);
  for (const p of paragraphs) w.paragraph(p, sect);
}
