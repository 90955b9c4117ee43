import { toFamilyVersion } from './family-version';
import { renderRecordHtml } from './record-html.renderer';
import { buildRecordModel, IDS, PEOPLE } from './record-model.factory';
import type { PathwayRecordModel } from './sealed-record.model';

const REASONS = 'Neglect of the baby’s feeding, seen by the health visitor on three visits.';
const HASH = 'b'.repeat(64);

function pathway(): PathwayRecordModel {
  return {
    conference: true,
    outcomes: [
      {
        child: 'Ruby Testcase',
        outcome: 'child-protection-plan',
        categories: ['neglect', 'emotional'],
        stepDown: null,
        route: null,
        reasons: REASONS,
        decisionId: IDS.decision,
        recordedBy: PEOPLE.chair,
        recordedAt: '2026-03-20T11:00:00.000Z',
      },
      {
        child: 'Leo Testcase',
        outcome: 'no-plan',
        categories: [],
        stepDown: 'child-in-need',
        route: null,
        reasons: 'No likelihood of significant harm.',
        decisionId: null,
        recordedBy: PEOPLE.chair,
        recordedAt: '2026-03-20T11:05:00.000Z',
      },
    ],
    planReviews: [{ child: 'Ruby Testcase', version: 1, hash: HASH }],
  };
}

describe('the sealed record of a plan meeting', () => {
  it('shows each child’s outcome with its census categories, step-down and reasons, and the plan version reviewed with its hash', () => {
    const html = renderRecordHtml(buildRecordModel({ pathway: pathway() }));
    expect(html).toContain('<h2 id="pathway">Outcome for each child and the child protection plan</h2>');
    expect(html).toContain('Neglect (NEG), Emotional abuse (EMO); census code MUL');
    expect(html).toContain('Step down to: Child in need plan');
    expect(html).toContain(REASONS);
    expect(html).toContain(HASH);
  });

  it('keeps the outcome and categories in the family version, the reasons only where the decision’s reasons are family-facing', () => {
    const unmarked = toFamilyVersion(buildRecordModel({ pathway: pathway() }), []);
    expect(unmarked.pathway?.outcomes.map((o) => [o.outcome, o.categories, o.reasons])).toEqual([
      ['child-protection-plan', ['neglect', 'emotional'], null],
      ['no-plan', [], null],
    ]);
    expect(unmarked.pathway?.outcomes[0]?.recordedBy.name).toBeNull();
    expect(unmarked.pathway?.planReviews).toEqual([{ child: 'Ruby Testcase', version: 1, hash: HASH }]);
    expect(JSON.stringify(unmarked)).not.toContain('No likelihood');

    const marked = toFamilyVersion(buildRecordModel({ pathway: pathway() }), [
      { type: 'decision-reasons', id: IDS.decision },
    ]);
    expect(marked.pathway?.outcomes.map((o) => o.reasons)).toEqual([REASONS, null]);
  });

  it('has no such section for a strategy discussion', () => {
    expect(renderRecordHtml(buildRecordModel())).not.toContain('id="pathway"');
  });
});
