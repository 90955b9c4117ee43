import { DISSENT_PART_LABELS } from '@roundtable/shared/decisions';
import { sealedRecordVariantLabel } from '@roundtable/shared/sealed-records';
import type {
  ActionModel,
  AddendumModel,
  BlockModel,
  DecisionModel,
  DissentModel,
  PersonModel,
  CompartmentModel,
  RunModel,
  SealedRecordModel,
} from './sealed-record.model';
import {
  agencyLabel,
  categoriesLabel,
  documentTitle,
  formatDate,
  formatDateTime,
  formatLabel,
  HANDLING_MARKING,
  harmLabel,
  headingLevel,
  compartmentHeading,
  IDENTITY_WITHHELD,
  LEFT_OUT,
  lawfulBasisLabel,
  omissionsTitle,
  protectedAudience,
  sharingOutcomeLabel,
  nameAndTitle,
  nextStepLabel,
  optionLabel,
  outcomeLabel,
  pathwayTitle,
  personLabel,
  recordTitle,
  restrictionBadge,
  roleLabel,
  stageLabel,
  statusLabel,
  versionLine,
} from './record-text';
import { writeConferenceRecordPdf } from './conference-section';
import { writeFamilyParticipationPdf } from './family-participation-section';
import { writeFgdmRecordPdf } from './fgdm-section';
import { PDF_BOLD as BOLD, PDF_REGULAR as REGULAR, PDF_TEXT as TEXT, renderTaggedPdf } from './tagged-pdf';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

const MONO = 'Courier';
const BODY_SIZE = 10;
const HEADING_SIZES: Record<number, number> = { 1: 20, 2: 15, 3: 12.5, 4: 11, 5: 10.5, 6: 10 };

/** A table cell as pdfkit's accessible tables take it (its typings lack `scope`). */
interface Cell {
  text: string;
  type?: 'TH' | 'TD';
  scope?: 'column' | 'row';
  font?: { src: string; size: number };
}

/**
 * Writes the record's content into a tagged structure tree: every heading,
 * paragraph, list and table is a structure element, so screen readers and
 * `pdftotext` read it in order.
 */
class RecordPdfWriter {
  constructor(
    private readonly doc: Doc,
    private readonly root: Struct,
  ) {}

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  heading(level: number, text: string, parent: Struct = this.root): void {
    const size = HEADING_SIZES[level] ?? BODY_SIZE;
    if (level <= 2) this.doc.moveDown(0.6);
    // Keep a heading with what follows it: no heading alone at the foot of a page.
    if (this.doc.y > this.doc.page.height - this.doc.page.margins.bottom - 90) this.doc.addPage();
    parent.add(
      this.doc.struct(`H${level}`, {}, () => {
        this.doc.font(BOLD).fontSize(size).fillColor(TEXT).text(text, this.doc.page.margins.left, undefined, {
          width: this.width,
        });
      }),
    );
    this.doc.moveDown(0.3);
  }

  paragraph(text: string, parent: Struct = this.root, options: { bold?: boolean; mono?: boolean } = {}): void {
    parent.add(
      this.doc.struct('P', {}, () => {
        this.doc
          .font(options.mono ? MONO : options.bold ? BOLD : REGULAR)
          .fontSize(BODY_SIZE)
          .fillColor(TEXT)
          .text(text, this.doc.page.margins.left, undefined, { width: this.width });
      }),
    );
    this.doc.moveDown(0.4);
  }

  /** Runs of one block in a row, restricted ones after a bold badge. */
  private runs(runs: readonly RunModel[], indent: number, prefix = ''): void {
    const parts: { text: string; bold: boolean }[] = [];
    if (prefix) parts.push({ text: prefix, bold: false });
    for (const r of runs) {
      if (r.withheld) {
        parts.push({ text: `[${r.text}]`, bold: true });
        continue;
      }
      if (r.restriction) parts.push({ text: `[${restrictionBadge(r.restriction)}] `, bold: true });
      parts.push({ text: r.text, bold: false });
    }
    if (parts.length === 0) parts.push({ text: ' ', bold: false });
    parts.forEach((part, i) => {
      const continued = i < parts.length - 1;
      this.doc
        .font(part.bold ? BOLD : REGULAR)
        .fontSize(BODY_SIZE)
        .fillColor(TEXT);
      // Later parts continue the first one's line wrapper: giving them a width again starts a new line.
      if (i === 0)
        this.doc.text(part.text, this.doc.page.margins.left + indent, undefined, {
          width: this.width - indent,
          continued,
        });
      else this.doc.text(part.text, { continued });
    });
  }

