import { CLOSE_CODES } from '@roundtable/shared/realtime';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConnectionSnapshot, ConnectionState } from '../collab/connectionState';
import { ConnectionStatus } from './ConnectionStatus';

function snapshot(state: ConnectionState, closeCode: number | null = null): ConnectionSnapshot {
  return { state, hasUnsavedChanges: state === 'saving', closeCode, keptOnDevice: true };
}

/** The polite live region screen readers hear. */
const liveRegion = (container: HTMLElement) => container.querySelector('[aria-live="polite"]');

describe('the save-status indicator', () => {
  it.each([
    ['connecting', 'Connecting…'],
    ['saved', 'Connected – all changes saved'],
    ['saving', 'Saving…'],
    ['offline', 'Offline – your changes are kept on this device and will be sent when the connection returns'],
  ] as const)('says %s in words', (state, text) => {
    render(<ConnectionStatus connection={snapshot(state)} />);
    expect(screen.getByText(text)).toBeInTheDocument();
    expect(document.getElementById('connection-status')).toHaveAttribute('data-state', state);
  });

  it('does not promise the device keeps changes when it cannot (no IndexedDB): a reload would lose them', () => {
    render(<ConnectionStatus connection={{ ...snapshot('offline'), keptOnDevice: false }} />);
    expect(
      screen.getByText(
        'Offline – your changes are kept in this tab only and will be sent when the connection returns. Do not close or reload it',
      ),
    ).toBeInTheDocument();
  });

  it('says in words which text was not saved, by section, to copy into an addendum', () => {
    const { container } = render(
      <ConnectionStatus
        connection={{
          ...snapshot('not-saved'),
          hasUnsavedChanges: true,
          notSaved: [{ section: 'medical', text: 'She found further bruising ' }],
        }}
        sectionTitle={(key) => (key === 'medical' ? 'Medical assessment' : key)}
      />,
    );
    expect(screen.getByText(/^Not saved – /)).toBeInTheDocument();
    expect(screen.queryByText(/all changes saved/)).toBeNull();
    const row = container.querySelector('[data-unsaved-section="medical"]');
    expect(row).toHaveTextContent('Medical assessment');
    expect(row).toHaveTextContent('She found further bruising');
    expect(liveRegion(container)).toHaveTextContent('');
  });

  it('announces a lost connection once, and its return', () => {
    const { container, rerender } = render(<ConnectionStatus connection={snapshot('saved')} />);
    expect(liveRegion(container)).toHaveTextContent('');

    rerender(<ConnectionStatus connection={snapshot('offline')} />);
    expect(liveRegion(container)).toHaveTextContent('Connection lost. Your changes are kept on this device.');

    rerender(<ConnectionStatus connection={snapshot('saving')} />);
    expect(liveRegion(container)).toHaveTextContent('Connected again. Sending your changes.');
  });

  it('does not announce "Saving…" flickering while someone types', () => {
    const { container, rerender } = render(<ConnectionStatus connection={snapshot('saved')} />);
    rerender(<ConnectionStatus connection={snapshot('saving')} />);
    rerender(<ConnectionStatus connection={snapshot('saved')} />);
    expect(liveRegion(container)).toHaveTextContent('');
  });

  it.each([
    [CLOSE_CODES.accessRevoked, 'Disconnected – your access to this meeting has changed'],
    [CLOSE_CODES.sessionEnded, 'Disconnected – your session has ended. Sign in again to continue'],
    [CLOSE_CODES.documentTooLarge, /maximum size/],
    [CLOSE_CODES.rateLimited, /Reconnecting in a few seconds/],
    [CLOSE_CODES.updateNotApplicable, /out of order and is being sent again/],
    [CLOSE_CODES.clientIdTaken, /editing identity clashes with another person’s/],
    [4999, 'Disconnected – reload the page to continue'],
  ])('explains why the server closed the connection (code %s), and announces it', (code, text) => {
    const { container, rerender } = render(<ConnectionStatus connection={snapshot('saved')} />);
    rerender(<ConnectionStatus connection={snapshot('closed', code)} />);
    expect(document.getElementById('connection-status')).toHaveTextContent(text);
    expect(liveRegion(container)).toHaveTextContent(text);
  });

  it('leaves announcing to the first indicator when there are two', () => {
    const { container } = render(
      <ConnectionStatus connection={snapshot('offline')} id="safety-plan-status" announce={false} />,
    );
    expect(liveRegion(container)).toBeNull();
    expect(document.getElementById('safety-plan-status')).toHaveAttribute('data-state', 'offline');
  });
});
