import type { AckResponse } from '@roundtable/shared/meeting-events';
import type { SharingDecisionResponse } from '@roundtable/shared/need-to-know';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SendChange } from '../meeting-events/sendTypes';
import { FamilyFacingToggle } from './FamilyFacingToggle';
import { SharingDecisions } from './SharingDecisions';

const MEETING = '1c72fe6f-56ca-4198-90d0-4c65d7ba8f7d';
const DECISION: SharingDecisionResponse = {
  id: '9b2e0c3a-2f4d-4c1e-8a7b-0d6f5e4c3b2a',
  meetingId: MEETING,
  outcome: 'refused',
  what: 'The refuge’s address',
  withWhom: 'Dean Example (father)',
  lawfulBasis: 'vital-interests',
  reason: 'Telling him would put Kerry and the children at risk',
  compartmentId: null,
  decidedBy: { userId: MEETING, displayName: 'Sam Chair', agency: 'childrens-social-care', organisation: 'Testshire' },
  decidedAt: '2026-03-02T13:45:00.000Z',
};

function sender() {
  return vi.fn(async () => ({ ok: true, data: DECISION }) as AckResponse<unknown>);
}

describe('information-sharing decisions', () => {
  it('lists each decision with its outcome, lawful basis, reason and who decided', () => {
    render(<SharingDecisions meetingId={MEETING} decisions={[DECISION]} canRecord={false} send={sender() as never} />);
    const card = screen.getByTestId('sharing-decision');
    expect(card).toHaveAttribute('data-outcome', 'refused');
    expect(card).toHaveTextContent('Refused to share: The refuge’s address');
    expect(card).toHaveTextContent('Vital interests (UK GDPR Article 6(1)(d))');
    expect(card).toHaveTextContent('Sam Chair (Testshire)');
    expect(screen.queryByRole('button', { name: 'Record a sharing decision' })).toBeNull();
  });

  it('records a decision not to share, with a reason', async () => {
    const send = sender();
    const user = userEvent.setup();
    render(<SharingDecisions meetingId={MEETING} decisions={[]} canRecord send={send as unknown as SendChange} />);
    await user.click(screen.getByRole('button', { name: 'Record a sharing decision' }));
    const form = screen.getByTestId('sharing-decision-form');
    await user.click(within(form).getByRole('button', { name: 'Record decision' }));
    expect(within(form).getByTestId('error-summary')).toHaveTextContent('Enter a reason');
    expect(send).not.toHaveBeenCalled();
    await user.click(within(form).getByLabelText('Refused to share'));
    await user.type(within(form).getByLabelText('What information?'), DECISION.what);
    await user.type(within(form).getByLabelText('Who was it not shared with?'), DECISION.withWhom);
    await user.click(within(form).getByLabelText(/^Vital interests/));
    await user.type(within(form).getByLabelText('Why was it not shared?'), DECISION.reason);
    await user.click(within(form).getByRole('button', { name: 'Record decision' }));
    expect(send).toHaveBeenCalledWith('sharing-decision:record', {
      meetingId: MEETING,
      outcome: 'refused',
      what: DECISION.what,
      withWhom: DECISION.withWhom,
      lawfulBasis: 'vital-interests',
      reason: DECISION.reason,
    });
  });
});

describe('the chair’s family-facing mark', () => {
  it('sends the mark at once and shows the server’s refusal', async () => {
    const send = vi.fn(
      async () =>
        ({ ok: false, error: { code: 'Forbidden', message: 'Only the chair can do this' } }) as AckResponse<never>,
    );
    const user = userEvent.setup();
    render(
      <FamilyFacingToggle
        meetingId={MEETING}
        item={{ type: 'section', id: 'strengths' }}
        name="Strengths"
        marked={false}
        send={send as unknown as SendChange}
      />,
    );
    await user.click(screen.getByRole('checkbox', { name: /^Share with the family\W+Strengths$/ }));
    expect(send).toHaveBeenCalledWith('family-facing:set', {
      meetingId: MEETING,
      item: { type: 'section', id: 'strengths' },
      familyFacing: true,
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('Only the chair can do this');
  });
});
