import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { FAMILY_CODE_SENT_MESSAGE, type FamilySessionResponse } from '@roundtable/shared/family';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../../api';
import { FamilyApp } from '../FamilyApp';

const SESSION: FamilySessionResponse = {
  member: { participantId: 'p1', displayName: 'Jo Parent', relationship: 'parent' },
  meeting: {
    id: 'm1',
    reference: 'ICPC-DEMO-000',
    type: 'icpc',
    typeLabel: 'Initial child protection conference',
    scheduledAt: '2026-03-19T10:00:00Z',
    status: 'scheduled',
  },
};

function renderFamily(path = '/family/sign-in') {
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/family/*" element={<FamilyApp />} />
      </Routes>
    </MemoryRouter>,
  );
  return userEvent.setup();
}

const notSignedIn = () =>
  new ApiError(401, { code: 'Unauthenticated', message: 'Sign in with the code we emailed you', correlationId: 'c' });

beforeEach(() => {
  vi.spyOn(api.family, 'session').mockRejectedValue(notSignedIn());
});

describe('family sign-in', () => {
  it('asks for the reference and email, then the code, then shows the meeting', async () => {
    const requestCode = vi.spyOn(api.family, 'requestCode').mockResolvedValue({ message: FAMILY_CODE_SENT_MESSAGE });
    const signIn = vi.spyOn(api.family, 'signIn').mockResolvedValue(SESSION);
    const user = renderFamily();
    await user.type(await screen.findByLabelText('Meeting reference'), 'icpc-demo-000');
    await user.type(screen.getByLabelText('Email address'), 'Jo.Parent@example.org');
    await user.click(screen.getByRole('button', { name: 'Email me a code' }));
    expect(requestCode).toHaveBeenCalledWith({ meetingReference: 'ICPC-DEMO-000', email: 'jo.parent@example.org' });
    expect(await screen.findByTestId('code-sent')).toHaveTextContent(FAMILY_CODE_SENT_MESSAGE);
    await user.type(screen.getByLabelText('Code'), '123 456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(signIn).toHaveBeenCalledWith({
      meetingReference: 'ICPC-DEMO-000',
      email: 'jo.parent@example.org',
      code: '123456',
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Your meeting' })).toBeInTheDocument();
    expect(screen.getByText('Initial child protection conference')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('shows clear errors against the fields and sends nothing when they are empty', async () => {
    const requestCode = vi.spyOn(api.family, 'requestCode');
    const user = renderFamily();
    await user.click(await screen.findByRole('button', { name: 'Email me a code' }));
    const summary = await screen.findByTestId('error-summary');
    expect(summary).toHaveTextContent('Enter the meeting reference from your invitation email');
    expect(summary).toHaveTextContent('Enter your email address');
    expect(requestCode).not.toHaveBeenCalled();
  });

  it('puts a refused code against the code field, and clears it', async () => {
    vi.spyOn(api.family, 'requestCode').mockResolvedValue({ message: FAMILY_CODE_SENT_MESSAGE });
    vi.spyOn(api.family, 'signIn').mockRejectedValue(
      new ApiError(401, { code: 'InvalidCredentials', message: 'That code did not work.', correlationId: 'c' }),
    );
    const user = renderFamily();
    await user.type(await screen.findByLabelText('Meeting reference'), 'ICPC-DEMO-000');
    await user.type(screen.getByLabelText('Email address'), 'jo.parent@example.org');
    await user.click(screen.getByRole('button', { name: 'Email me a code' }));
    await user.type(await screen.findByLabelText('Code'), '999999');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('error-summary')).toHaveTextContent('That code did not work.');
    expect(screen.getByLabelText('Code')).toHaveValue('');
  });

  it('sends a signed-out visitor of /family to sign in', async () => {
    renderFamily('/family');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to your meeting' })).toBeInTheDocument();
  });
});
