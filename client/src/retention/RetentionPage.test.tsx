import type { LegalHold, RetentionStatusResponse } from '@roundtable/shared/retention';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { buildUser } from '../../test/factories';
import { api } from '../api';
import { ApiError } from '../api/ApiError';
import { SessionContext, type SessionValue } from '../session/sessionContext';
import { StepUpContext } from '../step-up/stepUpContext';
import { periodText, RetentionPage } from './RetentionPage';

const MEETING_ID = '00000000-0000-4000-8000-0000000000aa';

const status: RetentionStatusResponse = {
  now: '2026-12-07T09:00:00.000Z',
  cron: '30 2 * * *',
  rules: [
    {
      recordType: 'strategy-discussion-records',
      label: 'Strategy discussion records',
      period: { years: 35, days: 0 },
      countedFrom: 'closure',
      due: 3,
      held: 1,
    },
    {
      recordType: 'sessions',
      label: 'Sessions and sign-in codes',
      period: { years: 0, days: 90 },
      countedFrom: 'the end of the session',
      due: 0,
      held: 0,
    },
  ],
  partnershipKey: 'A meeting falls under the schedule of the partnership that lists the organisation of its convener.',
  partnerships: [
    {
      partnership: 'Northshire Safeguarding Children Partnership',
      organisations: ['Northshire County Council', 'Northshire Police'],
      periods: [
        { recordType: 'strategy-discussion-records', period: { years: 40, days: 0 }, own: true },
        { recordType: 'looked-after-children-records', period: { years: 75, days: 0 }, own: false },
      ],
    },
  ],
  lastRun: null,
  tombstones: 0,
};

const hold: LegalHold = {
  id: '00000000-0000-4000-8000-000000000001',
  subjectType: 'meeting',
  subjectId: MEETING_ID,
  subjectReference: 'SD-2026-0142',
  reason: 'Care proceedings: the court has directed that the records be kept.',
  placedBy: 'Ada Admin',
  placedAt: '2026-12-07T09:00:00.000Z',
  liftedBy: null,
  liftedAt: null,
  liftReason: null,
};

function renderAsAdmin(withStepUp = vi.fn((action: () => Promise<unknown>) => action())) {
  const session: SessionValue = {
    session: { status: 'signed-in', me: buildUser({ isAdmin: true, agency: 'other' }) },
    signedIn: vi.fn(),
    signOut: vi.fn(async () => undefined),
    mfaEnrolled: vi.fn(),
  };
  render(
    <MemoryRouter>
      <SessionContext.Provider value={session}>
        <StepUpContext.Provider value={{ ensureFresh: async () => true, withStepUp: withStepUp as never }}>
          <RetentionPage />
        </StepUpContext.Provider>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
  return withStepUp;
}

describe('the retention page', () => {
  it('writes periods as words', () => {
    expect(periodText({ years: 35, days: 0 })).toBe('35 years');
    expect(periodText({ years: 1, days: 1 })).toBe('1 year and 1 day');
    expect(periodText({ years: 0, days: 90 })).toBe('90 days');
  });

  it('lists each rule with what is due and held, and runs now after step-up', async () => {
    vi.spyOn(api.retention, 'status').mockResolvedValue(status);
    vi.spyOn(api.retention, 'holds').mockResolvedValue({ holds: [] });
    const run = vi.spyOn(api.retention, 'run').mockResolvedValue({ queued: true });
    const stepUp = renderAsAdmin();
    const table = await screen.findByRole('table', { name: 'Retention rules' });
    const row = within(table).getByRole('row', { name: /Strategy discussion records/ });
    expect(row).toHaveTextContent('35 years');
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['35 years', 'closure', '3', '1']);
    expect(screen.getByText('No legal holds.')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Run retention now' }));
    expect(stepUp).toHaveBeenCalled();
    expect(run).toHaveBeenCalled();
    expect(await screen.findByText('The retention run will start in a moment')).toBeInTheDocument();
  });

  it('shows which schedule applies to whom: each partnership, its organisations and its own periods', async () => {
    vi.spyOn(api.retention, 'status').mockResolvedValue(status);
    vi.spyOn(api.retention, 'holds').mockResolvedValue({ holds: [] });
    renderAsAdmin();
    const [north] = await screen.findAllByTestId('retention-partnership');
    expect(north).toHaveTextContent(
      'Northshire Safeguarding Children Partnership: Northshire County Council, Northshire Police',
    );
    const own = within(north!).getByRole('row', { name: /Strategy discussion records/ });
    expect(own).toHaveTextContent('40 years');
    expect(own).toHaveTextContent('the partnership');
    expect(within(north!).getByRole('row', { name: /looked after/ })).toHaveTextContent('75 yearsthe deployment');
    expect(screen.getByTestId('retention-partnership-key')).toHaveTextContent(/organisation of its convener/);
  });

  it('places a hold with a reason, and shows what is wrong with bad input before sending', async () => {
    vi.spyOn(api.retention, 'status').mockResolvedValue(status);
    vi.spyOn(api.retention, 'holds')
      .mockResolvedValueOnce({ holds: [] })
      .mockResolvedValue({ holds: [hold] });
    const place = vi.spyOn(api.retention, 'placeHold').mockResolvedValue(hold);
    renderAsAdmin();
    const ui = userEvent.setup();
    await ui.type(await screen.findByLabelText('The meeting’s id'), 'not-an-id');
    await ui.type(screen.getByLabelText('Why the records must be kept'), 'short');
    await ui.click(screen.getByRole('button', { name: 'Place the hold' }));
    expect(place).not.toHaveBeenCalled();
    expect(await screen.findByText('There is a problem')).toBeInTheDocument();

    await ui.clear(screen.getByLabelText('The meeting’s id'));
    await ui.type(screen.getByLabelText('The meeting’s id'), MEETING_ID);
    await ui.clear(screen.getByLabelText('Why the records must be kept'));
    await ui.type(screen.getByLabelText('Why the records must be kept'), hold.reason);
    await ui.click(screen.getByRole('button', { name: 'Place the hold' }));
    expect(place).toHaveBeenCalledWith({ subjectType: 'meeting', subjectId: MEETING_ID, reason: hold.reason });
    const holds = await screen.findByTestId('legal-holds');
    expect(holds).toHaveTextContent('Meeting SD-2026-0142: in force. Placed by Ada Admin');
  });

  it('shows the server’s refusal of a hold', async () => {
    vi.spyOn(api.retention, 'status').mockResolvedValue(status);
    vi.spyOn(api.retention, 'holds').mockResolvedValue({ holds: [] });
    vi.spyOn(api.retention, 'placeHold').mockRejectedValue(
      new ApiError(409, {
        code: 'Conflict',
        message: 'That meeting is already under a legal hold; lift it first to change the reason',
        correlationId: 'c',
      }),
    );
    renderAsAdmin();
    const ui = userEvent.setup();
    await ui.type(await screen.findByLabelText('The meeting’s id'), MEETING_ID);
    await ui.type(screen.getByLabelText('Why the records must be kept'), hold.reason);
    await ui.click(screen.getByRole('button', { name: 'Place the hold' }));
    expect(await screen.findByText(/already under a legal hold/)).toBeInTheDocument();
  });
});
