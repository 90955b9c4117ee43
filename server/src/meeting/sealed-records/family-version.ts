import type { RestrictionKind } from '@roundtable/shared/templates';
import type { BlockModel, PersonModel, RecordSectionModel, SealedRecordModel } from './sealed-record.model';

/**
 * Sections of the record the family version leaves out whole. The agency
 * information section holds what each agency knows, attributed to its source:
 * the referrer, other family members, neighbours and staff are named there,
 * and no program can find every name in free text (DOMAIN.md §6 golden rule 5).
 * See docs/SEALED-RECORDS.md.
 */
export const FAMILY_OMITTED_SECTIONS: readonly string[] = ['agency-information'];

/** Statements printed at the top of every family version, so the reader knows what is not there. */
export const FAMILY_OMISSIONS: readonly string[] = [
  'Entries marked “police restricted” or “not for the family” are left out.',
  'Professionals are shown by their agency and their role in the meeting, not by name.',
  'The section “Information shared by each agency” is left out: it names the people who gave information, including the person who made the referral.',
  'The reason typed when the discussion was convened, each agency’s key information, the notes of each escalation step and the reasons given for absence are left out for the same reason.',
  'Addenda are left out: they cannot be marked as restricted. The full record has them.',
];

function anonymous(person: PersonModel): PersonModel {
  return { name: null, jobTitle: null, agency: person.agency, role: person.role };
}

const isUnrestricted = <T extends { restriction: RestrictionKind | null }>(entry: T): boolean =>
  entry.restriction === null;

/** Blocks without restricted runs, and without blocks that only restricted runs filled. */
function familyBlocks(blocks: readonly BlockModel[]): BlockModel[] {
  const result: BlockModel[] = [];
  for (const block of blocks) {
    const runs = block.runs.filter(isUnrestricted);
    if (runs.length === 0 && block.runs.length > 0) continue;
    result.push({ ...block, runs });
  }
  return result;
}

function familySection(section: RecordSectionModel): RecordSectionModel {
  return {
    ...section,
    blocks: familyBlocks(section.blocks),
    addenda: [],
  };
}

/**
 * The family version of a full record (DOMAIN.md §3.8, §7): the same record
 * without restricted entries (passages, views and actions flagged police
 * restricted or not for the family), without third-party identities, and
 * without free text that cannot carry a restriction flag (FAMILY_OMISSIONS).
 * Pure: returns a new model and never changes `full`.
 */
export function toFamilyVersion(full: SealedRecordModel): SealedRecordModel {
  return {
    ...full,
    variant: 'family',
    header: {
      ...full.header,
      chair: full.header.chair && anonymous(full.header.chair),
      convenedBecause: null,
    },
    attendance: {
      attended: full.attendance.attended.map(anonymous),
      absent: full.attendance.absent.map(({ person }) => ({ person: anonymous(person), reason: null })),
    },
    sections: full.sections.filter((s) => !FAMILY_OMITTED_SECTIONS.includes(s.key)).map(familySection),
    recordAddenda: [],
    decisions: full.decisions.map((decision) => ({
      ...decision,
      views: decision.views
        .filter(isUnrestricted)
        .map((view) => ({ ...view, keyInformation: null, recordedBy: anonymous(view.recordedBy) })),
      notReached: decision.notReached && {
        ...decision.notReached,
        recordedBy: anonymous(decision.notReached.recordedBy),
      },
      laDecisions: decision.laDecisions.map((entry) => ({ ...entry, recordedBy: anonymous(entry.recordedBy) })),
      dissents: decision.dissents.map((dissent) => ({
        ...dissent,
        recordedBy: anonymous(dissent.recordedBy),
        resolvedBy: dissent.resolvedBy && anonymous(dissent.resolvedBy),
        steps: dissent.steps.map((step) => ({ ...step, note: null, recordedBy: anonymous(step.recordedBy) })),
      })),
    })),
    actions: full.actions.filter(isUnrestricted).map((action) => ({ ...action, owner: anonymous(action.owner) })),
    safetyPlan: full.safetyPlan && {
      sections: full.safetyPlan.sections.map((s) => ({ ...s, blocks: familyBlocks(s.blocks) })),
      addenda: [],
      scores: full.safetyPlan.scores.map((s) => ({ ...s, recordedBy: anonymous(s.recordedBy) })),
    },
    signOff: full.signOff && { ...full.signOff, by: anonymous(full.signOff.by) },
    omissions: [...FAMILY_OMISSIONS],
  };
}
