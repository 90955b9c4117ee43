import { type ActionStatus, ACTION_STATUS_LABELS } from '@roundtable/shared/actions';
import { type Agency, AGENCY_LABELS, type MeetingRole } from '@roundtable/shared/constants';
import { formatDayOf } from '@roundtable/shared/dates';
import { type DecisionStatus, type DissentPart, DISSENT_PART_LABELS } from '@roundtable/shared/decisions';
import { type AudienceMember, isInAudience, withheldNotice } from '@roundtable/shared/need-to-know';
import {
  type ChronologyEntry,
  type ChronologyKind,
  CONFERENCE_OUTCOME_LABELS,
  type ConferenceOutcome,
  CP_CATEGORY_LABELS,
  type CpCategory,
  ESCALATION_ROUTE_LABELS,
  type EscalationRoute,
  MEETING_TYPE_LABELS,
  type MeetingType,
  PATHWAY_LIMITS,
  STEP_DOWN_LABELS,
  type StepDownTarget,
} from '@roundtable/shared/pathway';
import { entryAudience, type RestrictionKind } from '@roundtable/shared/templates';
import type { PlanOutcome } from '@roundtable/shared/fgdm';

/**
 * A child's chronology (docs/PATHWAY.md "A child's record"): every event
 * about the child in the meetings the reader may see, oldest first, each
 * linked to where it is recorded. Pure: the repository has already cut the
 * sources to the reader's scope; this turns them into entries with short
 * labels (never free text: no reasons, descriptions or notes) and withholds
 * a restricted action from a reader outside its audience.
 */

export interface MeetingRef {
  id: string;
  reference: string;
  type: MeetingType;
}

export interface ChronologySources {
  meetings: {
    meeting: MeetingRef;
    convenedAt: Date;
    concludedAt: Date | null;
    /** When the child was put on it; `addedLater` when that was after convening. */
    addedAt: Date;
    addedLater: boolean;
  }[];
  /** Removals, with when the child had been added when that was after convening (else null). */
  removals: { meeting: MeetingRef; removedAt: Date; addedLaterAt: Date | null }[];
  decisions: {
    meeting: MeetingRef;
    title: string;
    status: DecisionStatus;
    openedAt: Date;
    notReachedAt: Date | null;
    /** The local authority's decision: first recorded, and the one in force now. */
    decidedAt: Date | null;
    chosenOptions: string[] | null;
    corrected: boolean;
    options: { key: string; label: string }[];
  }[];
  dissents: { meeting: MeetingRef; agency: Agency; part: DissentPart; recordedAt: Date; escalationOpen: boolean }[];
  outcomes: {
    meeting: MeetingRef;
    outcome: ConferenceOutcome;
    categories: CpCategory[];
    stepDown: StepDownTarget | null;
    route: EscalationRoute | null;
    recordedAt: Date;
  }[];
  plans: {
    startedAt: Date;
    startedBy: MeetingRef;
    endedAt: Date | null;
    endedBy: MeetingRef | null;
    stepDown: StepDownTarget | null;
  }[];
  /** Versions after the first (the first is the plan's start). */
  planVersions: { version: number; changedAt: Date; meeting: MeetingRef | null }[];
  planReviews: { version: number; reviewedAt: Date; meeting: MeetingRef }[];
  actions: {
    meeting: MeetingRef;
    ownerAgency: Agency;
    ownerUserId: string;
    createdBy: string;
    dueAt: Date;
    status: ActionStatus;
    restriction: RestrictionKind | null;
    createdAt: Date;
    carried: boolean;
    /** The reader's role in the action's meeting; null when they are not a member of it. */
    readerRole: MeetingRole | null;
  }[];
  sealed: { meeting: MeetingRef; version: number; reason: 'concluded' | 'addendum'; sealedAt: Date }[];
  /** A family group decision-making meeting's presented plans (version only: the text is the family's, in the record). */
  familyPlans: { meeting: MeetingRef; version: number; presentedAt: Date }[];
  /** The professionals' response to each presented plan (never the reasons). */
  familyPlanResponses: {
    meeting: MeetingRef;
    version: number;
    keepsChildSafe: boolean;
    outcome: PlanOutcome;
    recordedAt: Date;
  }[];
  /** Approved items of a family network support package (cost only: who and what are free text). */
  supportApproved: { meeting: MeetingRef; costPence: number; addedAt: Date; withdrawn: boolean }[];
}

/** The reader of the chronology as need-to-know sees them. */
export interface ChronologyReader {
  userId: string;
  agency: Agency;
}

