import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MeetingEventsStatus } from './MeetingEventsStatus';

const status = () => document.getElementById('meeting-events-status');

describe('the decisions and actions connection status', () => {
  it('says decisions update live once joined', () => {
    render(<MeetingEventsStatus connection="connected" pendingCount={0} />);
    expect(status()).toHaveTextContent('Live: decisions and actions update as others change them');
    expect(status()).toHaveAttribute('data-state', 'connected');
  });

  it('says how many changes wait while offline', () => {
    const { rerender } = render(<MeetingEventsStatus connection="offline" pendingCount={1} />);
    expect(status()).toHaveTextContent('1 change is waiting and will be sent once when the connection returns');
    rerender(<MeetingEventsStatus connection="offline" pendingCount={3} />);
    expect(status()).toHaveTextContent('3 changes are waiting');
    expect(status()).toHaveAttribute('data-pending', '3');
  });

  it('tells a removed member they no longer have access', () => {
    render(<MeetingEventsStatus connection="removed" pendingCount={0} />);
    expect(status()).toHaveTextContent('Your access to this strategy discussion has been removed');
  });
});