  blocks(list: readonly BlockModel[], headingFloor: number, parent: Struct): void {
    if (list.length === 0) {
      this.paragraph('Nothing was recorded.', parent);
      return;
    }
    let listStruct: Struct | null = null;
    let lastHeading = headingFloor - 1;
    for (const block of list) {
      if (!block.listItem) listStruct = null;
      if (block.listItem) {
        if (!listStruct) {
          listStruct = this.doc.struct('L');
          parent.add(listStruct);
        }
        const item = this.doc.struct('LI');
        listStruct.add(item);
        item.add(this.doc.struct('LBody', {}, () => this.runs(block.runs, 12, '• ')));
        this.doc.moveDown(0.2);
      } else if (block.type === 'heading') {
        const level = headingLevel(headingFloor, block.level, lastHeading);
        lastHeading = level;
        this.heading(level, block.runs.map((r) => r.text).join(''), parent);
      } else {
        parent.add(this.doc.struct('P', {}, () => this.runs(block.runs, 0)));
        this.doc.moveDown(0.4);
      }
    }
  }

  /** A caption line, then an accessible table whose first row holds column headers and first column row headers. */
  table(caption: string, headings: readonly string[], rows: readonly string[][], parent: Struct = this.root): void {
    this.paragraph(caption, parent, { bold: true });
    const header: Cell[] = headings.map((h) => ({
      text: h,
      type: 'TH',
      scope: 'column',
      font: { src: BOLD, size: 9 },
    }));
    const body: Cell[][] = rows.map(([first, ...rest]) => [
      { text: first ?? '', type: 'TH', scope: 'row', font: { src: BOLD, size: 9 } },
      ...rest.map((text): Cell => ({ text, type: 'TD', font: { src: REGULAR, size: 9 } })),
    ]);
    this.doc.x = this.doc.page.margins.left;
    this.doc.table({
      structParent: parent,
      data: [header, ...body],
      defaultStyle: { border: 0.5, borderColor: '#b1b4b6', padding: [3, 4, 3, 4] },
    } as unknown as PDFKit.Mixins.TableOptionsWithData);
    this.doc.moveDown(0.8);
  }

  section(): Struct {
    const sect = this.doc.struct('Sect');
    this.root.add(sect);
    return sect;
  }
}

const person = (p: PersonModel | null): string => (p ? personLabel(p) : 'Not recorded');

function writeHeader(w: RecordPdfWriter, model: SealedRecordModel): void {
  const h = model.header;
  const sect = w.section();
  w.heading(2, 'Meeting details', sect);
  const pairs: [string, string][] = [
    ['Reference', h.reference],
    ['Date and time', formatDateTime(h.scheduledAt)],
    ['Format', formatLabel(h.format)],
    ['Chair', person(h.chair)],
  ];
  if (h.startedAt) pairs.push(['Started', formatDateTime(h.startedAt)]);
  if (h.concludedAt) pairs.push(['Concluded', formatDateTime(h.concludedAt)]);
  w.table('Reference, time, format and chair', ['Detail', 'Value'], pairs, sect);
  w.table(
    'Children discussed',
    ['Name', 'Date of birth'],
    h.children.map((c) => [c.name, c.dateOfBirth ? formatDate(c.dateOfBirth) : 'Not known']),
    sect,
  );
  if (h.convenedBecause) {
    w.heading(3, 'Why the discussion was convened', sect);
    w.paragraph(h.convenedBecause, sect);
  }
}

function writeAttendance(w: RecordPdfWriter, model: SealedRecordModel): void {
  const sect = w.section();
  w.heading(2, 'Attendance', sect);
  const who = (p: PersonModel) => [nameAndTitle(p), agencyLabel(p.agency), roleLabel(p.role)];
  if (model.attendance.attended.length === 0) w.paragraph('No attendance was recorded.', sect);
  else w.table('Attended', ['Person', 'Agency', 'Role in the meeting'], model.attendance.attended.map(who), sect);
  if (model.attendance.absent.length > 0) {
    w.table(
      'Invited and did not attend',
      ['Person', 'Agency', 'Role in the meeting', 'Reason'],
      model.attendance.absent.map(({ person: p, reason }) => [...who(p), reason ?? 'Not recorded']),
      sect,
    );
  }
}

