import { FGDM_STAGE_LABELS, type FgdmStage, PLAN_OUTCOME_LABELS, type PlanOutcome } from '@roundtable/shared/fgdm';
import type { FgdmFacts } from '../fgdm/fgdm.repository';
import type { PersonModel } from './sealed-record.model';
import { formatDateTime, personLabel } from './record-text';

/**
 * A family group decision-making meeting's part of its sealed record
 * (docs/FAMILY.md "Family group decision-making"): the stages with their
 * times, private family time as an interval only (start, end, who moved it
 * on), the bottom lines, every version of the family's plan as presented
 * (text and SHA-256), the professionals' response to each and the family
 * network support package. Self-contained like conference-section.ts: built,
 * cut for the family and rendered (HTML, PDF) here.
 */
export interface FgdmRecordModel {
  stages: { stage: FgdmStage; enteredAt: string; enteredBy: PersonModel }[];
  /** Each interval between entering private family time and entering the next stage; nothing else about it. */
  privateFamilyTime: {
    startedAt: string;
    startedBy: PersonModel;
    endedAt: string | null;
    endedBy: PersonModel | null;
  }[];
  bottomLines: { text: string; addedBy: PersonModel; addedAt: string }[];
  presentations: {
    id: string;
    version: number;
    text: string;
    sha256: string;
    presentedAt: string;
    /** The family member who presented it (the family wrote it: their name is kept in every version). */
    presentedBy: string;
  }[];
  responses: {
    presentationId: string;
    version: number;
    keepsChildSafe: boolean;
    reasons: string;
    outcome: PlanOutcome;
    recordedBy: PersonModel;
    recordedAt: string;
  }[];
  supportItems: {
    who: string;
    support: string;
    costPence: number;
    frequency: string;
    approved: boolean;
    addedAt: string;
    withdrawnAt: string | null;
    withdrawnReason: string | null;
  }[];
  forFamily: boolean;
}

/** The professionals whose names the full record needs (FgdmFacts carry each one's name, agency and role). */
const fromRow = (p: FgdmFacts['stages'][number]['enteredBy']): PersonModel => ({
  name: p.displayName,
  organisation: null,
  jobTitle: null,
  agency: p.agency,
  role: p.role,
});

/**
 * The full model of an FGDM's facts; null for any other meeting. `person`
 * gives a professional's full entry (name, job title, organisation) when the
 * record loaded it; otherwise the name, agency and role the facts carry.
 * `familyName` names a family member by participant id.
 */
export function toFgdmRecord(
  facts: FgdmFacts | null,
  familyName: (participantId: string) => string,
  person: (userId: string) => PersonModel | undefined = () => undefined,
): FgdmRecordModel | null {
  if (!facts) return null;
  const who = (p: FgdmFacts['stages'][number]['enteredBy']) => person(p.userId) ?? fromRow(p);
  const stages = facts.stages.map((s) => ({
    stage: s.stage,
    enteredAt: s.enteredAt.toISOString(),
    enteredBy: who(s.enteredBy),
  }));
  const privateFamilyTime = stages.flatMap((s, i) => {
    if (s.stage !== 'private-family-time') return [];
    const next = stages[i + 1];
    return [
      {
        startedAt: s.enteredAt,
        startedBy: s.enteredBy,
        endedAt: next?.enteredAt ?? null,
        endedBy: next?.enteredBy ?? null,
      },
    ];
  });
  const version = new Map(facts.presentations.map((p) => [p.id, p.version]));
  return {
    stages,
    privateFamilyTime,
    bottomLines: facts.bottomLines.map((b) => ({
      text: b.text,
      addedBy: who(b.addedBy),
      addedAt: b.addedAt.toISOString(),
    })),
    presentations: facts.presentations.map((p) => ({
      id: p.id,
      version: p.version,
      text: p.text,
      sha256: p.sha256,
      presentedAt: p.presentedAt.toISOString(),
      presentedBy: familyName(p.presentedByParticipantId),
    })),
    responses: facts.responses.map((r) => ({
      presentationId: r.presentationId,
      version: version.get(r.presentationId) ?? 0,
      keepsChildSafe: r.keepsChildSafe,
      reasons: r.reasons,
      outcome: r.outcome,
      recordedBy: who(r.recordedBy),
      recordedAt: r.recordedAt.toISOString(),
    })),
    supportItems: facts.supportItems.map((i) => ({
      who: i.who,
      support: i.support,
      costPence: i.costPence,
      frequency: i.frequency,
      approved: i.approved,
      addedAt: i.addedAt.toISOString(),
      withdrawnAt: i.withdrawnAt?.toISOString() ?? null,
      withdrawnReason: i.withdrawnReason,
    })),
    forFamily: false,
  };
}

/** A professional by agency and meeting role only, as the family version names them. */
const anonymous = (p: PersonModel): PersonModel => ({
  name: null,
  organisation: null,
  jobTitle: null,
  agency: p.agency,
  role: p.role,
});

/**
 * The family version: everything (the plan, bottom lines, responses with
 * their reasons and the support package are theirs to read), with each
 * professional shown by agency and role, never by name.
 */
