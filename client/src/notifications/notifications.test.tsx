import { REMINDER_KINDS } from '@roundtable/shared/notifications';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../api';
import { NotificationPreferencesPage } from './NotificationPreferencesPage';
import { NotificationsPage } from './NotificationsPage';

describe('notifications', () => {
  it('turns a kind of email off and saves, with every kind a labelled GOV.UK checkbox', async () => {
    vi.spyOn(api.notifications, 'preferences').mockResolvedValue({ emailKinds: [...REMINDER_KINDS] });
    const save = vi
      .spyOn(api.notifications, 'setPreferences')
      .mockImplementation(async (body) => ({ emailKinds: body.emailKinds }));
    render(
      <MemoryRouter>
        <NotificationPreferencesPage />
      </MemoryRouter>,
    );
    const soon = await screen.findByRole('checkbox', { name: 'A meeting you are a member of starts soon' });
    expect(screen.getAllByRole('checkbox')).toHaveLength(REMINDER_KINDS.length);
    const ui = userEvent.setup();
    await ui.click(soon);
    await ui.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(save).toHaveBeenCalledWith({ emailKinds: REMINDER_KINDS.filter((k) => k !== 'meeting-soon') });
    expect(await screen.findByRole('alert')).toHaveTextContent('Your email preferences are saved');
    expect(soon).not.toBeChecked();
  });

  it('lists notifications with links to their meetings and marks one read', async () => {
    const unread = {
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'action-overdue' as const,
      title: 'An action you own is overdue in SD-2026-0142',
      meetingId: '00000000-0000-4000-8000-0000000000aa',
      meetingReference: 'SD-2026-0142',
      link: '/meetings/00000000-0000-4000-8000-0000000000aa',
      createdAt: '2026-12-07T09:00:00Z',
      readAt: null,
    };
    vi.spyOn(api.notifications, 'list')
      .mockResolvedValueOnce({ notifications: [unread], unreadCount: 1 })
      .mockResolvedValue({ notifications: [{ ...unread, readAt: '2026-12-07T10:00:00Z' }], unreadCount: 0 });
    const read = vi.spyOn(api.notifications, 'markRead').mockResolvedValue(undefined);
    render(
      <MemoryRouter>
        <NotificationsPage />
      </MemoryRouter>,
    );
    const link = await screen.findByRole('link', { name: unread.title });
    expect(link).toHaveAttribute('href', unread.link);
    expect(screen.getByText('1 unread.')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: /^Mark as read\b.*SD-2026-0142$/ }));
    expect(read).toHaveBeenCalledWith(unread.id);
    expect(await screen.findByText('All read.')).toBeInTheDocument();
  });
});