function writeAddendum(w: RecordPdfWriter, a: AddendumModel, parent: Struct): void {
  const signed = a.signedOffAt ? `, signed off by ${person(a.signedOffBy)} on ${formatDateTime(a.signedOffAt)}` : '';
  w.heading(5, `Addendum by ${person(a.addedBy)}${signed}`, parent);
  w.blocks(a.blocks, 6, parent);
}

function writeCompartment(w: RecordPdfWriter, c: CompartmentModel, parent: Struct): void {
  if (c.withheld) {
    w.paragraph(c.withheld, parent, { bold: true });
    return;
  }
  w.heading(4, compartmentHeading(c), parent);
  w.blocks(c.blocks, 5, parent);
}

function writeSections(w: RecordPdfWriter, model: SealedRecordModel): void {
  const sect = w.section();
  w.heading(2, 'Record of the discussion', sect);
  for (const s of model.sections) {
    w.heading(3, s.title, sect);
    w.blocks(s.blocks, 4, sect);
    for (const c of s.compartments) writeCompartment(w, c, sect);
    for (const a of s.addenda) writeAddendum(w, a, sect);
  }
  if (model.recordAddenda.length > 0) {
    w.heading(3, 'Addenda to the record as a whole', sect);
    for (const a of model.recordAddenda) writeAddendum(w, a, sect);
  }
}

function writeDissent(w: RecordPdfWriter, d: DissentModel, parent: Struct): void {
  w.heading(5, `Dissent: ${agencyLabel(d.agency)}`, parent);
  w.paragraph(`Dissents from: ${DISSENT_PART_LABELS[d.part]}.`, parent);
  w.paragraph(`Recorded by ${person(d.recordedBy)} on ${formatDateTime(d.recordedAt)}.`, parent);
  w.paragraph(d.reasons, parent);
  if (d.steps.length > 0) {
    w.table(
      'Escalation trail',
      ['Stage', 'Recorded', 'By', 'Note'],
      d.steps.map((s) => [
        stageLabel(s.stage),
        formatDateTime(s.recordedAt),
        person(s.recordedBy),
        s.note ?? 'Left out of this version',
      ]),
      parent,
    );
  }
  if (d.escalationStatus === 'resolved') {
    const when = d.resolvedAt ? ` on ${formatDateTime(d.resolvedAt)}` : '';
    const by = d.resolvedBy ? ` by ${person(d.resolvedBy)}` : '';
    w.paragraph(`Resolved${when}${by}: ${d.outcome ?? ''}`, parent);
  } else {
    w.paragraph(`Escalation open at stage: ${stageLabel(d.stage)}.`, parent);
  }
}

function writeDecision(w: RecordPdfWriter, d: DecisionModel, parent: Struct): void {
  const label = (key: string) => optionLabel(d.optionLabels, key);
  w.heading(3, d.title, parent);
  w.paragraph(d.question, parent);
  w.paragraph(`Children: ${d.children.join(', ') || 'None named'}.`, parent);
  if (d.views.length === 0) w.paragraph('No agency recorded a view.', parent);
  else {
    w.table(
      `Agency views: ${d.title}`,
      ['Agency', 'Significant harm suspected', 'Recommended', 'Reasons', 'Conditions', 'Recorded'],
      d.views.map((v) => [
        `${agencyLabel(v.agency)}${v.current ? '' : ' (earlier view)'}${
          v.restriction ? ` [${restrictionBadge(v.restriction)}]` : ''
        }`,
        harmLabel(v.harm),
        label(v.recommendedOption),
        v.keyInformation ? `${v.reasons}\nKey information: ${v.keyInformation}` : v.reasons,
        v.conditions ?? 'None',
        `${person(v.recordedBy)}, ${formatDateTime(v.recordedAt)}`,
      ]),
      parent,
    );
  }
  for (const notice of d.withheldViews) w.paragraph(`${notice} (an agency view)`, parent, { bold: true });
  if (d.notReached) {
    w.heading(4, 'Not reached', parent);
    w.paragraph(
      `The discussion concluded without this decision. Recorded by ${person(d.notReached.recordedBy)} on ${formatDateTime(
        d.notReached.recordedAt,
      )}:`,
      parent,
    );
    w.paragraph(d.notReached.reason ?? LEFT_OUT, parent);
  } else if (d.laDecisions.length === 0) w.paragraph('The local authority did not record a decision.', parent);
  for (const entry of d.laDecisions) {
    const suffix = `${entry.inForce ? '' : ' (corrected by a later entry)'}${entry.correctionReason ? ' (a correction)' : ''}`;
    w.heading(4, `The local authority’s decision${suffix}`, parent);
    const rows: [string, string][] = [
      ['Decision', entry.chosenOptions.map(label).join('; ')],
      ['Reasons', entry.reasons ?? LEFT_OUT],
      ['Protective action', entry.protectiveActions.length ? entry.protectiveActions.map(label).join('; ') : 'None'],
    ];
    if (entry.protectiveActionDetails) rows.push(['Protective action details', entry.protectiveActionDetails]);
    if (entry.correctionReason) rows.push(['Why it was corrected', entry.correctionReason]);
    rows.push(['Recorded by', `${person(entry.recordedBy)}, ${formatDateTime(entry.recordedAt)}`]);
    w.table('The decision entry', ['Item', 'Entry'], rows, parent);
    w.paragraph('Record state when decided (SHA-256):', parent);
    w.paragraph(entry.recordStateSha256, parent, { mono: true });
  }
  if (d.dissents.length > 0) {
    w.heading(4, 'Dissent and escalation', parent);
    for (const dissent of d.dissents) writeDissent(w, dissent, parent);
  }
}

