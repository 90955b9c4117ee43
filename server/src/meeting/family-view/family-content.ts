import { createHash } from 'node:crypto';
import { AGENCY_LABELS } from '@roundtable/shared/constants';
import {
  canonicalSafetyPlan,
  type FamilyDecision,
  type FamilyMeetingResponse,
  type FamilySection,
} from '@roundtable/shared/family-view';
import type { BlockModel, SealedRecordModel } from '../sealed-records/sealed-record.model';

/**
 * The family's screens read the FAMILY VERSION of the record model
 * (sealed-records/family-version.ts `toFamilyVersion`), built from the live
 * meeting exactly as a sealing would build it: one rule for what the family
 * may see, for the sealed family version and the live family view alike.
 * These functions only copy named fields of that model into the family
 * contracts (an allow-list): no person, no restriction, no compartment.
 */

function paragraph(block: BlockModel): FamilySection['paragraphs'][number] {
  return {
    text: block.runs.map((r) => r.text).join(''),
    withheld: block.runs.some((r) => r.withheld === true),
    heading: block.type === 'heading',
    listItem: block.listItem,
  };
}

/** A family-version section (already filtered and with its restricted paragraphs withheld) as the family reads it. */
export function familySection(section: { key: string; title: string; blocks: readonly BlockModel[] }): FamilySection {
  return {
    key: section.key,
    title: section.title,
    paragraphs: section.blocks.map(paragraph).filter((p) => p.withheld || p.text.trim() !== ''),
  };
}

/** The family-facing safety plan sections of a family-version model. */
export function familySafetyPlan(family: SealedRecordModel): FamilySection[] {
  return (family.safetyPlan?.sections ?? []).map(familySection);
}

/** sha256 (hex) over the canonical form of exactly the sections shown. */
export function safetyPlanHash(sections: readonly FamilySection[]): string {
  return createHash('sha256').update(canonicalSafetyPlan(sections), 'utf8').digest('hex');
}

const agencyLabel = (agency: keyof typeof AGENCY_LABELS) => AGENCY_LABELS[agency];

/** The decisions of a family-version model: question, outcome in force, and only what the chair marked. */
export function familyDecisions(family: SealedRecordModel): FamilyDecision[] {
  return family.decisions.map((d) => {
    const inForce = d.laDecisions.find((l) => l.inForce) ?? null;
    return {
      question: d.question,
      outcome: inForce ? inForce.chosenOptions.map((o) => d.optionLabels[o] ?? o) : [],
      reasons: inForce?.reasons ?? null,
      views: d.views.map((v) => ({
        agency: agencyLabel(v.agency),
        recommendation: d.optionLabels[v.recommendedOption] ?? v.recommendedOption,
        reasons: v.reasons,
      })),
      dissents: d.dissents.map((x) => ({ agency: agencyLabel(x.agency), reasons: x.reasons })),
    };
  });
}

/** The live content of the family view from a family-version model. */
export function familyContent(
  family: SealedRecordModel,
): Pick<FamilyMeetingResponse, 'record' | 'safetyPlan' | 'decisions' | 'actions'> {
  return {
    record: family.sections.map(familySection),
    safetyPlan: familySafetyPlan(family),
    decisions: familyDecisions(family),
    actions: family.actions.map((a) => ({
      description: a.description,
      agency: agencyLabel(a.ownerAgency),
      dueAt: a.dueAt,
      status: a.status,
    })),
  };
}
