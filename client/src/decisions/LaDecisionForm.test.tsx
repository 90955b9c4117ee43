import type { AckResponse } from '@roundtable/shared/meeting-events';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { buildDecision } from '../../test/factories';
import type { SendChange } from '../meeting-events/sendTypes';
import { StepUpContext } from '../step-up/stepUpContext';
import { LaDecisionForm } from './LaDecisionForm';

const CONTRADICTION =
  "'No further action' cannot be recorded with 'Section 47 enquiry: joint with police': " +
  'a decision has one outcome on the section 47 threshold (open a decision for each child whose outcome differs)';

function renderForm(ack: AckResponse<unknown> = { ok: true, data: buildDecision() }, decision = buildDecision()) {
  const send = vi.fn(async () => ack);
  render(
    <StepUpContext.Provider value={{ ensureFresh: async () => true, withStepUp: (action) => action() }}>
      <LaDecisionForm decision={decision} send={send as unknown as SendChange} />
    </StepUpContext.Provider>,
  );
  return { send, user: userEvent.setup() };
}

const summary = () => screen.getByTestId('error-summary');

describe("the local authority's decision form", () => {
  it('refuses options that exclude each other before sending, naming both in the error summary', async () => {
    const { send, user } = renderForm();
    await user.click(screen.getByLabelText('No further action'));
    await user.click(screen.getByLabelText('Section 47 enquiry: joint with police'));
    await user.type(screen.getByLabelText('Reasons for the decision'), 'Both ticked');
    await user.click(screen.getByRole('button', { name: 'Record the decision' }));

    expect(within(summary()).getByRole('link', { name: CONTRADICTION })).toHaveAttribute(
      'href',
      expect.stringMatching(/-options$/),
    );
    expect(send).not.toHaveBeenCalled();
  });

  it("shows the server's refusal of a contradiction against the options", async () => {
    const message = "'A' cannot be recorded with 'B': a rule the browser did not know";
    const { send, user } = renderForm({
      ok: false,
      error: { code: 'ContradictoryDecision', message, fields: [{ path: 'chosenOptions', message }] },
    });
    await user.click(screen.getByLabelText('Section 47 enquiry: joint with police'));
    await user.type(screen.getByLabelText('Reasons for the decision'), 'Joint enquiry');
    await user.click(screen.getByRole('button', { name: 'Record the decision' }));

    expect(send).toHaveBeenCalledTimes(1);
    expect(await within(summary()).findByRole('link', { name: message })).toBeInTheDocument();
  });

  it('sends compatible options', async () => {
    const { send, user } = renderForm();
    await user.click(screen.getByLabelText('Section 47 enquiry: joint with police'));
    await user.click(screen.getByLabelText('Refer to MARAC'));
    await user.type(screen.getByLabelText('Reasons for the decision'), 'Joint enquiry');
    await user.click(screen.getByRole('button', { name: 'Record the decision' }));
    expect(send).toHaveBeenCalledWith(
      'la-decision:record',
      expect.objectContaining({ chosenOptions: ['s47-joint', 'refer-marac'] }),
    );
  });
});
