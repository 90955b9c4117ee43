import type { ActionResponse } from '@roundtable/shared/actions';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { AckResponse } from '@roundtable/shared/meeting-events';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAction, buildMeeting, buildMember, buildPerson } from '../../test/factories';
import type { SendChange } from '../meeting-events/sendTypes';
import { ActionLog } from './ActionLog';

const me = buildPerson({ displayName: 'Pat Police', agency: 'police' });
const colleague = buildPerson({ displayName: 'Hana Health', agency: 'health' });
const meeting = buildMeeting({
  members: [
    buildMember({ userId: me.userId, displayName: me.displayName, agency: 'police' }),
    buildMember({ userId: colleague.userId, displayName: colleague.displayName, agency: 'health' }),
  ],
});

function renderLog({
  role = 'participant' as MeetingRole,
  actions = [] as ActionResponse[],
  loaded = true,
  ack = { ok: true, data: buildAction() } as AckResponse<unknown>,
} = {}) {
  const send = vi.fn(async () => ack);
  render(
    <ActionLog
      meeting={meeting}
      role={role}
      myUserId={me.userId}
      myAgency="police"
      actions={actions}
      decisions={[]}
      loaded={loaded}
      send={send as unknown as SendChange}
    />,
  );
  return { send };
}

const row = (action: ActionResponse) => document.querySelector(`tr[data-action-id="${action.id}"]`) as HTMLElement;

afterEach(() => {
  vi.useRealTimers();
});

describe('the action log', () => {
  it('says it is loading until the meeting’s state arrives', () => {
    renderLog({ loaded: false });
    expect(screen.getByRole('status')).toHaveTextContent('Loading actions…');
  });

  it('says when no action has been added', () => {
    renderLog();
    expect(screen.getByText('No actions have been added yet.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('marks open actions past their due time as overdue, and no others', () => {
    vi.useFakeTimers({ now: new Date('2026-03-05T12:00:00Z'), toFake: ['Date'] });
    const late = buildAction({ description: 'Late', dueAt: '2026-03-04T17:00:00Z' });
    const doneLate = buildAction({ description: 'Done late', dueAt: '2026-03-04T17:00:00Z', status: 'done' });
    const upcoming = buildAction({ description: 'Upcoming', dueAt: '2026-03-06T17:00:00Z' });
    renderLog({ actions: [late, doneLate, upcoming] });

    expect(within(row(late)).getByText('Overdue')).toBeInTheDocument();
    expect(row(late)).toHaveAttribute('data-overdue', 'true');
    expect(within(row(doneLate)).queryByText('Overdue')).not.toBeInTheDocument();
    expect(within(row(upcoming)).queryByText('Overdue')).not.toBeInTheDocument();
  });

  it('shows each action’s owner, agency and status in words', () => {
    const action = buildAction({ owner: colleague, ownerAgency: 'health', status: 'cancelled' });
    renderLog({ actions: [action] });
    expect(row(action)).toHaveTextContent('Hana Health');
    expect(row(action)).toHaveTextContent('Health');
    expect(row(action)).toHaveTextContent('Cancelled');
  });

  it('offers an observer no way to add or change actions', () => {
    const action = buildAction({ owner: me, createdBy: me });
    renderLog({ role: 'observer', actions: [action] });
    expect(screen.queryByRole('button', { name: 'Add an action' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Change/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Changes' })).not.toBeInTheDocument();
  });

  it("lets a participant change their own action and its status, but not a colleague's", () => {
    const mine = buildAction({ description: 'Mine', owner: me, createdBy: colleague });
    const theirs = buildAction({ description: 'Theirs', owner: colleague, createdBy: colleague });
    renderLog({ actions: [mine, theirs] });

    expect(within(row(mine)).getByRole('button', { name: 'Change action: Mine' })).toBeInTheDocument();
    expect(within(row(mine)).getByRole('button', { name: 'Change status of action: Mine' })).toBeInTheDocument();
    expect(within(row(theirs)).queryByRole('button')).not.toBeInTheDocument();
  });

  it('lets the chair change any action', () => {
    const theirs = buildAction({ description: 'Theirs', owner: colleague, createdBy: colleague });
    renderLog({ role: 'chair', actions: [theirs] });
    expect(within(row(theirs)).getByRole('button', { name: 'Change status of action: Theirs' })).toBeInTheDocument();
  });

  it('shows what is missing from a new action instead of sending it', async () => {
    const user = userEvent.setup();
    const { send } = renderLog();
    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    await user.click(screen.getByRole('button', { name: 'Add action' }));

    const summary = screen.getByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: 'Enter the date and time the action is due' })).toHaveAttribute(
      'href',
      '#new-action-due',
    );
    expect(within(summary).getAllByRole('link').length).toBeGreaterThan(1);
    expect(send).not.toHaveBeenCalled();
  });

  it('adds an action, taking the owner’s agency from the person chosen', async () => {
    const user = userEvent.setup();
    const { send } = renderLog();
    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    await user.type(screen.getByLabelText('What needs to be done'), 'Arrange a medical');
    await user.selectOptions(screen.getByLabelText('Owner'), colleague.userId);
    await user.type(screen.getByLabelText('Due'), '2026-07-01T17:00');
    await user.click(screen.getByRole('button', { name: 'Add action' }));

    expect(send).toHaveBeenCalledWith('action:create', {
      meetingId: meeting.id,
      description: 'Arrange a medical',
      ownerUserId: colleague.userId,
      ownerAgency: 'health',
      dueAt: '2026-07-01T17:00:00+01:00',
    });
    expect(screen.queryByTestId('add-action-form')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add an action' })).toHaveFocus();
  });

  it('lets police restrict a new action as they add it, so it is never sent unrestricted', async () => {
    const user = userEvent.setup();
    const { send } = renderLog();
    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    await user.type(screen.getByLabelText('What needs to be done'), 'Check the address against intelligence');
    await user.selectOptions(screen.getByLabelText('Owner'), me.userId);
    await user.type(screen.getByLabelText('Due'), '2026-07-01T17:00');
    await user.click(screen.getByLabelText(/^Police restricted: Police members and the chair/));
    await user.click(screen.getByRole('button', { name: 'Add action' }));

    expect(send).toHaveBeenCalledWith('action:create', expect.objectContaining({ restriction: 'police-restricted' }));
  });
});