export function familyFgdmRecord(model: FgdmRecordModel | null | undefined): FgdmRecordModel | null {
  if (!model) return null;
  return {
    ...model,
    stages: model.stages.map((s) => ({ ...s, enteredBy: anonymous(s.enteredBy) })),
    privateFamilyTime: model.privateFamilyTime.map((t) => ({
      ...t,
      startedBy: anonymous(t.startedBy),
      endedBy: t.endedBy && anonymous(t.endedBy),
    })),
    bottomLines: model.bottomLines.map((b) => ({ ...b, addedBy: anonymous(b.addedBy) })),
    responses: model.responses.map((r) => ({ ...r, recordedBy: anonymous(r.recordedBy) })),
    forFamily: true,
  };
}

export const FGDM_TITLE = 'Family group decision-making';

/** "£1,200.50" from pence. */
export function pounds(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

interface Table {
  caption: string;
  headings: readonly string[];
  rows: string[][];
}

interface Content {
  tables: Table[];
  /** Each presented version: a heading, its details and its text (paragraphs as lines). */
  plans: { heading: string; details: string; text: string }[];
  paragraphs: string[];
}

function content(model: FgdmRecordModel): Content {
  const tables: Table[] = [
    {
      caption: 'Stages',
      headings: ['Stage', 'Entered', 'Moved on by'],
      rows: model.stages.map((s) => [
        FGDM_STAGE_LABELS[s.stage],
        formatDateTime(s.enteredAt),
        personLabel(s.enteredBy),
      ]),
    },
  ];
  if (model.privateFamilyTime.length > 0) {
    tables.push({
      caption: 'Private family time',
      headings: ['Started', 'Started by', 'Ended', 'Ended by'],
      rows: model.privateFamilyTime.map((t) => [
        formatDateTime(t.startedAt),
        personLabel(t.startedBy),
        t.endedAt ? formatDateTime(t.endedAt) : 'Not ended',
        t.endedBy ? personLabel(t.endedBy) : '—',
      ]),
    });
  }
  if (model.bottomLines.length > 0) {
    tables.push({
      caption: 'Bottom lines',
      headings: ['Bottom line', 'Added by', 'Added'],
      rows: model.bottomLines.map((b) => [b.text, personLabel(b.addedBy), formatDateTime(b.addedAt)]),
    });
  }
  if (model.responses.length > 0) {
    tables.push({
      caption: 'The professionals’ response to the family’s plan',
      headings: ['Version', 'Keeps the child safe', 'Reasons', 'Outcome', 'Recorded by', 'Recorded'],
      rows: model.responses.map((r) => [
        `Version ${r.version}`,
        r.keepsChildSafe ? 'Yes' : 'No',
        r.reasons || 'None given',
        PLAN_OUTCOME_LABELS[r.outcome],
        personLabel(r.recordedBy),
        formatDateTime(r.recordedAt),
      ]),
    });
  }
  if (model.supportItems.length > 0) {
    tables.push({
      caption: 'Family network support package',
      headings: ['Who', 'Support', 'Cost', 'How often', 'Approved', 'Withdrawn'],
      rows: model.supportItems.map((i) => [
        i.who,
        i.support,
        pounds(i.costPence),
        i.frequency,
        i.approved ? 'Yes' : 'No',
        i.withdrawnAt ? `${formatDateTime(i.withdrawnAt)}: ${i.withdrawnReason ?? 'no reason recorded'}` : 'No',
      ]),
    });
  }
  const paragraphs: string[] = [];
  if (model.stages.length === 0) paragraphs.push('The meeting did not move on from preparation.');
  if (model.bottomLines.length === 0) paragraphs.push('No bottom lines were recorded.');
  if (model.presentations.length === 0) paragraphs.push('The family did not present a plan.');
  if (model.supportItems.length === 0) paragraphs.push('No family network support was recorded.');
  return {
    tables,
    plans: model.presentations.map((p) => ({
      heading: `The family’s plan, version ${p.version}`,
      details: `Presented by ${p.presentedBy}, ${formatDateTime(p.presentedAt)}. SHA-256: ${p.sha256}`,
      text: p.text,
    })),
    paragraphs,
  };
}

/** The section as HTML (empty for a meeting that is not an FGDM); `escape` is the renderer's. */
export function fgdmRecordHtml(model: FgdmRecordModel | null | undefined, escape: (text: string) => string): string {
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
  const plans = c.plans
    .map((p) => `<h3>${escape(p.heading)}</h3><p>${escape(p.details)}</p><p>${cell(p.text)}</p>`)
    .join('');
  const paragraphs = c.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('');
  return `<section aria-labelledby="fgdm"><h2 id="fgdm">${FGDM_TITLE}</h2>${tables.join('')}${plans}${paragraphs}</section>`;
}

/** What the PDF renderer's writer offers (record-pdf.renderer.ts). */
export interface FgdmPdfWriter<S> {
  section(): S;
  heading(level: number, text: string, parent: S): void;
  paragraph(text: string, parent: S): void;
  table(caption: string, headings: readonly string[], rows: readonly string[][], parent: S): void;
}

/** The section in the tagged PDF (nothing for a meeting that is not an FGDM). */
export function writeFgdmRecordPdf<S>(w: FgdmPdfWriter<S>, model: FgdmRecordModel | null | undefined): void {
  if (!model) return;
  const c = content(model);
  const sect = w.section();
  w.heading(2, FGDM_TITLE, sect);
  for (const t of c.tables) w.table(t.caption, t.headings, t.rows, sect);
  for (const p of c.plans) {
    w.heading(3, p.heading, sect);
    w.paragraph(p.details, sect);
    w.paragraph(p.text, sect);
  }
  for (const p of c.paragraphs) w.paragraph(p, sect);
}