function actionRow(a: ActionModel): string[] {
  return [
    `${a.description}${a.restriction ? ` [${restrictionBadge(a.restriction)}]` : ''}`,
    person(a.owner),
    agencyLabel(a.ownerAgency),
    formatDateTime(a.dueAt),
    statusLabel(a.status),
    a.child ?? '',
  ];
}

/** People whose identity is protected and decisions about sharing information (not in the family version). */
function writeNeedToKnow(w: RecordPdfWriter, model: SealedRecordModel): void {
  if (model.variant === 'family') return;
  const people = w.section();
  w.heading(2, 'Protected identities', people);
  if (model.protectedPersons.length === 0) w.paragraph('No one’s identity was recorded as protected.', people);
  else
    w.table(
      'People whose identity is protected',
      ['How the record refers to them', 'Role', 'Name', 'Who may know their name'],
      model.protectedPersons.map((p) => [
        p.label,
        p.role.replace('-', ' '),
        p.name ?? IDENTITY_WITHHELD,
        protectedAudience(p.audience),
      ]),
      people,
    );
  const sharing = w.section();
  w.heading(2, 'Information-sharing decisions', sharing);
  if (model.sharingDecisions.length > 0)
    w.table(
      'Decisions to share information or not',
      ['Outcome', 'What', 'With whom', 'Lawful basis', 'Reason', 'Decided'],
      model.sharingDecisions.map((d) => [
        sharingOutcomeLabel(d.outcome),
        d.what,
        d.withWhom,
        lawfulBasisLabel(d.lawfulBasis),
        d.reason,
        `${person(d.decidedBy)}, ${formatDateTime(d.decidedAt)}`,
      ]),
      sharing,
    );
  else if (model.withheldSharingDecisions.length === 0)
    w.paragraph('No decisions about sharing information were recorded.', sharing);
  for (const notice of model.withheldSharingDecisions) {
    w.paragraph(`${notice} (a decision about sharing information)`, sharing, { bold: true });
  }
}

/** A plan meeting's outcomes for each child (conferences) and the plan version it reviewed, with its hash. */
function writePathway(w: RecordPdfWriter, model: SealedRecordModel): void {
  const p = model.pathway;
  if (!p) return;
  const sect = w.section();
  w.heading(2, pathwayTitle(p.conference), sect);
  if (p.conference && p.outcomes.length === 0) w.paragraph('No outcome was recorded for any child.', sect);
  else if (p.conference)
    w.table(
      'Outcome for each child',
      ['Child', 'Outcome', 'Categories', 'Next step', 'Reasons', 'Recorded'],
      p.outcomes.map((o) => [
        o.child,
        outcomeLabel(o.outcome),
        categoriesLabel(o.categories),
        nextStepLabel(o),
        o.reasons ?? LEFT_OUT,
        `${person(o.recordedBy)}, ${formatDateTime(o.recordedAt)}`,
      ]),
      sect,
    );
  if (p.planReviews.length === 0) w.paragraph('No child had a child protection plan to review.', sect);
  for (const r of p.planReviews) {
    w.paragraph(`Plan version reviewed for ${r.child}: version ${r.version}. SHA-256 (as in the audit trail):`, sect);
    w.paragraph(r.hash, sect, { mono: true });
  }
}

