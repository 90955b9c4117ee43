import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildUser } from '../../test/factories';
import { api, ApiError } from '../api';
import { SessionProvider } from '../session/SessionProvider';
import { SignInPage } from './SignInPage';

const unauthenticated = () =>
  new ApiError(401, { code: 'Unauthenticated', message: 'Sign in to continue', correlationId: 'c' });

/** The sign-in page inside the app's session, heading back to /meetings/1 once signed in. */
function renderSignIn(
  entry: { pathname: string; search?: string; state?: unknown } = {
    pathname: '/sign-in',
    state: { returnTo: '/meetings/1' },
  },
) {
  render(
    <MemoryRouter initialEntries={[entry]}>
      <SessionProvider>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/meetings/1" element={<p>Meeting room</p>} />
          <Route path="/invitations/accept" element={<p>Accept page</p>} />
          <Route path="/" element={<p>Home</p>} />
        </Routes>
      </SessionProvider>
    </MemoryRouter>,
  );
  return userEvent.setup();
}

async function signIn(user: ReturnType<typeof userEvent.setup>, password = 'roundtable-demo') {
  await user.type(await screen.findByLabelText('Email address'), 'sam.chair@example.org');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

beforeEach(() => {
  vi.spyOn(api.auth, 'me').mockRejectedValue(unauthenticated());
  vi.spyOn(api.auth.oidc, 'providers').mockResolvedValue({ providers: [] });
  vi.spyOn(api.auth.mfa, 'status').mockResolvedValue({
    enabled: false,
    enrolmentRequired: false,
    recoveryCodesRemaining: 0,
  });
});

describe('signing in', () => {
  it('goes where the user was heading once the password is right', async () => {
    const login = vi.spyOn(api.auth, 'login').mockResolvedValue(buildUser());
    const user = renderSignIn();
    await signIn(user);
    expect(await screen.findByText('Meeting room')).toBeInTheDocument();
    expect(login).toHaveBeenCalledWith({ email: 'sam.chair@example.org', password: 'roundtable-demo' });
  });

  it('asks for the second factor when the account uses one', async () => {
    vi.spyOn(api.auth, 'login').mockResolvedValue({ mfaRequired: true });
    const user = renderSignIn();
    await signIn(user);
    expect(await screen.findByTestId('mfa-form')).toBeInTheDocument();
  });

  it('after single sign-on and the second factor, returns to the page the sign-in started from, never off the app', async () => {
    vi.spyOn(api.auth.mfa, 'verify').mockResolvedValue(buildUser());
    const user = renderSignIn({ pathname: '/sign-in', search: '?step=two-factor&returnTo=%2Finvitations%2Faccept' });
    await user.type(await screen.findByLabelText('Code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Accept page')).toBeInTheDocument();
  });

  it('ignores a return path that leaves the app', async () => {
    vi.spyOn(api.auth.mfa, 'verify').mockResolvedValue(buildUser());
    const user = renderSignIn({ pathname: '/sign-in', search: '?step=two-factor&returnTo=%2F%2Fevil.example.org' });
    await user.type(await screen.findByLabelText('Code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Home')).toBeInTheDocument();
  });

  it('shows a refused sign-in against the email address and clears the password', async () => {
    vi.spyOn(api.auth, 'login').mockRejectedValue(
      new ApiError(401, {
        code: 'InvalidCredentials',
        message: 'Enter a correct email and password',
        correlationId: 'c',
      }),
    );
    const user = renderSignIn();
    await signIn(user, 'wrong');
    expect(await screen.findByRole('link', { name: 'Enter a correct email and password' })).toHaveAttribute(
      'href',
      '#email',
    );
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(document.title).toBe('Error: Sign in – Roundtable');
  });

  it('checks the form before calling the server', async () => {
    const login = vi.spyOn(api.auth, 'login');
    const user = renderSignIn();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByTestId('error-summary')).toBeInTheDocument();
    expect(login).not.toHaveBeenCalled();
  });
});
