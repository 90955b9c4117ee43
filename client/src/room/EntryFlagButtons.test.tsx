import type { AckResponse } from '@roundtable/shared/meeting-events';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { EntryFlagButtons } from './EntryFlagButtons';

describe('flags on a whole entry', () => {
  it('asks the chair why before lifting another agency’s restriction, and sends the reason', async () => {
    const onFlag = vi.fn(async () => ({ ok: true, data: null }) as AckResponse<unknown>);
    const user = userEvent.setup();
    render(
      <EntryFlagButtons
        restriction="police-restricted"
        entryName="Police’s view"
        reasonNeeded={(next) => next === null}
        onFlag={onFlag}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Police restricted', pressed: true }));
    const form = screen.getByTestId('flag-reason-form');
    expect(onFlag).not.toHaveBeenCalled();
    await user.click(within(form).getByRole('button', { name: 'Lift restriction' }));
    expect(within(form).getByText(/Enter why you are lifting this restriction/)).toBeVisible();
    expect(within(form).getByText(/Choose the lawful basis for sharing it/)).toBeVisible();
    await user.click(within(form).getByLabelText(/^Public task/));
    await user.type(within(form).getByLabelText('Why are you lifting this restriction?'), 'Needed for the plan');
    await user.click(within(form).getByRole('button', { name: 'Lift restriction' }));
    expect(onFlag).toHaveBeenCalledWith(null, { reason: 'Needed for the plan', lawfulBasis: 'public-task' });
    expect(screen.queryByTestId('flag-reason-form')).toBeNull();
  });

  it('flags at once when no reason is needed', async () => {
    const onFlag = vi.fn(async () => ({ ok: true, data: null }) as AckResponse<unknown>);
    const user = userEvent.setup();
    render(<EntryFlagButtons restriction={null} entryName="Police’s view" onFlag={onFlag} />);
    await user.click(screen.getByRole('button', { name: 'Not for the family' }));
    expect(onFlag).toHaveBeenCalledWith('not-for-family', undefined);
  });
});
