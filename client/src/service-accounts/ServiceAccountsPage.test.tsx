import type { ServiceAccount } from '@roundtable/shared/integrations';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { buildUser } from '../../test/factories';
import { api } from '../api';
import { SessionContext, type SessionValue } from '../session/sessionContext';
import { StepUpContext } from '../step-up/stepUpContext';
import { ServiceAccountsPage } from './ServiceAccountsPage';

const TOKEN = `rt_sa_${'x'.repeat(43)}`;
const account = (overrides: Partial<ServiceAccount> = {}): ServiceAccount => ({
  id: '3f7c1f3e-8a4e-4a38-9d43-7b3e5d0e2a11',
  name: 'Testshire LCS',
  agency: 'childrens-social-care',
  organisation: 'Testshire County Council',
  scopes: ['records:read'],
  status: 'active',
  createdAt: '2026-12-01T10:00:00.000Z',
  createdBy: { userId: '5b0c6b1e-1d7e-4d7b-9a8e-2f1f3c4d5e6f', displayName: 'Ada Admin' },
  disabledAt: null,
  tokens: [
    {
      id: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
      hint: 'rt_sa_abc123',
      status: 'active',
      createdAt: '2026-12-01T10:00:00.000Z',
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
    },
  ],
  ...overrides,
});

function renderAs(isAdmin: boolean) {
  const session: SessionValue = {
    session: { status: 'signed-in', me: buildUser({ isAdmin, agency: 'other' }) },
    signedIn: vi.fn(),
    signOut: vi.fn(async () => undefined),
    mfaEnrolled: vi.fn(),
  };
  const withStepUp = vi.fn((action: () => Promise<unknown>) => action());
  render(
    <MemoryRouter>
      <SessionContext.Provider value={session}>
        <StepUpContext.Provider value={{ ensureFresh: async () => true, withStepUp: withStepUp as never }}>
          <ServiceAccountsPage />
        </StepUpContext.Provider>
      </SessionContext.Provider>
    </MemoryRouter>,
  );
  return { withStepUp };
}

describe('the service accounts page', () => {
  it('creates a service account after confirming it is you, and shows its token once', async () => {
    vi.spyOn(api.serviceAccounts, 'list').mockResolvedValue({ serviceAccounts: [] });
    const create = vi
      .spyOn(api.serviceAccounts, 'create')
      .mockResolvedValue({ serviceAccount: account(), tokenId: account().tokens[0]!.id, token: TOKEN });
    const { withStepUp } = renderAs(true);
    const ui = userEvent.setup();
    const form = await screen.findByTestId('create-service-account-form');
    await ui.type(within(form).getByLabelText('Name'), 'Testshire LCS');
    await ui.type(within(form).getByLabelText('Organisation', { exact: true }), 'Testshire County Council');
    await ui.click(within(form).getByRole('button', { name: 'Create service account' }));
    expect(withStepUp).toHaveBeenCalled();
    expect(create).toHaveBeenCalledWith({
      name: 'Testshire LCS',
      agency: 'childrens-social-care',
      organisation: 'Testshire County Council',
      scopes: ['records:read'],
      expiresInDays: 365,
    });
    expect(await screen.findByTestId('issued-token')).toHaveTextContent(TOKEN);
  });

  it('shows what is wrong without sending anything', async () => {
    vi.spyOn(api.serviceAccounts, 'list').mockResolvedValue({ serviceAccounts: [] });
    const create = vi.spyOn(api.serviceAccounts, 'create');
    renderAs(true);
    const ui = userEvent.setup();
    const form = await screen.findByTestId('create-service-account-form');
    await ui.click(within(form).getByLabelText('Read the sealed records of its organisation’s meetings'));
    await ui.click(within(form).getByRole('button', { name: 'Create service account' }));
    expect(await screen.findByText('Choose at least one scope', { selector: 'a' })).toBeInTheDocument();
    expect(screen.getByText('Enter a name for the service account', { selector: 'a' })).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();
  });

  it('lists tokens by their first characters and revokes one', async () => {
    vi.spyOn(api.serviceAccounts, 'list').mockResolvedValue({ serviceAccounts: [account()] });
    const revoke = vi.spyOn(api.serviceAccounts, 'revokeToken').mockResolvedValue(account());
    renderAs(true);
    const ui = userEvent.setup();
    expect(await screen.findByText('rt_sa_abc123…')).toBeInTheDocument();
    await ui.click(screen.getByRole('button', { name: 'Revoke token rt_sa_abc123 of Testshire LCS' }));
    expect(revoke).toHaveBeenCalledWith(account().id, account().tokens[0]!.id);
    expect(await screen.findByTestId('service-account-notice')).toHaveTextContent('is revoked');
  });

  it('is for administrators only', () => {
    renderAs(false);
    expect(screen.queryByTestId('create-service-account-form')).not.toBeInTheDocument();
  });
});