/** Same-moment events in the order they happen in a meeting. */
const KIND_ORDER: readonly ChronologyKind[] = [
  'meeting-convened',
  'child-added',
  'decision',
  'dissent',
  'conference-outcome',
  'category',
  'plan-started',
  'plan-changed',
  'plan-reviewed',
  'plan-ended',
  'action',
  'family-plan-presented',
  'family-plan-response',
  'support-approved',
  'child-removed',
  'meeting-concluded',
  'record-sealed',
];

/** Oldest first; events at the same moment in meeting order, then by title. Keeps the latest `max`. */
export function sortChronology(
  entries: readonly ChronologyEntry[],
  max: number = PATHWAY_LIMITS.chronologyMax,
): ChronologyEntry[] {
  const sorted = [...entries].sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.title.localeCompare(b.title),
  );
  return sorted.slice(Math.max(0, sorted.length - max));
}

/** A chronology entry's title for an action: who it is for, or that it is withheld from this reader. */
export function actionTitle(action: ChronologySources['actions'][number], reader: ChronologyReader): string | null {
  const audience = entryAudience(action.restriction, [action.createdBy, action.ownerUserId]);
  // Outside the action's meeting the reader is no member: as an observer, they read it only when named.
  const member: AudienceMember = {
    userId: reader.userId,
    role: action.readerRole ?? 'observer',
    agency: reader.agency,
  };
  if (audience !== null && !isInAudience(member, audience)) {
    const notice = withheldNotice(audience);
    return `Action (${notice.charAt(0).toLowerCase()}${notice.slice(1)})`;
  }
  return null;
}

