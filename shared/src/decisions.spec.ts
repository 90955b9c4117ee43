import {
  CorrectLaDecisionRequestSchema,
  DecisionTemplatesFileSchema,
  OpenDecisionRequestSchema,
  RecordViewRequestSchema,
  RecordDissentRequestSchema,
  S47_THRESHOLD_TEMPLATE,
  decisionInForce,
  dissentPartsOf,
  findOptionConflict,
  optionConflictMessage,
  summariseViews,
  viewDiffersFromDecision,
} from './decisions';

const ids = {
  request: '7d0f5a62-4b8e-4c1e-9a55-0d7a3f0f5b21',
  meeting: '0b7c3c1e-2f7d-4d2a-8a6e-5b1f9c3d2e10',
  decision: '5e9d7c6b-1a2b-4c3d-8e4f-6a7b8c9d0e1f',
  child: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
};

describe('decision schemas', () => {
  it('defaults to the section 47 threshold template and drops an empty question override', () => {
    const parsed = OpenDecisionRequestSchema.parse({
      requestId: ids.request,
      meetingId: ids.meeting,
      childIds: [ids.child],
      question: '  ',
    });
    expect(parsed.templateKey).toBe('s47-threshold');
    expect(parsed.question).toBeNull();
  });

  it('requires reasons for an agency view and names each bad field', () => {
    const result = RecordViewRequestSchema.safeParse({
      requestId: ids.request,
      meetingId: ids.meeting,
      decisionId: ids.decision,
      harm: 'maybe',
      recommendedOption: 's47-joint',
      reasons: ' ',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['harm', 'reasons']);
  });

  it('refuses a correction without its reason or with the same option twice', () => {
    const result = CorrectLaDecisionRequestSchema.safeParse({
      requestId: ids.request,
      meetingId: ids.meeting,
      decisionId: ids.decision,
      chosenOptions: ['s47-joint', 's47-joint'],
      reasons: 'Joint enquiry',
      correctsId: ids.request,
    });
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['chosenOptions', 'correctionReason']);
  });

  it('accepts the built-in template as a deployment file and refuses duplicate option keys', () => {
    expect(DecisionTemplatesFileSchema.safeParse({ templates: [S47_THRESHOLD_TEMPLATE] }).success).toBe(true);
    const duplicate = {
      ...S47_THRESHOLD_TEMPLATE,
      options: [S47_THRESHOLD_TEMPLATE.options[0], S47_THRESHOLD_TEMPLATE.options[0]],
    };
    expect(DecisionTemplatesFileSchema.safeParse({ templates: [duplicate] }).success).toBe(false);
  });
});

describe('summariseViews', () => {
  it('shows each agency by option and harm, and warns about missing minimum agencies', () => {
    const summary = summariseViews(S47_THRESHOLD_TEMPLATE.options, [
      { agency: 'police', harm: 'yes', recommendedOption: 's47-joint' },
      { agency: 'childrens-social-care', harm: 'yes', recommendedOption: 's47-joint' },
      { agency: 'education', harm: 'unsure', recommendedOption: 'early-help' },
    ]);
    expect(summary.byAgency.map((v) => v.agency)).toEqual(['childrens-social-care', 'police', 'education']);
    expect(summary.byOption.find((o) => o.option === 's47-joint')?.agencies).toEqual([
      'childrens-social-care',
      'police',
    ]);
    expect(summary.byOption.find((o) => o.option === 'nfa')?.agencies).toEqual([]);
    expect(summary.byHarm).toEqual({ yes: ['childrens-social-care', 'police'], no: [], unsure: ['education'] });
    expect(summary.missingMinimumAgencies).toEqual(['health']);
  });
});

describe('decisionInForce', () => {
  it('is the latest entry that no correction replaces', () => {
    const first = { id: 'a', correctsId: null };
    const correction = { id: 'b', correctsId: 'a' };
    expect(decisionInForce([first])).toBe(first);
    expect(decisionInForce([first, correction])).toBe(correction);
    expect(decisionInForce([])).toBeNull();
  });

  it('lets an agency dissent only from a decision that did not choose its recommendation', () => {
    expect(viewDiffersFromDecision({ recommendedOption: 'nfa' }, { chosenOptions: ['s47-joint'] })).toBe(true);
    expect(viewDiffersFromDecision({ recommendedOption: 's47-joint' }, { chosenOptions: ['s47-joint'] })).toBe(false);
  });
});

