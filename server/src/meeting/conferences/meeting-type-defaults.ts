import { ICPC_PLAN_TEMPLATE, REVIEW_CONFERENCE_PLAN_TEMPLATE } from '@roundtable/shared/decisions';
import type { MeetingType, MeetingTypeDefinition } from '@roundtable/shared/pathway';
import type { TemplateSection } from '@roundtable/shared/templates';

/** What each type is in code, before the deployment's DOCUMENT_TEMPLATES_FILE and MEETING_TYPES_FILE. */
export interface MeetingTypeDefault {
  /** Null: the deployment's strategy discussion record (DOCUMENT_TEMPLATES_FILE or the built-in §3.5 one). */
  recordSections: readonly TemplateSection[] | null;
  /** Null: every decision template of the deployment except the other types' (the strategy discussion; see buildMeetingTypes). */
  decisionTemplateKeys: readonly string[] | null;
  convenedFrom: MeetingTypeDefinition['convenedFrom'];
}

const AGENCY_REPORTS: TemplateSection = {
  key: 'agency-reports',
  title: 'Agency reports, and whether the parents saw them',
  hint: 'Which agencies sent a report, whether each was shared with the parents beforehand, and anything withheld from them, with the reason.',
};
const CHILD_VIEWS: TemplateSection = {
  key: 'child-views',
  title: 'The child’s views',
  hint: 'The child’s wishes and feelings, how they were heard (seen alone? an advocate? a letter or drawing), in their words where possible.',
};
const FAMILY_VIEWS: TemplateSection = {
  key: 'family-views',
  title: 'The parents’ and family’s views',
  hint: 'What the parents, others with parental responsibility and the wider family said, including where they disagree.',
};
const CHAIR_ANALYSIS: TemplateSection = {
  key: 'chair-analysis',
  title: 'The chair’s analysis',
  hint: 'The dangers, the strengths and the gaps in what is known, and how they bear on whether the child is likely to suffer significant harm.',
};

/** The initial child protection conference's record (DOMAIN-PATHWAY §1.9). */
const ICPC_SECTIONS: readonly TemplateSection[] = [
  AGENCY_REPORTS,
  CHILD_VIEWS,
  FAMILY_VIEWS,
  {
    key: 'what-is-known',
    title: 'What is known: facts, and opinion labelled as opinion',
    hint: 'What happened and the history, each agency’s information; say whose opinion an opinion is.',
  },
  CHAIR_ANALYSIS,
  {
    key: 'decision-reasons',
    title: 'Decision and reasons for each child',
    hint: 'For each child: likely to suffer significant harm or not, the category, each agency’s recommendation and any dissent.',
  },
  {
    key: 'outline-plan',
    title: 'Outline plan and contingency',
    hint: 'What must change, the actions, who does them and by when, enough to protect the child until the first core group; and what happens if the plan is not kept.',
  },
  {
    key: 'core-group-next-steps',
    title: 'The core group and next steps',
    hint: 'Core group members (professionals and family), the lead professional, the first core group (within 10 working days) and the review conference (within 3 months); how the child and family take part.',
  },
];

/** The core group meeting's record (DOMAIN-PATHWAY §2). */
const CORE_GROUP_SECTIONS: readonly TemplateSection[] = [
  {
    key: 'visits',
    title: 'Visits since the last meeting',
    hint: 'Who visited, where, whether the child was seen and seen alone (or why not).',
  },
  { key: 'agency-updates', title: 'Each agency’s update', hint: '' },
  { key: 'family-update', title: 'The family’s update', hint: '' },
  {
    key: 'plan-progress',
    title: 'Progress on each action of the plan',
    hint: 'With evidence of the impact on the child, not only whether the task was done.',
  },
  {
    key: 'household-changes',
    title: 'Changes in the household',
    hint: 'Who has moved in or out, and anything else that changed.',
  },
  { key: 'child-parent-views', title: 'The child’s and the parents’ views', hint: '' },
  { key: 'new-actions', title: 'New actions', hint: 'What, who (owner and agency) and by when.' },
  { key: 'minutes-circulation', title: 'Who received the minutes', hint: '' },
];

/** The review child protection conference's record (DOMAIN-PATHWAY §3). */
const REVIEW_CONFERENCE_SECTIONS: readonly TemplateSection[] = [
  AGENCY_REPORTS,
  CHILD_VIEWS,
  FAMILY_VIEWS,
  {
    key: 'progress-against-outcomes',
    title: 'Progress against the plan’s outcomes',
    hint: 'Safety, health and development against each outcome of the plan; whether the core group is working.',
  },
  {
    key: 'current-risk',
    title: 'Current risk',
    hint: 'What is known now, facts and opinion labelled as opinion: is the child still likely to suffer significant harm?',
  },
  { key: 'category', title: 'Category', hint: 'Whether the category of abuse still fits, or should change.' },
  CHAIR_ANALYSIS,
  {
    key: 'decision-reasons',
    title: 'Decision and reasons for each child',
    hint: 'For each child: continue the plan, end it (step down to Family Help, a child in need plan or no further action) or escalate; each agency’s recommendation and any dissent.',
  },
  {
    key: 'plan-next-steps',
    title: 'The plan, contingency and next steps',
    hint: 'Changes to the plan and its contingency, the core group, and the next review (within 6 months) or the step-down plan.',
  },
];

/** The family group decision-making meeting's record (DOMAIN-PATHWAY §5.2): the professionals' side only; the family's plan is its own. */
const FGDM_SECTIONS: readonly TemplateSection[] = [
  {
    key: 'information-given',
    title: 'Information given to the family',
    hint: 'The concerns, the bottom lines (what any plan must or must not contain), the resources on offer, and what happens if there is no plan.',
  },
  {
    key: 'professionals-response',
    title: 'The professionals’ response to the plan',
    hint: 'Whether the plan keeps the child safe and why, and whether it is agreed, to be amended or not agreed.',
  },
  {
    key: 'support-package',
    title: 'The family network support package',
    hint: 'Who in the family network gets what support, its cost, how often and for how long, and whether it is approved.',
  },
  {
    key: 'next-steps',
    title: 'Next steps',
    hint: 'Who receives the plan, how its actions reach the child’s plan, and the review meeting (usually within 3 months).',
  },
];

/** The built-in meeting types; a deployment changes them with MEETING_TYPES_FILE. */
export const MEETING_TYPE_DEFAULTS: Record<MeetingType, MeetingTypeDefault> = {
  'strategy-discussion': {
    recordSections: null,
    // With the built-in templates: the section 47 threshold decision.
    decisionTemplateKeys: null,
    convenedFrom: 'nothing',
  },
  icpc: {
    recordSections: ICPC_SECTIONS,
    decisionTemplateKeys: [ICPC_PLAN_TEMPLATE.key],
    convenedFrom: 'strategy-discussion',
  },
  'core-group': {
    recordSections: CORE_GROUP_SECTIONS,
    decisionTemplateKeys: [],
    convenedFrom: 'child-protection-plan',
  },
  'review-conference': {
    recordSections: REVIEW_CONFERENCE_SECTIONS,
    decisionTemplateKeys: [REVIEW_CONFERENCE_PLAN_TEMPLATE.key],
    convenedFrom: 'child-protection-plan',
  },
  fgdm: {
    recordSections: FGDM_SECTIONS,
    decisionTemplateKeys: [],
    convenedFrom: 'nothing',
  },
};
