import { LIMITS } from '@roundtable/shared/constants';
import { S47_THRESHOLD_TEMPLATE } from '@roundtable/shared/decisions';
import type { AckResponse } from '@roundtable/shared/meeting-events';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { buildChild, buildDecision } from '../../test/factories';
import type { SendChange } from '../meeting-events/sendTypes';
import { OpenDecisionForm } from './OpenDecisionForm';

const MEETING = '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91';

function renderForm({
  children = [buildChild({ name: 'Ruby Testcase' }), buildChild({ name: 'Alfie Testcase' })],
  ack = { ok: true, data: buildDecision() } as AckResponse<unknown>,
} = {}) {
  const send = vi.fn(async () => ack);
  const onDone = vi.fn();
  render(
    <OpenDecisionForm
      meetingId={MEETING}
      meetingChildren={children}
      templates={[S47_THRESHOLD_TEMPLATE]}
      send={send as unknown as SendChange}
      onDone={onDone}
      onCancel={vi.fn()}
    />,
  );
  return { send, onDone, children, user: userEvent.setup() };
}

const submit = () => screen.getByRole('button', { name: 'Open decision for views' });
const summary = () => screen.getByTestId('error-summary');

describe('the form that opens a decision', () => {
  it('asks which children the decision is about, and sends nothing until it knows', async () => {
    const { send, user } = renderForm();
    await user.click(submit());

    expect(within(summary()).getByRole('link', { name: 'Select at least one child' })).toHaveAttribute(
      'href',
      '#open-decision-children',
    );
    expect(screen.getByRole('group', { name: 'Which children is the decision about?' })).toHaveAccessibleDescription(
      /Error: Select at least one child/,
    );
    expect(send).not.toHaveBeenCalled();
  });

  it('moves focus to the error summary, and from its link to the field', async () => {
    const { user } = renderForm();
    await user.click(submit());
    expect(summary()).toHaveFocus();

    await user.click(within(summary()).getByRole('link'));
    expect(screen.getByLabelText('Ruby Testcase')).toHaveFocus();
  });

  it('chooses the only child by itself and opens the decision', async () => {
    const ruby = buildChild({ name: 'Ruby Testcase' });
    const { send, onDone, user } = renderForm({ children: [ruby] });
    expect(screen.getByLabelText('Ruby Testcase')).toBeChecked();

    await user.click(submit());
    expect(send).toHaveBeenCalledWith('decision:open', {
      meetingId: MEETING,
      childIds: [ruby.id],
      templateKey: S47_THRESHOLD_TEMPLATE.key,
      question: '',
    });
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('error-summary')).not.toBeInTheDocument();
  });

  it('sends the children chosen and a question of its own', async () => {
    const { send, children, user } = renderForm();
    await user.click(screen.getByLabelText('Alfie Testcase'));
    await user.type(screen.getByLabelText('Question for agencies (optional)'), 'Was the bruising accidental?');
    await user.click(submit());
    expect(send).toHaveBeenCalledWith(
      'decision:open',
      expect.objectContaining({ childIds: [children[1]?.id], question: 'Was the bruising accidental?' }),
    );
  });

  it('refuses a question over the limit before sending', async () => {
    const { send, user } = renderForm({ children: [buildChild()] });
    await user.click(screen.getByLabelText('Question for agencies (optional)'));
    await user.paste('x'.repeat(LIMITS.decisionQuestionMaxLength + 1));
    await user.click(submit());
    expect(screen.getByLabelText('Question for agencies (optional)')).toHaveAttribute('aria-invalid', 'true');
    expect(send).not.toHaveBeenCalled();
  });

  it("shows the server's field errors from the acknowledgement against their fields", async () => {
    const { onDone, user } = renderForm({
      children: [buildChild()],
      ack: {
        ok: false,
        error: {
          code: 'ValidationFailed',
          message: 'Check the highlighted fields',
          fields: [{ path: 'question', message: 'Question must not name the alleged abuser' }],
        },
      },
    });
    await user.click(submit());
    expect(within(summary()).getByRole('link', { name: 'Question must not name the alleged abuser' })).toHaveAttribute(
      'href',
      '#open-decision-question',
    );
    expect(screen.getByLabelText('Question for agencies (optional)')).toHaveAccessibleDescription(
      expect.stringContaining('Question must not name the alleged abuser'),
    );
    expect(onDone).not.toHaveBeenCalled();
  });

  it('shows a refusal that is not about one field above the form', async () => {
    const { onDone, user } = renderForm({
      children: [buildChild()],
      ack: { ok: false, error: { code: 'MeetingConcluded', message: 'This strategy discussion has concluded' } },
    });
    await user.click(submit());
    expect(summary()).toHaveTextContent('This strategy discussion has concluded');
    expect(within(summary()).queryByRole('link')).not.toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();
  });
});
