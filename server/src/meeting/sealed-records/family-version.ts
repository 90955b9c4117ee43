import { FAMILY_PARAGRAPH_WITHHELD, type FamilyFacingItem } from '@roundtable/shared/need-to-know';
import { familyPathway } from './record-pathway';
import type { BlockModel, PersonModel, SealedRecordModel } from './sealed-record.model';
import { CONFERENCE_FAMILY_OMISSION, familyConferenceRecord } from './conference-section';
import { familyFamilyParticipation } from './family-participation-section';
import { familyFgdmRecord } from './fgdm-section';

/**
 * Statements printed at the top of every family version, so the reader knows
 * what is not there (docs/SEALED-RECORDS.md "The family version"). They say
 * what kinds of thing are left out, never where restricted information was:
 * a marker where police information sat could itself tip off a suspect.
 */
export const FAMILY_OMISSIONS: readonly string[] = [
  'This version holds only what the chair chose to share with the family. Sections of the record and of the safety plan, agency views, the reasons for decisions, dissent and actions are left out unless the chair marked them for the family.',
  'Information restricted to some agencies, and the names of people whose identity is protected, are left out.',
  `Where a paragraph held something not for the family, the whole paragraph is left out and “${FAMILY_PARAGRAPH_WITHHELD}” is shown instead.`,
  'Professionals are shown by their agency and their role in the meeting, not by name.',
  'The reason typed when the discussion was convened, each agency’s key information, the notes of each escalation step, the reasons given for absence, decisions about sharing information and addenda are left out: they can name people who must be protected. The full record has them.',
];

/** Where an unmarked part was, for the reader of the family version. */
export const FAMILY_REASONS_LEFT_OUT = 'Left out of the family version';

function anonymous(person: PersonModel): PersonModel {
  return { name: null, organisation: null, jobTitle: null, agency: person.agency, role: person.role };
}

const withheldParagraph = (): BlockModel => ({
  type: 'paragraph',
  level: null,
  listItem: false,
  runs: [{ text: FAMILY_PARAGRAPH_WITHHELD, restriction: null, withheld: true }],
});

/**
 * A section's blocks for the family: a paragraph (heading, list item) holding
 * any restricted passage — "not for the family", or restricted to an agency —
 * is withheld whole, with the marker, so no half sentence reaches the family.
 */
export function familyBlocks(blocks: readonly BlockModel[]): BlockModel[] {
  return blocks.map((block) => (block.runs.some((run) => run.restriction !== null) ? withheldParagraph() : block));
}

/** Whether an item is marked family-facing. */
function marks(items: readonly FamilyFacingItem[]) {
  const set = new Set(items.map((i) => `${i.type}:${i.id}`));
  return (type: FamilyFacingItem['type'], id: string) => set.has(`${type}:${id}`);
}

/**
 * The family version of a complete record (DOMAIN.md §3.8, §7): only what the
 * chair marked family-facing (`familyFacing`) of the sections, agency views,
 * decisions' reasons, dissents and actions; never a restricted entry,
 * compartment or protected person's name; paragraphs holding a restricted
 * passage withheld whole; professionals by agency and role. Keeps the
 * children's names, each decision's question and outcome, and the safety
 * scaling scores. Pure: returns a new model and never changes `full`.
 */
export function toFamilyVersion(full: SealedRecordModel, familyFacing: readonly FamilyFacingItem[]): SealedRecordModel {
  const marked = marks(familyFacing);
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
    sections: full.sections
      .filter((s) => marked('section', s.key))
      .map((s) => ({ ...s, blocks: familyBlocks(s.blocks), compartments: [], addenda: [] })),
    recordAddenda: [],
    decisions: full.decisions.map((decision) => {
      const reasons = marked('decision-reasons', decision.id);
      return {
        ...decision,
        views: decision.views
          .filter((v) => v.restriction === null && marked('view', v.id))
          .map((view) => ({ ...view, keyInformation: null, recordedBy: anonymous(view.recordedBy) })),
        withheldViews: [],
        notReached: decision.notReached && {
          ...decision.notReached,
          reason: reasons ? decision.notReached.reason : null,
          recordedBy: anonymous(decision.notReached.recordedBy),
        },
        laDecisions: decision.laDecisions.map((entry) => ({
          ...entry,
          reasons: reasons ? entry.reasons : null,
          protectiveActionDetails: reasons ? entry.protectiveActionDetails : null,
          correctionReason: reasons ? entry.correctionReason : null,
          recordedBy: anonymous(entry.recordedBy),
        })),
        dissents: decision.dissents
          .filter((d) => marked('dissent', d.id))
          .map((dissent) => ({
            ...dissent,
            recordedBy: anonymous(dissent.recordedBy),
            resolvedBy: dissent.resolvedBy && anonymous(dissent.resolvedBy),
            steps: dissent.steps.map((step) => ({ ...step, note: null, recordedBy: anonymous(step.recordedBy) })),
          })),
      };
    }),
    actions: full.actions
      .filter((a) => a.restriction === null && marked('action', a.id))
      .map((action) => ({ ...action, owner: anonymous(action.owner) })),
    withheldActions: [],
    safetyPlan: full.safetyPlan && {
      sections: full.safetyPlan.sections
        .filter((s) => marked('section', s.key))
        .map((s) => ({ ...s, blocks: familyBlocks(s.blocks), compartments: [] })),
      addenda: [],
      scores: full.safetyPlan.scores.map((s) => ({ ...s, recordedBy: anonymous(s.recordedBy) })),
    },
    signOff: full.signOff && { ...full.signOff, by: anonymous(full.signOff.by) },
    protectedPersons: [],
    sharingDecisions: [],
    withheldSharingDecisions: [],
    omissions: [
      ...FAMILY_OMISSIONS,
      ...(full.conference ? [CONFERENCE_FAMILY_OMISSION] : []),
      ...leftOutSections(full, marked),
    ],
    conference: familyConferenceRecord(full.conference),
    family: familyFamilyParticipation(full.family),
    fgdm: familyFgdmRecord(full.fgdm),
    ...(full.pathway ? { pathway: familyPathway(full.pathway, familyFacing, anonymous) } : {}),
  };
}

/** Names the sections left out, so the family can ask about them. */
function leftOutSections(full: SealedRecordModel, marked: ReturnType<typeof marks>): string[] {
  const titles = [...full.sections, ...(full.safetyPlan?.sections ?? [])]
    .filter((s) => !marked('section', s.key))
    .map((s) => `“${s.title}”`);
  return titles.length ? [`Sections left out of this version: ${titles.join(', ')}.`] : [];
}
