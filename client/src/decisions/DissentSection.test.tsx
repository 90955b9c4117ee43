import type { AckResponse } from '@roundtable/shared/meeting-events';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { buildDecision, buildPerson } from '../../test/factories';
import type { SendChange } from '../meeting-events/sendTypes';
import { DissentSection } from './DissentSection';

const LA_DECISION = {
  id: '0a7c2b1e-3d4f-4a5b-8c6d-7e8f9a0b1c2d',
  chosenOptions: ['s47-joint'],
  reasons: 'Joint enquiry; mother protective so far, grandmother present.',
  protectiveActions: ['s20-or-safety-plan'],
  protectiveActionDetails: 'Dean stays away; Pat stays overnight.',
  recordedBy: buildPerson({ displayName: 'Sam Demo', agency: 'childrens-social-care' }),
  recordedAt: '2026-03-02T13:45:00.000Z',
  recordStateSha256: 'a'.repeat(64),
  basisViewIds: [],
  correctsId: null,
  correctionReason: null,
};

/** §9: the LA decided a joint s47 relying on a voluntary safety plan; police agreed with the option. */
function decided() {
  return buildDecision({
    status: 'decided',
    laDecisions: [LA_DECISION],
    currentViews: [],
  });
}

function renderSection(
  agency: 'police' | 'childrens-social-care' = 'police',
  role: 'participant' | 'observer' = 'participant',
) {
  const send = vi.fn(async () => ({ ok: true, data: decided() }) as AckResponse<unknown>);
  render(<DissentSection decision={decided()} role={role} agency={agency} send={send as unknown as SendChange} />);
  return { send, user: userEvent.setup() };
}

describe('dissent from the local authority decision', () => {
  it('lets police dissent from relying on a voluntary safety plan without a differing view (DOMAIN.md §9)', async () => {
    const { send, user } = renderSection();
    await user.click(screen.getByRole('button', { name: 'Record dissent' }));
    const form = screen.getByTestId('dissent-form');
    const parts = within(form).getByRole('group', {
      name: 'Which part of the decision does your agency disagree with?',
    });
    expect(
      within(parts)
        .getAllByRole('radio')
        .map((r) => (r as HTMLInputElement).value),
    ).toEqual(['options', 'protective-action', 'voluntary-safety-plan', 'reasons']);
    await user.click(within(parts).getByLabelText('Relying on a voluntary safety plan'));
    await user.type(within(form).getByLabelText('Why does your agency disagree?'), 'Relies on Kerry’s cooperation');
    await user.click(within(form).getByRole('button', { name: 'Record dissent' }));
    expect(send).toHaveBeenCalledWith(
      'dissent:record',
      expect.objectContaining({ part: 'voluntary-safety-plan', reasons: 'Relies on Kerry’s cooperation' }),
    );
  });

  it('asks which part before sending', async () => {
    const { send, user } = renderSection();
    await user.click(screen.getByRole('button', { name: 'Record dissent' }));
    const form = screen.getByTestId('dissent-form');
    await user.type(within(form).getByLabelText('Why does your agency disagree?'), 'Because');
    await user.click(within(form).getByRole('button', { name: 'Record dissent' }));
    expect(
      within(screen.getByTestId('error-summary')).getByRole('link', {
        name: 'Select which part of the decision your agency disagrees with',
      }),
    ).toBeInTheDocument();
    expect(send).not.toHaveBeenCalled();
  });

  it('offers no dissent to children’s social care, which decided', () => {
    renderSection('childrens-social-care');
    expect(screen.queryByRole('button', { name: 'Record dissent' })).not.toBeInTheDocument();
  });

  it('offers no dissent to an observer', () => {
    renderSection('police', 'observer');
    expect(screen.queryByRole('button', { name: 'Record dissent' })).not.toBeInTheDocument();
  });
});