/** Every entry of the chronology, oldest first. */
export function buildChronology(
  childId: string,
  sources: ChronologySources,
  reader: ChronologyReader,
): ChronologyEntry[] {
  const entries: ChronologyEntry[] = [];
  const at = (date: Date) => date.toISOString();
  const inMeeting = (meeting: MeetingRef, anchor = '') => ({ meeting, href: `/meetings/${meeting.id}${anchor}` });
  const onPlan = (meeting: MeetingRef | null) => ({ meeting, href: `/children/${childId}#plan` });
  const typeLabel = (meeting: MeetingRef) => MEETING_TYPE_LABELS[meeting.type];

  for (const m of sources.meetings) {
    entries.push({
      at: at(m.convenedAt),
      kind: 'meeting-convened',
      title: `${typeLabel(m.meeting)} convened`,
      detail: null,
      ...inMeeting(m.meeting),
    });
    if (m.addedLater) {
      entries.push({
        at: at(m.addedAt),
        kind: 'child-added',
        title: `Added to the ${typeLabel(m.meeting).toLowerCase()}`,
        detail: null,
        ...inMeeting(m.meeting),
      });
    }
    if (m.concludedAt) {
      entries.push({
        at: at(m.concludedAt),
        kind: 'meeting-concluded',
        title: `${typeLabel(m.meeting)} concluded`,
        detail: null,
        ...inMeeting(m.meeting),
      });
    }
  }
  for (const r of sources.removals) {
    if (r.addedLaterAt) {
      entries.push({
        at: at(r.addedLaterAt),
        kind: 'child-added',
        title: `Added to the ${typeLabel(r.meeting).toLowerCase()}`,
        detail: null,
        ...inMeeting(r.meeting),
      });
    }
    entries.push({
      at: at(r.removedAt),
      kind: 'child-removed',
      title: `Removed from the ${typeLabel(r.meeting).toLowerCase()}`,
      detail: null,
      ...inMeeting(r.meeting),
    });
  }
  for (const d of sources.decisions) entries.push(decisionEntry(d, inMeeting(d.meeting, '#decisions')));
  for (const d of sources.dissents) {
    entries.push({
      at: at(d.recordedAt),
      kind: 'dissent',
      title: `Dissent: ${AGENCY_LABELS[d.agency]}`,
      detail: `${DISSENT_PART_LABELS[d.part]}; escalation ${d.escalationOpen ? 'open' : 'resolved'}`,
      ...inMeeting(d.meeting, '#decisions'),
    });
  }
  for (const o of sources.outcomes) {
    const detail = o.stepDown ? STEP_DOWN_LABELS[o.stepDown] : o.route ? ESCALATION_ROUTE_LABELS[o.route] : null;
    entries.push({
      at: at(o.recordedAt),
      kind: 'conference-outcome',
      title: CONFERENCE_OUTCOME_LABELS[o.outcome],
      detail,
      ...inMeeting(o.meeting),
    });
    if (o.categories.length > 0) {
      entries.push({
        at: at(o.recordedAt),
        kind: 'category',
        title: `${o.categories.length > 1 ? 'Categories' : 'Category'}: ${o.categories.map((c) => CP_CATEGORY_LABELS[c]).join(', ')}`,
        detail: null,
        ...inMeeting(o.meeting),
      });
    }
  }
  for (const p of sources.plans) {
    entries.push({
      at: at(p.startedAt),
      kind: 'plan-started',
      title: 'Child protection plan started',
      detail: null,
      ...onPlan(p.startedBy),
    });
    if (p.endedAt) {
      entries.push({
        at: at(p.endedAt),
        kind: 'plan-ended',
        title: 'Child protection plan ended',
        detail: p.stepDown ? `Stepped down to: ${STEP_DOWN_LABELS[p.stepDown]}` : null,
        ...onPlan(p.endedBy),
      });
    }
  }
  for (const v of sources.planVersions) {
    entries.push({
      at: at(v.changedAt),
      kind: 'plan-changed',
      title: `Plan changed (version ${v.version})`,
      detail: null,
      ...onPlan(v.meeting),
    });
  }
  for (const r of sources.planReviews) {
    entries.push({
      at: at(r.reviewedAt),
      kind: 'plan-reviewed',
      title: `Plan reviewed (version ${r.version})`,
      detail: null,
      ...onPlan(r.meeting),
    });
  }
  for (const a of sources.actions) {
    const withheld = actionTitle(a, reader);
    entries.push({
      at: at(a.createdAt),
      kind: 'action',
      title:
        withheld ?? `${a.carried ? 'Action carried over' : 'Action'} for ${AGENCY_LABELS[a.ownerAgency].toLowerCase()}`,
      detail: withheld ? null : `${ACTION_STATUS_LABELS[a.status]}, due ${formatDayOf(a.dueAt)}`,
      ...inMeeting(a.meeting, '#actions'),
    });
  }
  for (const s of sources.sealed) {
    entries.push({
      at: at(s.sealedAt),
      kind: 'record-sealed',
      title: `Record sealed (version ${s.version})`,
      detail: s.reason === 'addendum' ? 'After an addendum was signed off' : null,
      ...inMeeting(s.meeting, '#final-record'),
    });
  }
  for (const p of sources.familyPlans) {
    entries.push({
      at: at(p.presentedAt),
      kind: 'family-plan-presented',
      title: `Family plan presented (version ${p.version})`,
      detail: null,
      ...inMeeting(p.meeting),
    });
  }
  for (const r of sources.familyPlanResponses) {
    entries.push({
      at: at(r.recordedAt),
      kind: 'family-plan-response',
      title: `Response to the family plan (version ${r.version}): ${FAMILY_PLAN_OUTCOME_WORDS[r.outcome]}`,
      detail: `Keeps the child safe: ${r.keepsChildSafe ? 'yes' : 'no'}`,
      ...inMeeting(r.meeting),
    });
  }
  for (const s of sources.supportApproved) {
    entries.push({
      at: at(s.addedAt),
      kind: 'support-approved',
      title: 'Family network support approved',
      detail: `${pounds(s.costPence)}${s.withdrawn ? '; withdrawn later' : ''}`,
      ...inMeeting(s.meeting),
    });
  }
  return sortChronology(entries);
}

/** A response's outcome in a chronology title. */
const FAMILY_PLAN_OUTCOME_WORDS: Record<PlanOutcome, string> = {
  agreed: 'agreed',
  amended: 'amended',
  'not-agreed': 'not agreed',
};

/** "£1,200.50" from pence. */
const pounds = (pence: number) =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function decisionEntry(
  d: ChronologySources['decisions'][number],
  where: { meeting: MeetingRef; href: string },
): ChronologyEntry {
  const base = { kind: 'decision' as const, title: d.title, ...where };
  if (d.decidedAt && d.chosenOptions) {
    const labels = d.chosenOptions.map((key) => d.options.find((o) => o.key === key)?.label ?? key);
    return {
      ...base,
      at: d.decidedAt.toISOString(),
      detail: `Local authority decision: ${labels.join('; ')}${d.corrected ? ' (corrected)' : ''}`,
    };
  }
  if (d.status === 'not-reached' && d.notReachedAt) {
    return { ...base, at: d.notReachedAt.toISOString(), detail: 'Not reached' };
  }
  return {
    ...base,
    at: d.openedAt.toISOString(),
    detail: d.status === 'open' ? 'Open for agency views' : 'Awaiting the local authority’s decision',
  };
}
