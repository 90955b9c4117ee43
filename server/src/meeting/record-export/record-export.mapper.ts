import type { MeetingType } from '@roundtable/shared/pathway';
import type { z } from 'zod';
import {
  SEALED_RECORD_EXPORT_SCHEMA_VERSION,
  type SealedRecordExport,
  SealedRecordExportSchema,
} from '@roundtable/shared/integrations';
import type {
  AddendumModel,
  BlockModel,
  CompartmentModel,
  LaDecisionModel,
  PersonModel,
  SealedRecordModel,
} from '../sealed-records/sealed-record.model';

type ExportPerson = SealedRecordExport['attendance']['attended'][number];

const person = (p: PersonModel): ExportPerson => ({
  name: p.name,
  organisation: p.organisation,
  jobTitle: p.jobTitle,
  agency: p.agency,
  role: p.role,
});
const maybePerson = (p: PersonModel | null): ExportPerson | null => (p ? person(p) : null);

const blocks = (list: readonly BlockModel[]) =>
  list.map((b) => ({
    type: b.type,
    level: b.level,
    listItem: b.listItem,
    runs: b.runs.map((r) => ({ text: r.text, restriction: r.restriction, withheld: r.withheld === true })),
  }));

const compartment = (c: CompartmentModel) => ({
  id: c.id,
  ownerAgency: c.ownerAgency,
  audience: c.audience ? { kind: c.audience.kind, agencies: c.audience.agencies, userIds: c.audience.userIds } : null,
  blocks: c.withheld === null ? blocks(c.blocks) : [],
  withheld: c.withheld,
});

const addendum = (a: AddendumModel) => ({
  id: a.id,
  blocks: blocks(a.blocks),
  addedBy: person(a.addedBy),
  signedOffBy: maybePerson(a.signedOffBy),
  signedOffAt: a.signedOffAt,
});

const laDecision = (d: LaDecisionModel) => ({
  chosenOptions: d.chosenOptions,
  reasons: d.reasons,
  protectiveActions: d.protectiveActions,
  protectiveActionDetails: d.protectiveActionDetails,
  recordedBy: person(d.recordedBy),
  recordedAt: d.recordedAt,
  recordStateSha256: d.recordStateSha256,
  inForce: d.inForce,
  correctionReason: d.correctionReason,
});

/** At most this many of a refused export's issues are kept (the count says how many there were). */
export const MAX_REFUSAL_ISSUES = 20;

/**
 * Why a version's JSON export was refused at sealing: the schema version it failed and where (the zod
 * issues' paths and codes), never what the record held. Kept on the sealed version's row and in its
 * `record.sealed` audit entry.
 */
export interface JsonExportRefusal {
  schemaVersion: number;
  /** Dotted paths into the export (`protectedPersons.0.audience.kind`) and zod's issue codes. */
  issues: { path: string; code: string }[];
  /** How many issues there were in all (`issues` holds the first MAX_REFUSAL_ISSUES). */
  issueCount: number;
  /** When the mapping itself failed (not the schema): the error's name. */
  error?: string;
}

export type RecordExportResult = { ok: true; export: SealedRecordExport } | { ok: false; refusal: JsonExportRefusal };

// A path segment is a schema key or an array index; anything else is not shown (it could be content).
const segment = (key: PropertyKey): string =>
  typeof key === 'number' ? String(key) : typeof key === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(key) ? key : '?';

/** The issues of a failed parse, as a refusal: paths and codes only (zod's messages may quote values). */
export function toExportRefusal(error: z.ZodError): JsonExportRefusal {
  return {
    schemaVersion: SEALED_RECORD_EXPORT_SCHEMA_VERSION,
    issues: error.issues
      .slice(0, MAX_REFUSAL_ISSUES)
      .map((issue) => ({ path: issue.path.map(segment).join('.'), code: issue.code })),
    issueCount: error.issues.length,
  };
}

/**
 * The JSON export of one reader's version (docs/INTEGRATIONS.md), checked
 * against its published schema: the export, or why it was refused. An export
 * that does not match its schema is never stored; the caller seals the version's PDF and HTML and
 * records the refusal (docs/SEALED-RECORDS.md "The JSON export").
 */
export function exportRecord(
  model: SealedRecordModel,
  meetingType: MeetingType,
  files: { pdfSha256: string; htmlSha256: string },
): RecordExportResult {
  const parsed = SealedRecordExportSchema.safeParse(buildRecordExport(model, meetingType, files));
  return parsed.success ? { ok: true, export: parsed.data } : { ok: false, refusal: toExportRefusal(parsed.error) };
}

/**
 * The export as mapped, not yet checked against its schema: a pure mapping of
 * the same reader-version model the PDF and HTML of that version are rendered
 * from, so it holds nothing they do not.
 */
