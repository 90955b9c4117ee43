import { Injectable } from '@nestjs/common';
import { type DecisionResponse, decisionInForce } from '@roundtable/shared/decisions';
import { ADDENDUM_WHOLE_RECORD } from '@roundtable/shared/lifecycle';
import type { DocumentKind } from '@roundtable/shared/realtime';
import type { SealedRecordReason } from '@roundtable/shared/sealed-records';
import { type DocumentTemplate, templateFor } from '@roundtable/shared/templates';
import type { EntityManager } from 'typeorm';
import { toActionResponses } from '../actions/action.mapper';
import { ActionRepository } from '../actions/action.repository';
import { LiveDocuments, type TextBlock } from '../live-documents';
import { toDecisionResponses } from '../decisions/decision.mapper';
import { DecisionRepository } from '../decisions/decision.repository';
import { DocumentTemplatesService } from '../templates/document-templates.service';
import { ConferencesRepository } from '../conferences/conferences.repository';
import { MeetingTypesService } from '../conferences/meeting-types.service';
import { toConferenceRecord } from './conference-section';
import { type FgdmFacts, FgdmRepository } from '../fgdm/fgdm.repository';
import { toFamilyParticipation } from './family-participation-section';
import { toFgdmRecord } from './fgdm-section';
import { PathwayRecordReader, toPathwayModel } from './record-pathway';
import type {
  AddendumModel,
  BlockModel,
  CompartmentModel,
  DecisionModel,
  PersonModel,
  SafetyPlanModel,
  SealedRecordModel,
} from './sealed-record.model';
import {
  type AddendumRow,
  type CompartmentRow,
  type MeetingRow,
  type Professionals,
  SealedRecordSourcesRepository,
} from './sealed-record-sources.repository';

/** The section key of addenda about the safety plan (shared/src/lifecycle.ts addendumSectionKeys). */
const SAFETY_PLAN_ADDENDA = 'safety-plan';

export interface SealOptions {
  version: number;
  reason: SealedRecordReason;
  sealedAt: Date;
}

function toBlockModel(block: TextBlock): BlockModel {
  const level = block.attributes.level;
  return {
    type: block.type,
    level: typeof level === 'number' ? level : null,
    listItem: block.ancestors.includes('listItem'),
    runs: block.runs.map((r) => ({ text: r.text, restriction: r.restriction })),
  };
}

/** An addendum's plain text as paragraphs (a blank line separates them; single line breaks are kept). */
function textBlocks(text: string): BlockModel[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => ({ type: 'paragraph', level: null, listItem: false, runs: [{ text: p, restriction: null }] }));
}

/**
 * Builds the full model of a concluded meeting's record from the database and
 * its shared documents, inside the sealing transaction. Reads decisions and
 * actions through their own repositories; what only the record needs comes
 * from SealedRecordSourcesRepository.
 */
@Injectable()
export class SealedRecordModelBuilder {
  constructor(
    private readonly sources: SealedRecordSourcesRepository,
    private readonly decisionRecords: DecisionRepository,
    private readonly actionRecords: ActionRepository,
    private readonly documents: LiveDocuments,
    private readonly templates: DocumentTemplatesService,
    private readonly conferences: ConferencesRepository,
    private readonly pathway: PathwayRecordReader,
    private readonly meetingTypes: MeetingTypesService,
    private readonly fgdm: FgdmRepository,
  ) {}

