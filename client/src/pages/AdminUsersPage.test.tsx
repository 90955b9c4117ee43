import type { AdminUser } from '@roundtable/shared/admin';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { buildUser } from '../../test/factories';
import { api } from '../api';
import { SessionContext, type SessionValue } from '../session/sessionContext';
import { StepUpContext } from '../step-up/stepUpContext';
import { AdminUsersPage } from './AdminUsersPage';

const buildAdminUser = (overrides: Partial<AdminUser> = {}): AdminUser => ({
  ...buildUser(),
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  disabledAt: null,
  activeSessions: 0,
  teamManager: false,
  ...overrides,
});

function renderAsAdmin() {
  const session: SessionValue = {
    session: { status: 'signed-in', me: buildUser({ isAdmin: true, agency: 'other' }) },
    signedIn: vi.fn(),
    signOut: vi.fn(async () => undefined),
    mfaEnrolled: vi.fn(),
  };
  render(
    <MemoryRouter>
      <SessionContext.Provider value={session}>
        <StepUpContext.Provider value={{ ensureFresh: async () => true, withStepUp: (action) => action() }}>
          <AdminUsersPage />
        </StepUpContext.Provider>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
}

describe('team managers on the accounts page', () => {
  it('shows who is a team manager and makes someone one, after confirming', async () => {
    const lead = buildAdminUser({ displayName: 'Tia Team Lead', email: 'tia@example.org' });
    vi.spyOn(api.admin.users, 'list')
      .mockResolvedValueOnce({ users: [lead] })
      .mockResolvedValue({ users: [{ ...lead, teamManager: true }] });
    const set = vi.spyOn(api.admin.users, 'setTeamManager').mockResolvedValue({ ...lead, teamManager: true });
    renderAsAdmin();
    const row = (await screen.findByText('tia@example.org')).closest('tr') as HTMLElement;
    expect(within(row).getByTestId('team-manager')).toHaveTextContent('No');

    const ui = userEvent.setup();
    await ui.click(within(row).getByRole('button', { name: 'Make team manager for Tia Team Lead' }));
    expect(screen.getByRole('heading', { name: 'Make Tia Team Lead a team manager?' })).toBeInTheDocument();
    await ui.click(screen.getByRole('button', { name: 'Yes, make team manager' }));
    expect(set).toHaveBeenCalledWith(lead.id, true);
    expect(await screen.findByTestId('admin-notice')).toHaveTextContent('Tia Team Lead is now a team manager.');
    const after = (await screen.findByText('tia@example.org')).closest('tr') as HTMLElement;
    expect(within(after).getByTestId('team-manager')).toHaveTextContent('Yes');
    expect(
      within(after).getByRole('button', { name: 'Stop being team manager for Tia Team Lead' }),
    ).toBeInTheDocument();
  });

  it('creates an account as a team manager when the box is ticked', async () => {
    vi.spyOn(api.admin.users, 'list').mockResolvedValue({ users: [] });
    const create = vi.spyOn(api.admin.users, 'create').mockResolvedValue(buildAdminUser({ teamManager: true }));
    renderAsAdmin();
    const ui = userEvent.setup();
    const form = await screen.findByTestId('create-user-form');
    await ui.type(within(form).getByLabelText('Email address'), 'new.lead@example.org');
    await ui.type(within(form).getByLabelText('Full name'), 'Nia Lead');
    await ui.type(within(form).getByLabelText('Job title'), 'Team manager');
    await ui.type(within(form).getByLabelText('Initial password'), 'a long initial passphrase');
    await ui.click(within(form).getByLabelText('Team manager'));
    await ui.click(within(form).getByRole('button', { name: 'Create account' }));
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ teamManager: true, canChair: false }));
  });
});