describe('exclusive options', () => {
  const { exclusions, options } = S47_THRESHOLD_TEMPLATE;
  const conflict = (chosen: string[]) => findOptionConflict(chosen, exclusions);

  it('refuses no further action with any section 47 or section 17 outcome, naming both options', () => {
    for (const other of ['early-help', 's17-assessment', 's47-single-agency', 's47-joint', 'further-discussion']) {
      expect(conflict(['nfa', other])).toMatchObject({ first: 'nfa', second: other });
    }
    const found = conflict(['refer-marac', 'nfa', 's47-joint']);
    expect(found).toMatchObject({ first: 'nfa', second: 's47-joint' });
    expect(optionConflictMessage(found!, options)).toBe(
      "'No further action' cannot be recorded with 'Section 47 enquiry: joint with police': " +
        'a decision has one outcome on the section 47 threshold (open a decision for each child whose outcome differs)',
    );
  });

  it('refuses single-agency with joint s47, and a police-only investigation with an s47 enquiry', () => {
    expect(conflict(['s47-single-agency', 's47-joint'])).not.toBeNull();
    expect(conflict(['s47-joint', 'police-only'])?.reason).toMatch(/police-only investigation/);
    expect(conflict(['police-only', 'further-discussion'])).not.toBeNull();
  });

  it('allows referrals and police-only work beside a threshold outcome', () => {
    expect(conflict(['s47-joint'])).toBeNull();
    expect(conflict(['s47-joint', 'refer-marac', 'transfer-la', 'refer-lado'])).toBeNull();
    expect(conflict(['nfa', 'police-only'])).toBeNull();
    expect(conflict(['early-help', 'police-only', 'refer-marac'])).toBeNull();
    expect(findOptionConflict(['nfa', 's47-joint'], [])).toBeNull();
  });

  it('names an unknown key as itself rather than failing', () => {
    expect(optionConflictMessage({ first: 'a', second: 'b', reason: 'why' }, [])).toBe(
      "'a' cannot be recorded with 'b': why",
    );
  });

  it('refuses a template whose exclusions or voluntary safety plan actions name keys it does not have', () => {
    const file = (template: object) => DecisionTemplatesFileSchema.safeParse({ templates: [template] });
    expect(file(S47_THRESHOLD_TEMPLATE).success).toBe(true);
    const { exclusions: _e, voluntarySafetyPlanActions: _v, ...withoutRules } = S47_THRESHOLD_TEMPLATE;
    const parsed = DecisionTemplatesFileSchema.parse({ templates: [withoutRules] });
    expect(parsed.templates[0]).toMatchObject({ exclusions: [], voluntarySafetyPlanActions: [] });
    expect(
      file({ ...S47_THRESHOLD_TEMPLATE, exclusions: [{ options: ['nfa', 'made-up'], reason: 'x' }] }).success,
    ).toBe(false);
    expect(file({ ...S47_THRESHOLD_TEMPLATE, exclusions: [{ options: ['nfa'], reason: 'x' }] }).success).toBe(false);
    expect(file({ ...S47_THRESHOLD_TEMPLATE, voluntarySafetyPlanActions: ['nfa'] }).success).toBe(false);
  });
});

describe('dissent parts', () => {
  const decision = { voluntarySafetyPlanActions: ['s20-or-safety-plan'] };

  it('offers every part of a decision that relies on a voluntary safety plan (DOMAIN.md §9)', () => {
    expect(
      dissentPartsOf(decision, { protectiveActions: ['s20-or-safety-plan'], protectiveActionDetails: null }),
    ).toEqual(['options', 'protective-action', 'voluntary-safety-plan', 'reasons']);
  });

  it('offers the protective action only when one is recorded, and the safety plan only when relied on', () => {
    expect(dissentPartsOf(decision, { protectiveActions: [], protectiveActionDetails: null })).toEqual([
      'options',
      'reasons',
    ]);
    expect(dissentPartsOf(decision, { protectiveActions: [], protectiveActionDetails: 'Dean stays away' })).toEqual([
      'options',
      'protective-action',
      'reasons',
    ]);
    expect(dissentPartsOf(decision, { protectiveActions: ['urgent-medical'], protectiveActionDetails: null })).toEqual([
      'options',
      'protective-action',
      'reasons',
    ]);
  });

  it('requires the part in a dissent request and refuses an unknown one', () => {
    const base = { requestId: ids.request, meetingId: ids.meeting, decisionId: ids.decision, reasons: 'Why' };
    expect(RecordDissentRequestSchema.safeParse({ ...base, part: 'voluntary-safety-plan' }).success).toBe(true);
    for (const part of [undefined, 'the-tea']) {
      const parsed = RecordDissentRequestSchema.safeParse({ ...base, part });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]).toMatchObject({
        path: ['part'],
        message: 'Select which part of the decision your agency disagrees with',
      });
    }
  });
});
