import type { MeetingRole } from '@roundtable/shared/constants';
import type { AckResponse } from '@roundtable/shared/meeting-events';
import type { ProtectedPersonResponse } from '@roundtable/shared/need-to-know';
import type { UserResponse } from '@roundtable/shared/schemas';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { buildUser, uuid } from '../../test/factories';
import type { SendChange } from '../meeting-events/sendTypes';
import { ProtectedPersonsPanel } from './ProtectedPersonsPanel';

const meetingId = uuid();
const police = buildUser({ displayName: 'Priya Police', agency: 'police', organisation: 'Testshire Police' });
const health = buildUser({ displayName: 'Hana Health', agency: 'health' });

function person(overrides: Partial<ProtectedPersonResponse> = {}): ProtectedPersonResponse {
  return {
    id: uuid(),
    meetingId,
    role: 'referrer',
    label: 'the referrer',
    name: 'Pat Referrer',
    audience: { kind: 'police-only', agencies: [], userIds: [] },
    addedBy: { userId: police.id, displayName: 'Priya Police', agency: 'police', organisation: 'Testshire Police' },
    ownerAgency: 'police',
    addedAt: '2026-03-02T13:10:00.000Z',
    revision: 1,
    ...overrides,
  };
}

function renderPanel({
  me = police as UserResponse,
  role = 'participant' as MeetingRole,
  people = [] as ProtectedPersonResponse[],
  ack = { ok: true, data: person() } as AckResponse<unknown>,
} = {}) {
  const send = vi.fn(async () => ack);
  render(
    <ProtectedPersonsPanel
      meetingId={meetingId}
      me={me}
      role={role}
      status="live"
      people={people}
      loaded
      send={send as unknown as SendChange}
    />,
  );
  return { send, user: userEvent.setup() };
}

const row = (p: ProtectedPersonResponse) =>
  document.querySelector(`tr[data-protected-person-id="${p.id}"]`) as HTMLElement;

describe('people to protect', () => {
  it('lists each person by label and role, with the name only when the reader may see it', () => {
    const known = person();
    const withheld = person({ label: 'neighbour A', role: 'neighbour', name: null });
    renderPanel({ people: [known, withheld] });
    expect(row(known)).toHaveTextContent('the referrer');
    expect(row(known)).toHaveTextContent('Referrer');
    expect(row(known)).toHaveTextContent('Pat Referrer');
    expect(row(known)).toHaveTextContent('Police only');
    expect(row(known)).toHaveTextContent('Priya Police, Testshire Police (Police)');
    expect(row(withheld)).toHaveTextContent('neighbour A');
    expect(row(withheld)).toHaveTextContent('Neighbour');
    expect(within(row(withheld)).getByText('Identity withheld')).toBeInTheDocument();
  });

  it('offers an observer no way to add a person', () => {
    renderPanel({ role: 'observer' });
    expect(screen.queryByTestId('add-protected-person-form')).not.toBeInTheDocument();
  });

  it('adds a person to protect with a named-agencies audience', async () => {
    const { send, user } = renderPanel();
    await user.click(screen.getByLabelText('Neighbour'));
    await user.type(screen.getByLabelText('How the record refers to them'), 'neighbour A');
    await user.type(screen.getByLabelText('Their name'), 'Nina Neighbour');
    await user.click(screen.getByLabelText('Named agencies'));
    await user.click(screen.getByLabelText('Police'));
    await user.click(screen.getByLabelText('Health'));
    await user.click(screen.getByRole('button', { name: 'Add person to protect' }));
    expect(send).toHaveBeenCalledWith('protected-person:add', {
      meetingId,
      role: 'neighbour',
      label: 'neighbour A',
      name: 'Nina Neighbour',
      audience: { kind: 'named-agencies', agencies: ['police', 'health'], userIds: [] },
    });
    expect(await screen.findByRole('status')).toHaveTextContent('the referrer has been added to the people to protect');
  });

  it('refuses, with the server’s words, what it would refuse; nothing is sent', async () => {
    const { send, user } = renderPanel({ me: health });
    await user.click(screen.getByRole('button', { name: 'Add person to protect' }));
    const summary = screen.getByRole('alert');
    expect(summary).toHaveTextContent('Enter how the record refers to them');
    expect(summary).toHaveTextContent('Enter their name');

    await user.click(screen.getByLabelText('Referrer'));
    await user.type(screen.getByLabelText('How the record refers to them'), 'the referrer');
    await user.type(screen.getByLabelText('Their name'), 'Pat Referrer');
    await user.click(screen.getByLabelText('Police only'));
    await user.click(screen.getByRole('button', { name: 'Add person to protect' }));
    expect(screen.getByRole('alert')).toHaveTextContent('so that it includes you');
    expect(send).not.toHaveBeenCalled();
  });

  it('shows the server’s refusal against its field', async () => {
    const { user } = renderPanel({
      ack: {
        ok: false,
        error: {
          code: 'ValidationFailed',
          message: 'Check the audience',
          fields: [{ path: 'audience.userIds', message: 'Name only members of this strategy discussion' }],
        },
      },
    });
    await user.click(screen.getByLabelText('Member of staff'));
    await user.type(screen.getByLabelText('How the record refers to them'), 'a member of staff');
    await user.type(screen.getByLabelText('Their name'), 'Sol Staff');
    await user.click(screen.getByLabelText('Police only'));
    await user.click(screen.getByRole('button', { name: 'Add person to protect' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Name only members of this strategy discussion');
  });

  it('lets the owning agency widen who may know, with a lawful basis and a reason, but never narrow it', async () => {
    const known = person();
    const { send, user } = renderPanel({ people: [known] });
    await user.click(within(row(known)).getByText('Widen who may know', { selector: '.govuk-details__summary-text' }));
    await user.click(within(row(known)).getByLabelText('Police'));
    await user.click(within(row(known)).getByLabelText('Health'));
    await user.type(within(row(known)).getByLabelText('Why is it right to share their name?'), 'Health need to visit.');
    await user.click(within(row(known)).getByRole('button', { name: 'Widen who may know' }));
    expect(within(row(known)).getByRole('alert')).toHaveTextContent('never narrowed');
    expect(within(row(known)).getByRole('alert')).toHaveTextContent('Choose the lawful basis for sharing it');
    await user.click(within(row(known)).getByLabelText(/^Safeguarding of children/));
    expect(send).not.toHaveBeenCalled();

    await user.click(within(row(known)).getByLabelText('Police'));
    await user.click(within(row(known)).getByRole('button', { name: 'Widen who may know' }));
    expect(send).toHaveBeenCalledWith('protected-person:share', {
      meetingId,
      protectedPersonId: known.id,
      audience: { kind: 'named-agencies', agencies: ['police', 'health'], userIds: [] },
      lawfulBasis: 'safeguarding-children',
      reason: 'Health need to visit.',
    });
  });

  it('offers widening only to the owning agency and the chair', () => {
    const known = person({ name: null });
    renderPanel({ me: health, people: [known] });
    expect(within(row(known)).queryByText('Widen who may know')).not.toBeInTheDocument();
  });
});
