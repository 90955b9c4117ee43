import {
  CorrectLaDecisionRequestSchema,
  DecisionTemplatesFileSchema,
  OpenDecisionRequestSchema,
  RecordViewRequestSchema,
  S47_THRESHOLD_TEMPLATE,
  decisionInForce,
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
