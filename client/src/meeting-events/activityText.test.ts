import { describe, expect, it } from 'vitest';
import { describeActivity, describeOwnChange } from './activityText';

describe('what a screen reader hears', () => {
  it("names the agency, not the person, for an agency's view", () => {
    expect(describeActivity({ kind: 'view-recorded', actor: 'Pat Police', agency: 'police' })).toBe(
      'Police recorded their view',
    );
  });

  it('names the person who opened a decision', () => {
    expect(describeActivity({ kind: 'decision-opened', actor: 'Sam Chair', agency: 'childrens-social-care' })).toBe(
      'Sam Chair opened a decision for agencies’ views',
    );
  });

  it('says who added an escalation step and for which agency', () => {
    expect(describeActivity({ kind: 'escalation-step', actor: 'Hana Health', agency: 'health' })).toBe(
      'Hana Health (Health) added an escalation step',
    );
  });

  it('confirms the sender’s own change in their terms', () => {
    expect(describeOwnChange('view:record')).toBe('Your agency’s view has been recorded');
    expect(describeOwnChange('action:create')).toBe('The action has been added');
  });

  it('says nothing for joining or leaving', () => {
    expect(describeOwnChange('meeting:join')).toBeNull();
    expect(describeOwnChange('meeting:leave')).toBeNull();
  });
});
