import type { UserResponse } from '@roundtable/shared/schemas';
import type { DashboardResponse } from '@roundtable/shared/dashboard';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildChildRef, buildPathwayClock } from '../../test/child-factories';
import { buildUser } from '../../test/factories';
import { api } from '../api';
import { SessionContext, type SessionValue } from '../session/sessionContext';
import { DashboardPage } from './DashboardPage';

function renderAs(me: UserResponse) {
  const session: SessionValue = {
    session: { status: 'signed-in', me },
    signedIn: vi.fn(),
    signOut: vi.fn(async () => undefined),
    mfaEnrolled: vi.fn(),
  };
  render(
    <MemoryRouter>
      <SessionContext.Provider value={session}>
        <DashboardPage />
      </SessionContext.Provider>
    </MemoryRouter>,
  );
}

const emptyDashboard = (overrides: Partial<DashboardResponse> = {}): DashboardResponse => ({
  generatedAt: '2026-03-02T09:00:00Z',
  meetings: { scheduled: [], live: [], concluded: [] },
  actions: [],
  overdueActionCount: 0,
  overdueChildren: [],
  ...overrides,
});

beforeEach(() => {
  vi.spyOn(api.dashboard, 'get').mockResolvedValue(emptyDashboard());
  // The create form asks for the deployment's meeting types; the built-in ones serve here.
  vi.spyOn(api.meetingTypes, 'list').mockResolvedValue({ meetingTypes: [] });
});

describe('convening from the dashboard', () => {
  it('offers the form to an account allowed to convene and chair', async () => {
    renderAs(buildUser({ canChair: true }));
    expect(await screen.findByRole('heading', { name: 'Create a meeting' })).toBeInTheDocument();
    expect(screen.queryByTestId('cannot-convene')).not.toBeInTheDocument();
  });

  it('hides the form from an account without the permission and says why', async () => {
    renderAs(buildUser({ canChair: false, jobTitle: 'Student social worker' }));
    const why = await screen.findByTestId('cannot-convene');
    expect(why).toHaveTextContent('Your account cannot convene or chair strategy discussions');
    expect(why).toHaveTextContent('ask an administrator');
    expect(screen.queryByRole('heading', { name: 'Create a meeting' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /create/i })).not.toBeInTheDocument();
  });

  it('hides it from an administrator without the permission', async () => {
    renderAs(buildUser({ isAdmin: true, canChair: false, agency: 'other' }));
    expect(await screen.findByTestId('cannot-convene')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Create a meeting' })).not.toBeInTheDocument();
  });
});

describe('children with overdue timescales', () => {
  it('lists each child with what is overdue, linked to their page', async () => {
    const ruby = buildChildRef({ name: 'Ruby Testcase' });
    vi.spyOn(api.dashboard, 'get').mockResolvedValue(
      emptyDashboard({
        overdueChildren: [
          {
            child: ruby,
            overdueClocks: [
              buildPathwayClock({ key: 'icpc', label: 'Initial child protection conference', status: 'overdue' }),
            ],
          },
        ],
      }),
    );
    renderAs(buildUser());
    expect(await screen.findByRole('heading', { name: 'Children with overdue timescales' })).toBeInTheDocument();
    expect(screen.getByTestId('overdue-children-warning')).toHaveTextContent(
      '1 child has a timescale past its due date',
    );
    const table = screen.getByRole('table', { name: 'Children with overdue timescales' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByRole('link', { name: 'Ruby Testcase' })).toHaveAttribute('href', `/children/${ruby.id}`);
    expect(row.querySelector('[data-overdue-clock=icpc]')).toHaveTextContent(
      'Overdue Initial child protection conference, was due 23 March 2026',
    );
  });

  it('shows nothing about them when none is overdue', async () => {
    renderAs(buildUser());
    expect(await screen.findByRole('heading', { name: 'Your open actions' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Children with overdue timescales' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('overdue-children-warning')).not.toBeInTheDocument();
  });
});
