import {
  type RedactionExemption,
  redactionNotice,
  SUBJECT_ACCESS_BUNDLE_SCHEMA_VERSION,
  SUBJECT_ITEM_KIND_LABELS,
  SUBJECT_KIND_LABELS,
  type SubjectAccessBundle,
  type SubjectItem,
  type SubjectKind,
} from '@roundtable/shared/subject-access';
import { HANDLING_MARKING } from '../sealed-records/record-text';
import { PDF_BOLD, PDF_MARGIN, PDF_REGULAR, PDF_TEXT, renderTaggedPdf } from '../sealed-records/tagged-pdf';

/** A redaction as the bundle applies it (no note, no author: they never reach the subject). */
export interface AppliedRedaction {
  itemKey: string;
  span: { start: number; end: number } | null;
  exemption: RedactionExemption;
}

export type BundleItem = SubjectAccessBundle['items'][number];

/**
 * The items as the subject receives them. A whole-item redaction withholds
 * its title and text; span redactions replace each span of the text with a
 * notice naming the exemption (overlapping spans merge into one place,
 * with the notice of each exemption that covered it). Pure.
 */
export function applyRedactions(items: readonly SubjectItem[], redactions: readonly AppliedRedaction[]): BundleItem[] {
  const byItem = new Map<string, AppliedRedaction[]>();
  for (const r of redactions) byItem.set(r.itemKey, [...(byItem.get(r.itemKey) ?? []), r]);
  return items.map((item) => {
    const own = byItem.get(item.key) ?? [];
    const base = { key: item.key, kind: item.kind, meetingReference: item.meetingReference, at: item.at };
    const whole = own.find((r) => r.span === null);
    if (whole) return { ...base, title: null, text: null, redactions: own.map((r) => r.exemption) };
    return { ...base, title: item.title, text: redactSpans(item.text, own), redactions: own.map((r) => r.exemption) };
  });
}

/** The text with each span (merged where they overlap or touch) replaced by the notices of its exemptions. */
export function redactSpans(text: string, redactions: readonly AppliedRedaction[]): string {
  const spans = redactions
    .filter((r): r is AppliedRedaction & { span: { start: number; end: number } } => r.span !== null)
    .map((r) => ({
      start: Math.min(r.span.start, text.length),
      end: Math.min(r.span.end, text.length),
      exemptions: [r.exemption],
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof spans = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      last.exemptions.push(...s.exemptions.filter((e) => !last.exemptions.includes(e)));
    } else merged.push({ ...s, exemptions: [...s.exemptions] });
  }
  let out = '';
  let at = 0;
  for (const s of merged) {
    out += text.slice(at, s.start) + s.exemptions.map(redactionNotice).join(' ');
    at = s.end;
  }
  return out + text.slice(at);
}

export interface BundleHeader {
  reference: string;
  subjectKind: SubjectKind;
  subjectName: string;
  signedOffAt: Date;
}

/** The JSON bundle's exact bytes (UTF-8, two-space indented, a final newline). */
export function bundleJson(header: BundleHeader, items: BundleItem[]): Buffer {
  const bundle: SubjectAccessBundle = {
    schemaVersion: SUBJECT_ACCESS_BUNDLE_SCHEMA_VERSION,
    reference: header.reference,
    subject: { kind: header.subjectKind, name: header.subjectName },
    signedOffAt: header.signedOffAt.toISOString(),
    items,
  };
  return Buffer.from(`${JSON.stringify(bundle, null, 2)}\n`, 'utf8');
}

/**
 * The bundle as a tagged PDF, set up as the sealed record is (renderTaggedPdf,
 * docs/SEALED-RECORDS.md): PDF 1.7, en-GB, title in the window, standard
 * Helvetica, real text (pdftotext extracts it), page furniture as artifacts.
 * The creation date is the sign-off time, so one signed-off request renders
 * to the same bytes every time. Withheld items and spans are never written:
 * only their notices are.
 */
export function renderBundlePdf(header: BundleHeader, items: BundleItem[]): Promise<Buffer> {
  const title = `Subject access request ${header.reference}`;
  const options = {
    title,
    subject: `${title}, ${HANDLING_MARKING}`,
    createdAt: header.signedOffAt,
    footer: (page: number, count: number) =>
      `${HANDLING_MARKING} · subject access ${header.reference} · page ${page} of ${count}`,
  };
  return renderTaggedPdf(options, (doc, root) => {
    const width = doc.page.width - 2 * PDF_MARGIN;
    const block = (tag: 'H1' | 'H2' | 'H3' | 'P', text: string, font: string, size: number) => {
      if (tag !== 'P' && doc.y > doc.page.height - PDF_MARGIN - 90) doc.addPage();
      root.add(
        doc.struct(tag, {}, () => {
          doc.font(font).fontSize(size).fillColor(PDF_TEXT).text(text, PDF_MARGIN, undefined, { width });
        }),
      );
      doc.moveDown(tag === 'P' ? 0.4 : 0.3);
    };
    block('P', HANDLING_MARKING, PDF_BOLD, 10);
    block('H1', title, PDF_BOLD, 20);
    block(
      'P',
      `About: ${header.subjectName} (${SUBJECT_KIND_LABELS[header.subjectKind].toLowerCase()})`,
      PDF_REGULAR,
      10,
    );
    block('P', `Redactions signed off on ${header.signedOffAt.toISOString()}.`, PDF_REGULAR, 10);
    block(
      'P',
      'Where information is withheld, a notice in square brackets says so and names the exemption in the Data Protection Act 2018 that applies.',
      PDF_REGULAR,
      10,
    );
    let meeting: string | null | undefined;
    for (const item of items) {
      if (item.meetingReference !== meeting) {
        meeting = item.meetingReference;
        doc.moveDown(0.6);
        block('H2', meeting ? `Meeting ${meeting}` : 'Not about one meeting', PDF_BOLD, 15);
      }
      const kind = SUBJECT_ITEM_KIND_LABELS[item.kind];
      block('H3', item.title === null ? kind : `${kind}: ${item.title}`, PDF_BOLD, 12.5);
      if (item.at) block('P', `Date: ${item.at}`, PDF_REGULAR, 10);
      if (item.text === null) {
        const notices = [...new Set(item.redactions)].map(redactionNotice).join(' ');
        block('P', `This item is withheld. ${notices}`, PDF_BOLD, 10);
      } else if (item.text !== '') {
        block('P', item.text, PDF_REGULAR, 10);
      }
    }
  });
}