  /**
   * The full record. Version 1 (sealed on conclusion) has no addenda; a later
   * version has every addendum signed off by the time it is sealed.
   */
  async build(tx: EntityManager, meeting: MeetingRow, options: SealOptions): Promise<SealedRecordModel> {
    const children = await this.sources.findChildren(tx, meeting.id);
    const decisions = toDecisionResponses(await this.decisionRecords.findRecords(tx, meeting.id));
    const actions = toActionResponses(await this.actionRecords.findRecordsOfMeeting(tx, meeting.id));
    const attendance = await this.sources.findAttendance(tx, meeting);
    const addenda = options.reason === 'concluded' ? [] : await this.sources.findSignedOffAddenda(tx, meeting.id);
    const scores = await this.sources.findCurrentSafetyScores(tx, meeting.id);
    const templates = await this.templates.forMeeting(tx, meeting.id);
    const compartmentRows = await this.sources.findCompartments(tx, meeting.id);
    const protectedPersons = await this.sources.findProtectedPersons(tx, meeting.id);
    const sharing = await this.sources.findSharingDecisions(tx, meeting.id);
    const pathway = await this.pathway.read(tx, meeting.id);
    const familyRows = await this.sources.findFamilyParticipation(tx, meeting.id);
    const fgdmFacts = meeting.type === 'fgdm' ? await this.fgdm.findFacts(tx, meeting.id) : null;
    const people = await this.sources.findProfessionals(tx, meeting.id, [
      ...(pathway?.personIds ?? []),
      ...fgdmPersonIds(fgdmFacts),
      ...compartmentRows.map((c) => c.createdBy),
      ...sharing.map((d) => d.decidedBy),
      meeting.concludedBy,
      ...attendance.attended,
      ...decisions.flatMap(personIdsOfDecision),
      ...actions.map((a) => a.owner.userId),
      ...addenda.flatMap((a) => [a.addedBy, a.signedOffBy]),
      ...scores.map((s) => s.recordedBy),
    ]);
    const childName = new Map(children.map((c) => [c.id, c.name]));
    const addendaFor = (key: string) => addenda.filter((a) => a.sectionKey === key).map((a) => toAddendum(a, people));
    const record = await this.readSections(meeting.id, 'record', templateFor(templates, 'record'));
    const plan = await this.readSections(meeting.id, 'safety-plan', templateFor(templates, 'safety-plan'));
    const compartments = await Promise.all(compartmentRows.map((c) => this.compartment(meeting.id, c, people)));
    // Beside its section; one whose section is not in its document's template sits beside the last section.
    const besideSection = (kind: DocumentKind, sections: { key: string }[], index: number) => {
      const keys = new Set(sections.map((s) => s.key));
      const key = sections[index]!.key;
      const last = index === sections.length - 1;
      return compartments.filter((_, i) => {
        const row = compartmentRows[i]!;
        return row.documentKind === kind && (row.sectionKey === key || (last && !keys.has(row.sectionKey)));
      });
    };
    const safetyPlan: SafetyPlanModel = {
      sections: plan.map((p, i) => ({ ...p, compartments: besideSection('safety-plan', plan, i) })),
      addenda: addendaFor(SAFETY_PLAN_ADDENDA),
      scores: scores.map((s) => ({
        agency: s.agency,
        score: s.score,
        recordedBy: professional(people, s.recordedBy),
        recordedAt: s.recordedAt.toISOString(),
      })),
    };
    return {
      variant: 'full',
      version: options.version,
      reason: options.reason,
      sealedAt: options.sealedAt.toISOString(),
      header: {
        meetingId: meeting.id,
        reference: meeting.reference,
        typeLabel: this.meetingTypes.definition(meeting.type).label,
        scheduledAt: meeting.scheduledAt.toISOString(),
        startedAt: meeting.startedAt?.toISOString() ?? null,
        concludedAt: meeting.concludedAt?.toISOString() ?? null,
        format: meeting.format,
        chair: meeting.concludedBy ? professional(people, meeting.concludedBy) : chairOf(people),
        children: children.map(({ name, dateOfBirth }) => ({ name, dateOfBirth })),
        convenedBecause: meeting.reason,
      },
      attendance: {
        attended: attendance.attended.map((id) => professional(people, id)),
        absent: attendance.absent.map(({ userId, reason }) => ({ person: professional(people, userId), reason })),
      },
      sections: record.map((s, i) => ({
        ...s,
        compartments: besideSection('record', record, i),
        addenda: addendaFor(s.key),
      })),
      recordAddenda: addendaFor(ADDENDUM_WHOLE_RECORD),
      decisions: decisions.map((d) => toDecisionModel(d, people, childName)),
      actions: actions.map((a) => ({
        id: a.id,
        ownerUserId: a.owner.userId,
        createdByUserId: a.createdBy.userId,
        description: a.description,
        owner: professional(people, a.owner.userId),
        ownerAgency: a.ownerAgency,
        dueAt: a.dueAt,
        status: a.status,
        child: a.childId ? (childName.get(a.childId) ?? null) : null,
        restriction: a.restriction,
      })),
      withheldActions: [],
      safetyPlan,
      protectedPersons: protectedPersons.map((p) => ({
        id: p.id,
        role: p.role,
        label: p.label,
        name: p.name,
        audience: p.audience,
      })),
      sharingDecisions: sharing.map((d) => ({
        id: d.id,
        outcome: d.outcome,
        what: d.what,
        withWhom: d.withWhom,
        lawfulBasis: d.lawfulBasis,
        reason: d.reason,
        compartmentId: d.compartmentId,
        decidedAgency: d.decidedAgency,
        decidedBy: professional(people, d.decidedBy),
        decidedByUserId: d.decidedBy,
        decidedAt: d.decidedAt.toISOString(),
      })),
      withheldSharingDecisions: [],
      signOff:
        meeting.concludedBy && meeting.concludedAt
          ? { by: professional(people, meeting.concludedBy), at: meeting.concludedAt.toISOString() }
          : null,
      omissions: [],
      conference: toConferenceRecord(await this.conferences.findConferenceRecord(tx, meeting.id)),
      family: toFamilyParticipation(familyRows),
      fgdm: toFgdmRecord(
        fgdmFacts,
        (id) => familyRows.members.find((m) => m.id === id)?.displayName ?? 'A family member',
        (id) => people.get(id),
      ),
      ...(pathway ? { pathway: toPathwayModel(pathway, (id) => professional(people, id)) } : {}),
    };
  }

