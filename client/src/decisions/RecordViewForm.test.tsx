import type { Agency } from '@roundtable/shared/constants';
import type { AckResponse } from '@roundtable/shared/meeting-events';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { buildDecision } from '../../test/factories';
import type { SendChange } from '../meeting-events/sendTypes';
import { RecordViewForm } from './RecordViewForm';

function renderForm(agency: Agency) {
  const decision = buildDecision();
  const send = vi.fn(
    async (_event: string, _payload: unknown) => ({ ok: true, data: decision }) as AckResponse<unknown>,
  );
  render(<RecordViewForm decision={decision} agency={agency} send={send as unknown as SendChange} />);
  return { decision, send, user: userEvent.setup() };
}

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByLabelText('Yes'));
  await user.click(screen.getAllByRole('radio', { name: /section 47/i })[0]!);
  await user.type(screen.getByLabelText('Reasons for your agency’s view'), 'Intelligence we hold.');
}

describe('recording an agency’s view', () => {
  it('lets police restrict the view as it is recorded, so it never reaches anyone outside its audience', async () => {
    const { decision, send, user } = renderForm('police');
    await fillIn(user);
    await user.click(screen.getByLabelText(/^Police restricted: Police members and the chair/));
    await user.click(screen.getByRole('button', { name: 'Record your agency’s view' }));
    expect(send).toHaveBeenCalledWith(
      'view:record',
      expect.objectContaining({ decisionId: decision.id, restriction: 'police-restricted' }),
    );
  });

  it('sends no restriction unless one is chosen, and offers none to an agency without its own', async () => {
    const police = renderForm('police');
    await fillIn(police.user);
    await police.user.click(screen.getByRole('button', { name: 'Record your agency’s view' }));
    expect(police.send.mock.calls[0]![1]).not.toHaveProperty('restriction');
    document.body.innerHTML = '';

    renderForm('education');
    expect(screen.queryByRole('group', { name: 'Who may read this view?' })).toBeNull();
  });
});
