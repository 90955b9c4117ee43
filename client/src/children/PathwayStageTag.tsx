import { PATHWAY_STAGE_LABELS, type PathwayStage } from '@roundtable/shared/pathway';

const CLASSES: Record<PathwayStage, string> = {
  'strategy-discussion': 'govuk-tag--blue',
  's47-enquiry': 'govuk-tag--orange',
  'child-protection-plan': 'govuk-tag--purple',
  'no-plan': 'govuk-tag--grey',
  'plan-ended': 'govuk-tag--grey',
};

/** Where a child is on the pathway, in words (the colour only repeats it). Test hook: `[data-stage]`. */
export function PathwayStageTag({ stage }: { stage: PathwayStage }) {
  return (
    <strong className={`govuk-tag ${CLASSES[stage]}`} data-stage={stage}>
      {PATHWAY_STAGE_LABELS[stage]}
    </strong>
  );
}
