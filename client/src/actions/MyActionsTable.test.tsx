import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMyAction } from '../../test/factories';
import { MyActionsTable } from './MyActionsTable';

afterEach(() => {
  vi.useRealTimers();
});

describe('my open actions', () => {
  it('says when there are none', () => {
    render(<MyActionsTable actions={[]} />, { wrapper: MemoryRouter });
    expect(screen.getByText('You have no open actions.')).toBeInTheDocument();
  });

  it('links each action to its strategy discussion’s action log', () => {
    const action = buildMyAction({ meetingReference: 'SD-DEMO-001' });
    render(<MyActionsTable actions={[action]} />, { wrapper: MemoryRouter });
    expect(screen.getByRole('link', { name: 'SD-DEMO-001' })).toHaveAttribute(
      'href',
      `/meetings/${action.meetingId}#actions`,
    );
  });

  it('flags the ones past their due time', () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T12:00:00Z'), toFake: ['Date'] });
    const late = buildMyAction({ description: 'Late', dueAt: '2026-03-05T11:59:00Z' });
    const onTime = buildMyAction({ description: 'On time', dueAt: '2026-03-05T12:01:00Z' });
    render(<MyActionsTable actions={[late, onTime]} />, { wrapper: MemoryRouter });
    const [, lateRow, onTimeRow] = screen.getAllByRole('row');
    expect(lateRow).toHaveAttribute('data-overdue', 'true');
    expect(within(lateRow as HTMLElement).getByText('Overdue')).toBeInTheDocument();
    expect(onTimeRow).toHaveAttribute('data-overdue', 'false');
  });
});