  /** A compartment with its text, as stored. */
  private async compartment(meetingId: string, row: CompartmentRow, people: Professionals): Promise<CompartmentModel> {
    const blocks = await this.documents.compartmentBlocks(meetingId, row.id);
    return {
      id: row.id,
      ownerAgency: row.ownerAgency,
      audience: row.audience,
      createdBy: row.createdBy ? professional(people, row.createdBy) : null,
      blocks: blocks.map(toBlockModel),
      withheld: null,
    };
  }

  /** A shared document's sections in template order, from its stored state (read-only once concluded). */
  private async readSections(
    meetingId: string,
    kind: DocumentKind,
    template: DocumentTemplate,
  ): Promise<{ key: string; title: string; blocks: BlockModel[] }[]> {
    const sections = await this.documents.sections(meetingId, kind, template);
    return sections.map((s) => ({ key: s.key, title: s.title, blocks: s.blocks.map(toBlockModel) }));
  }
}

/** The professional for a user id that must have been loaded. */
function professional(people: Professionals, userId: string): PersonModel {
  const found = people.get(userId);
  if (!found) throw new Error(`user ${userId} was not loaded`);
  return found;
}

function chairOf(people: Professionals) {
  return [...people.values()].find((p) => p.role === 'chair') ?? null;
}

function personIdsOfDecision(d: DecisionResponse): string[] {
  return [
    ...(d.notReached ? [d.notReached.recordedBy.userId] : []),
    ...d.viewHistory.map((v) => v.recordedBy.userId),
    ...d.laDecisions.map((l) => l.recordedBy.userId),
    ...d.dissents.flatMap((x) => [
      x.recordedBy.userId,
      ...x.escalation.steps.map((s) => s.recordedBy.userId),
      ...(x.escalation.resolvedBy ? [x.escalation.resolvedBy.userId] : []),
    ]),
  ];
}

function toAddendum(a: AddendumRow, people: Professionals): AddendumModel {
  return {
    id: a.id,
    blocks: textBlocks(a.text),
    addedBy: professional(people, a.addedBy),
    signedOffBy: professional(people, a.signedOffBy),
    signedOffAt: a.signedOffAt.toISOString(),
  };
}

function toDecisionModel(
  d: DecisionResponse,
  people: Professionals,
  childName: ReadonlyMap<string, string>,
): DecisionModel {
  const current = new Set(d.currentViews.map((v) => v.id));
  const inForce = decisionInForce(d.laDecisions);
  const who = (ref: { userId: string }) => professional(people, ref.userId);
  return {
    id: d.id,
    title: d.title,
    question: d.question,
    optionLabels: Object.fromEntries([...d.options, ...d.protectiveActionOptions].map((o) => [o.key, o.label])),
    children: d.childIds.map((id) => childName.get(id) ?? 'A child no longer listed'),
    status: d.status,
    notReached: d.notReached && {
      reason: d.notReached.reason,
      recordedBy: who(d.notReached.recordedBy),
      recordedAt: d.notReached.recordedAt,
    },
    views: d.viewHistory.map((v) => ({
      id: v.id,
      recordedByUserId: v.recordedBy.userId,
      agency: v.agency,
      harm: v.harm,
      recommendedOption: v.recommendedOption,
      reasons: v.reasons,
      keyInformation: v.keyInformation,
      conditions: v.conditions,
      recordedBy: who(v.recordedBy),
      recordedAt: v.recordedAt,
      current: current.has(v.id),
      restriction: v.restriction,
    })),
    withheldViews: [],
    laDecisions: d.laDecisions.map((l) => ({
      chosenOptions: l.chosenOptions,
      reasons: l.reasons,
      protectiveActions: l.protectiveActions,
      protectiveActionDetails: l.protectiveActionDetails,
      recordedBy: who(l.recordedBy),
      recordedAt: l.recordedAt,
      recordStateSha256: l.recordStateSha256,
      inForce: inForce?.id === l.id,
      correctionReason: l.correctionReason,
    })),
    dissents: d.dissents.map((x) => ({
      id: x.id,
      agency: x.agency,
      part: x.part,
      reasons: x.reasons,
      recordedBy: who(x.recordedBy),
      recordedAt: x.recordedAt,
      escalationStatus: x.escalation.status,
      stage: x.escalation.stage,
      steps: x.escalation.steps.map((s) => ({
        stage: s.stage,
        note: s.note,
        recordedBy: who(s.recordedBy),
        recordedAt: s.recordedAt,
      })),
      outcome: x.escalation.outcome,
      resolvedBy: x.escalation.resolvedBy ? who(x.escalation.resolvedBy) : null,
      resolvedAt: x.escalation.resolvedAt,
    })),
  };
}

/** The professionals named in an FGDM's facts (none for any other meeting). */
function fgdmPersonIds(facts: FgdmFacts | null): string[] {
  if (!facts) return [];
  return [
    ...facts.stages.map((s) => s.enteredBy.userId),
    ...facts.bottomLines.map((b) => b.addedBy.userId),
    ...facts.responses.map((r) => r.recordedBy.userId),
  ];
}
