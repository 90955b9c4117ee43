import type { AckResponse } from '@roundtable/shared/meeting-events';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { EntryFlagButtons, mayChangeFlag } from './EntryFlagButtons';

const recorder = { role: 'participant' as const, userId: 'u-priya', agency: 'police' as const };
const colleague = { role: 'participant' as const, userId: 'u-dan', agency: 'police' as const };
const chair = { role: 'chair' as const, userId: 'u-sam', agency: 'childrens-social-care' as const };
const policeView = { recordedByUserId: recorder.userId, owningAgency: 'police' as const, restriction: null };

describe('flags on a whole entry', () => {
  it('asks the chair why before lifting another agency’s restriction, and sends the reason', async () => {
    const onFlag = vi.fn(async () => ({ ok: true, data: null }) as AckResponse<unknown>);
    const user = userEvent.setup();
    render(
      <EntryFlagButtons
        entry={{ ...policeView, restriction: 'police-restricted' }}
        flagger={chair}
        entryName="Police’s view"
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
    render(<EntryFlagButtons entry={policeView} flagger={recorder} entryName="Police’s view" onFlag={onFlag} />);
    await user.click(screen.getByRole('button', { name: 'Not for the family' }));
    expect(onFlag).toHaveBeenCalledWith('not-for-family', undefined);
  });

  it('lets the owning agency lift its restriction without a reason, and offers nobody what the server refuses', async () => {
    const onFlag = vi.fn(async () => ({ ok: true, data: null }) as AckResponse<unknown>);
    const user = userEvent.setup();
    const restricted = { ...policeView, restriction: 'police-restricted' as const };
    const lifting = render(
      <EntryFlagButtons entry={restricted} flagger={colleague} entryName="Police’s view" onFlag={onFlag} />,
    );
    // Another police officer may lift it or loosen it to "not for the family", but not restrict it otherwise.
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Police restricted',
      'Not for the family',
    ]);
    await user.click(screen.getByRole('button', { name: 'Police restricted', pressed: true }));
    expect(onFlag).toHaveBeenCalledWith(null, undefined);
    lifting.unmount();

    const education = { role: 'participant' as const, userId: 'u-ed', agency: 'education' as const };
    expect(mayChangeFlag(education, restricted)).toBe(false);
    expect(mayChangeFlag(colleague, policeView)).toBe(false);
    expect(mayChangeFlag(colleague, restricted)).toBe(true);
    expect(mayChangeFlag({ ...recorder, role: 'observer' }, restricted)).toBe(false);
  });
});
