import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../api';
import { SessionProvider } from '../session/SessionProvider';
import { AcceptInvitationPage, invitationToken, PENDING_INVITATION_KEY } from './AcceptInvitationPage';

const TOKEN = 'A'.repeat(43);
const preview = {
  email: 'pat.gp@example.org',
  role: 'participant' as const,
  agency: 'health' as const,
  organisation: 'Testshire GP Practice',
  meetingReference: 'SD-2026-0142',
  meetingTypeLabel: 'Strategy discussion',
  scheduledAt: '2026-12-08T10:00:00Z',
  expiresAt: '2026-12-15T10:00:00Z',
};

function renderPage() {
  window.location.hash = `#token=${TOKEN}`;
  render(
    <MemoryRouter initialEntries={['/invitations/accept']}>
      <SessionProvider>
        <Routes>
          <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
        </Routes>
      </SessionProvider>
    </MemoryRouter>,
  );
  return userEvent.setup();
}

beforeEach(() => {
  window.sessionStorage.clear();
  vi.spyOn(api.auth, 'me').mockRejectedValue(
    new ApiError(401, { code: 'Unauthenticated', message: 'Sign in to continue', correlationId: 'c' }),
  );
  vi.spyOn(api.auth.oidc, 'providers').mockResolvedValue({ providers: [] });
});

describe('the invitation link', () => {
  it('takes the token from the fragment and keeps it for the way back from single sign-on', () => {
    const storage = new Map<string, string>();
    const store = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    };
    expect(invitationToken(`#token=${TOKEN}`, store)).toBe(TOKEN);
    expect(storage.get(PENDING_INVITATION_KEY)).toBe(TOKEN);
    expect(invitationToken('', store)).toBe(TOKEN);
  });
});

describe('accepting an invitation', () => {
  it('shows the meeting by type, reference and time, and sets up the account', async () => {
    vi.spyOn(api.invitations, 'preview').mockResolvedValue(preview);
    const accept = vi
      .spyOn(api.invitations, 'accept')
      .mockResolvedValue({ meetingId: '6f1c1d52-6a43-4c1e-9a57-4d7b1a1e2f10', email: preview.email });
    const user = renderPage();
    expect(
      await screen.findByText(
        'You have been invited to strategy discussion SD-2026-0142 on Tuesday 8 December 2026 at 10am.',
      ),
    ).toBeInTheDocument();
    await user.type(screen.getByLabelText('Your full name'), 'Dr Pat New');
    await user.type(screen.getByLabelText('Job title'), 'GP');
    await user.type(screen.getByLabelText('Create a password'), 'a long enough new password');
    await user.type(screen.getByLabelText('Confirm your password'), 'a long enough new password');
    await user.click(screen.getByRole('button', { name: 'Set up account and join' }));
    expect(await screen.findByTestId('invitation-accepted')).toHaveTextContent('Your account is set up');
    expect(accept).toHaveBeenCalledWith({
      token: TOKEN,
      displayName: 'Dr Pat New',
      jobTitle: 'GP',
      password: 'a long enough new password',
    });
  });

  it('checks the passwords match before sending', async () => {
    vi.spyOn(api.invitations, 'preview').mockResolvedValue(preview);
    const accept = vi.spyOn(api.invitations, 'accept');
    const user = renderPage();
    await user.type(await screen.findByLabelText('Your full name'), 'Dr Pat New');
    await user.type(screen.getByLabelText('Job title'), 'GP');
    await user.type(screen.getByLabelText('Create a password'), 'a long enough new password');
    await user.type(screen.getByLabelText('Confirm your password'), 'a different password');
    await user.click(screen.getByRole('button', { name: 'Set up account and join' }));
    expect((await screen.findAllByText('The passwords do not match')).length).toBeGreaterThan(0);
    expect(accept).not.toHaveBeenCalled();
  });

  it('says why a used or expired invitation cannot be used', async () => {
    vi.spyOn(api.invitations, 'preview').mockRejectedValue(
      new ApiError(409, {
        code: 'Conflict',
        message: 'This invitation has expired. Ask the meeting’s chair to invite you again.',
        correlationId: 'c',
      }),
    );
    renderPage();
    expect(await screen.findByTestId('invitation-problem')).toHaveTextContent('This invitation has expired');
  });
});
