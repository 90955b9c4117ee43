import type { UserResponse } from '@roundtable/shared/schemas';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { buildMeeting, buildUser } from '../../test/factories';
import { SessionContext, type SessionValue } from '../session/sessionContext';
import { LifecycleBar } from './LifecycleBar';

function renderBar(me: UserResponse, status: 'scheduled' | 'live') {
  const session: SessionValue = {
    session: { status: 'signed-in', me },
    signedIn: vi.fn(),
    signOut: vi.fn(async () => undefined),
    mfaEnrolled: vi.fn(),
  };
  render(
    <MemoryRouter>
      <SessionContext.Provider value={session}>
        <LifecycleBar meeting={buildMeeting({ myRole: 'chair', status })} decisions={[]} onMeetingChange={vi.fn()} />
      </SessionContext.Provider>
    </MemoryRouter>,
  );
}

describe('the chair’s lifecycle controls', () => {
  it('offers Start to a chair whose account may chair', () => {
    renderBar(buildUser({ canChair: true }), 'scheduled');
    expect(screen.getByRole('button', { name: 'Start the discussion' })).toBeInTheDocument();
    expect(screen.queryByTestId('cannot-chair')).not.toBeInTheDocument();
  });

  it('hides Start and Conclude from a chair whose account may not chair, and says why', () => {
    renderBar(buildUser({ canChair: false }), 'scheduled');
    expect(screen.queryByRole('button', { name: 'Start the discussion' })).not.toBeInTheDocument();
    expect(screen.getByTestId('cannot-chair')).toHaveTextContent(
      /cannot convene or chair meetings\. Ask an administrator/,
    );
  });

  it('hides Conclude from such a chair in a live discussion', () => {
    renderBar(buildUser({ canChair: false }), 'live');
    expect(screen.queryByRole('button', { name: 'Conclude the discussion' })).not.toBeInTheDocument();
    expect(screen.getByTestId('cannot-chair')).toBeInTheDocument();
  });
});