function buildRecordExport(
  model: SealedRecordModel,
  meetingType: MeetingType,
  files: { pdfSha256: string; htmlSha256: string },
): SealedRecordExport {
  const h = model.header;
  const exported: SealedRecordExport = {
    schemaVersion: SEALED_RECORD_EXPORT_SCHEMA_VERSION,
    meeting: {
      id: h.meetingId,
      reference: h.reference,
      type: meetingType,
      typeLabel: h.typeLabel,
      format: h.format,
      scheduledAt: h.scheduledAt,
      startedAt: h.startedAt,
      concludedAt: h.concludedAt,
      chair: maybePerson(h.chair),
      children: h.children.map((c) => ({ name: c.name, dateOfBirth: c.dateOfBirth })),
      convenedBecause: h.convenedBecause,
    },
    record: {
      version: model.version,
      reason: model.reason,
      variant: model.variant,
      sealedAt: model.sealedAt,
      pdfSha256: files.pdfSha256,
      htmlSha256: files.htmlSha256,
      omissions: model.omissions,
    },
    attendance: {
      attended: model.attendance.attended.map(person),
      absent: model.attendance.absent.map((a) => ({ person: person(a.person), reason: a.reason })),
    },
    sections: model.sections.map((s) => ({
      key: s.key,
      title: s.title,
      blocks: blocks(s.blocks),
      compartments: s.compartments.map(compartment),
      addenda: s.addenda.map(addendum),
    })),
    recordAddenda: model.recordAddenda.map(addendum),
    decisions: model.decisions.map((d) => ({
      id: d.id,
      title: d.title,
      question: d.question,
      options: Object.entries(d.optionLabels).map(([key, label]) => ({ key, label })),
      children: d.children,
      status: d.status,
      notReached: d.notReached
        ? {
            reason: d.notReached.reason,
            recordedBy: person(d.notReached.recordedBy),
            recordedAt: d.notReached.recordedAt,
          }
        : null,
      decisionInForce: ((inForce) => (inForce ? laDecision(inForce) : null))(d.laDecisions.find((l) => l.inForce)),
      laDecisions: d.laDecisions.map(laDecision),
      views: d.views.map((v) => ({
        id: v.id,
        agency: v.agency,
        harm: v.harm,
        recommendedOption: v.recommendedOption,
        reasons: v.reasons,
        keyInformation: v.keyInformation,
        conditions: v.conditions,
        recordedBy: person(v.recordedBy),
        recordedAt: v.recordedAt,
        current: v.current,
        restriction: v.restriction,
      })),
      withheldViews: d.withheldViews,
      dissents: d.dissents.map((x) => ({
        id: x.id,
        agency: x.agency,
        part: x.part,
        reasons: x.reasons,
        recordedBy: person(x.recordedBy),
        recordedAt: x.recordedAt,
        escalation: {
          status: x.escalationStatus,
          stage: x.stage,
          steps: x.steps.map((s) => ({
            stage: s.stage,
            note: s.note,
            recordedBy: person(s.recordedBy),
            recordedAt: s.recordedAt,
          })),
          outcome: x.outcome,
          resolvedBy: maybePerson(x.resolvedBy),
          resolvedAt: x.resolvedAt,
        },
      })),
    })),
    actions: model.actions.map((a) => ({
      id: a.id,
      description: a.description,
      owner: person(a.owner),
      ownerAgency: a.ownerAgency,
      dueAt: a.dueAt,
      status: a.status,
      child: a.child,
      restriction: a.restriction,
    })),
    withheldActions: model.withheldActions,
    plan: model.pathway
      ? {
          conference: model.pathway.conference,
          outcomes: model.pathway.outcomes.map((o) => ({
            child: o.child,
            outcome: o.outcome,
            categories: o.categories,
            stepDown: o.stepDown,
            route: o.route,
            reasons: o.reasons,
            recordedBy: person(o.recordedBy),
            recordedAt: o.recordedAt,
          })),
          planReviews: model.pathway.planReviews.map((r) => ({ child: r.child, version: r.version, sha256: r.hash })),
        }
      : null,
    safetyPlan: model.safetyPlan
      ? {
          sections: model.safetyPlan.sections.map((s) => ({
            key: s.key,
            title: s.title,
            blocks: blocks(s.blocks),
            compartments: s.compartments.map(compartment),
          })),
          addenda: model.safetyPlan.addenda.map(addendum),
          scores: model.safetyPlan.scores.map((s) => ({
            agency: s.agency,
            score: s.score,
            recordedBy: person(s.recordedBy),
            recordedAt: s.recordedAt,
          })),
        }
      : null,
    protectedPersons: model.protectedPersons.map((p) => ({
      id: p.id,
      role: p.role,
      label: p.label,
      name: p.name,
      audience: p.audience
        ? { kind: p.audience.kind, agencies: p.audience.agencies, userIds: p.audience.userIds }
        : null,
    })),
    sharingDecisions: model.sharingDecisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      what: d.what,
      withWhom: d.withWhom,
      lawfulBasis: d.lawfulBasis,
      reason: d.reason,
      decidedAgency: d.decidedAgency,
      decidedBy: person(d.decidedBy),
      decidedAt: d.decidedAt,
    })),
    withheldSharingDecisions: model.withheldSharingDecisions,
    signOff: model.signOff ? { by: person(model.signOff.by), at: model.signOff.at } : null,
  };
  return exported;
}