function writeBody(w: RecordPdfWriter, model: SealedRecordModel): void {
  if (model.omissions.length > 0) {
    const sect = w.section();
    w.heading(2, omissionsTitle(model), sect);
    w.blocks(
      model.omissions.map((text) => ({
        type: 'paragraph',
        level: null,
        listItem: true,
        runs: [{ text, restriction: null }],
      })),
      3,
      sect,
    );
  }
  writeHeader(w, model);
  writeAttendance(w, model);
  writeConferenceRecordPdf(w, model.conference);
  writeFgdmRecordPdf(w, model.fgdm);
  writeFamilyParticipationPdf(w, model.family);
  writeSections(w, model);
  writeNeedToKnow(w, model);

  const decisions = w.section();
  w.heading(2, 'Decisions', decisions);
  if (model.decisions.length === 0) w.paragraph('No decisions were opened.', decisions);
  for (const d of model.decisions) writeDecision(w, d, decisions);
  writePathway(w, model);

  const actions = w.section();
  w.heading(2, 'Actions', actions);
  if (model.actions.length === 0) w.paragraph('No actions were recorded.', actions);
  else
    w.table(
      'Actions, owners and due dates',
      ['Action', 'Owner', 'Agency', 'Due', 'Status', 'Child'],
      model.actions.map(actionRow),
      actions,
    );
  for (const notice of model.withheldActions) w.paragraph(`${notice} (an action)`, actions, { bold: true });

  if (model.safetyPlan) {
    const plan = w.section();
    w.heading(2, 'Safety plan', plan);
    for (const s of model.safetyPlan.sections) {
      w.heading(3, s.title, plan);
      w.blocks(s.blocks, 4, plan);
      for (const c of s.compartments) writeCompartment(w, c, plan);
    }
    if (model.safetyPlan.addenda.length > 0) {
      w.heading(3, 'Addenda to the safety plan', plan);
      for (const a of model.safetyPlan.addenda) writeAddendum(w, a, plan);
    }
    if (model.safetyPlan.scores.length === 0) w.paragraph('No agency recorded a safety scaling score.', plan);
    else {
      w.table(
        'Safety scaling (0 to 10) by agency',
        ['Agency', 'Score', 'Recorded'],
        model.safetyPlan.scores.map((s) => [
          agencyLabel(s.agency),
          String(s.score),
          `${person(s.recordedBy)}, ${formatDateTime(s.recordedAt)}`,
        ]),
        plan,
      );
    }
  }

  const signOff = w.section();
  w.heading(2, 'Sign-off', signOff);
  w.paragraph(
    model.signOff
      ? `Signed off by ${person(model.signOff.by)} on ${formatDateTime(model.signOff.at)}.`
      : 'Not signed off.',
    signOff,
  );
}

/**
 * The record as a tagged PDF (PDF 1.7, document language en-GB, title shown
 * in the window, standard Helvetica): text is real text, extractable by
 * `pdftotext` and read in order by assistive technology. Pure: the creation
 * date is the sealing time, so the same model renders to the same bytes.
 */
export function renderRecordPdf(model: SealedRecordModel): Promise<Buffer> {
  const furniture = `${HANDLING_MARKING} · ${model.header.reference} · version ${model.version} · ${sealedRecordVariantLabel(
    model.variant,
  ).toLowerCase()}`;
  const options = {
    title: documentTitle(model),
    subject: `${recordTitle(model)}, ${HANDLING_MARKING}`,
    createdAt: new Date(model.sealedAt),
    footer: (page: number, count: number) => `${furniture} · page ${page} of ${count}`,
  };
  return renderTaggedPdf(options, (doc, root) => {
    const w = new RecordPdfWriter(doc, root);
    w.paragraph(HANDLING_MARKING, root, { bold: true });
    w.heading(1, `${recordTitle(model)} ${model.header.reference}`);
    w.paragraph(versionLine(model));
    writeBody(w, model);
  });
}
