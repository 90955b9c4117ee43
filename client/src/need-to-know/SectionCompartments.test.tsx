import type { AckResponse } from '@roundtable/shared/meeting-events';
import type { CompartmentView } from '@roundtable/shared/need-to-know';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SendChange } from '../meeting-events/sendTypes';
import { SectionCompartments } from './SectionCompartments';

// The editor opens its own Yjs document over a WebSocket: not here.
vi.mock('./CompartmentEditor', () => ({
  CompartmentEditor: ({ label, editable }: { label: string; editable: boolean }) => (
    <div role="textbox" aria-label={label} aria-readonly={!editable} />
  ),
}));

const MEETING = '1c72fe6f-56ca-4198-90d0-4c65d7ba8f7d';
const OFFICER = { userId: MEETING, displayName: 'DS Jordan Officer', agency: 'police' as const, organisation: null };

const open: CompartmentView = {
  access: 'open',
  id: '9b2e0c3a-2f4d-4c1e-8a7b-0d6f5e4c3b2a',
  meetingId: MEETING,
  sectionKey: 'risks',
  documentKind: 'record',
  ownerAgency: 'police',
  audience: { kind: 'police-only', agencies: [], userIds: [] },
  createdBy: OFFICER,
  createdAt: '2026-03-02T13:45:00.000Z',
  revision: 1,
};
const withheld: CompartmentView = {
  access: 'withheld',
  id: '0a7c2b1e-3d4f-4a5b-8c6d-7e8f9a0b1c2d',
  meetingId: MEETING,
  sectionKey: 'risks',
  documentKind: 'record',
  notice: 'Information withheld: health restricted',
  revision: 1,
};

function renderSection(props: Partial<Parameters<typeof SectionCompartments>[0]> = {}) {
  const send = vi.fn(async () => ({ ok: true, data: open }) as AckResponse<unknown>);
  render(
    <SectionCompartments
      meetingId={MEETING}
      sectionKey="risks"
      sectionTitle="Risks"
      compartments={[open, withheld]}
      role="participant"
      myAgency="police"
      editable
      caretUser={{ id: MEETING, name: 'DS Jordan Officer', color: '#000', colour: '#000' }}
      send={send as unknown as SendChange}
      {...props}
    />,
  );
  return { send, user: userEvent.setup() };
}

describe('restricted information beside a record section', () => {
  it('marks an open compartment with its audience and author, and shows a withheld one only as its notice', () => {
    renderSection();
    const [first, second] = screen.getAllByTestId('compartment');
    expect(within(first!).getByTestId('compartment-tag')).toHaveTextContent('Restricted: Police only');
    expect(first).toHaveTextContent('Added by DS Jordan Officer (Police)');
    expect(within(first!).getByRole('textbox', { name: 'Restricted: Police only information in Risks' })).toBeVisible();
    expect(second).toHaveTextContent(/^Information withheld: health restricted$/);
    expect(within(second!).queryByRole('textbox')).toBeNull();
  });

  it('asks who may see it before adding it, and sends the audience chosen', async () => {
    const { send, user } = renderSection({ compartments: [] });
    await user.click(screen.getByRole('button', { name: 'Add restricted information to Risks' }));
    const form = screen.getByTestId('add-compartment-form');
    // A police member starts from "Police only"; named agencies reveal the checkboxes.
    expect(within(form).getByLabelText('Police only')).toBeChecked();
    await user.click(within(form).getByLabelText('Named agencies'));
    await user.click(within(form).getByLabelText('Police'));
    await user.click(within(form).getByLabelText('Health'));
    await user.click(within(form).getByRole('button', { name: 'Add restricted information' }));
    expect(send).toHaveBeenCalledWith('compartment:create', {
      meetingId: MEETING,
      sectionKey: 'risks',
      audience: { kind: 'named-agencies', agencies: ['police', 'health'], userIds: [] },
    });
  });

  it('says what is missing when named agencies has none ticked, and sends nothing', async () => {
    const { send, user } = renderSection({ compartments: [], myAgency: 'education' });
    await user.click(screen.getByRole('button', { name: 'Add restricted information to Risks' }));
    const form = screen.getByTestId('add-compartment-form');
    await user.click(within(form).getByLabelText('Education'));
    await user.click(within(form).getByRole('button', { name: 'Add restricted information' }));
    expect(within(form).getByTestId('error-summary')).toHaveTextContent('Name at least one agency for this audience');
    expect(send).not.toHaveBeenCalled();
  });

  it('lets the chair lift police information with a lawful basis and a reason', async () => {
    const { send, user } = renderSection({ role: 'chair', myAgency: 'childrens-social-care', compartments: [open] });
    await user.click(screen.getByRole('button', { name: /^Share more widely/ }));
    const form = screen.getByTestId('share-compartment-form');
    expect(form).toHaveTextContent('your reason is recorded in the audit trail');
    await user.click(within(form).getByRole('button', { name: 'Share' }));
    expect(within(form).getByTestId('error-summary')).toHaveTextContent('Choose how widely to share it');
    await user.click(within(form).getByLabelText('Lift the restriction'));
    await user.click(within(form).getByLabelText(/^Safeguarding of children/));
    await user.type(within(form).getByLabelText('Why is it being shared?'), 'School must know to keep him safe');
    await user.click(within(form).getByRole('button', { name: 'Share' }));
    expect(send).toHaveBeenCalledWith('compartment:share', {
      meetingId: MEETING,
      compartmentId: open.id,
      audience: null,
      lawfulBasis: 'safeguarding-children',
      reason: 'School must know to keep him safe',
    });
  });

  it('offers nothing to change to an observer or another agency, and the text is read only for an observer', () => {
    renderSection({ role: 'observer', myAgency: 'education', editable: false, compartments: [open] });
    expect(screen.queryByRole('button', { name: /Add restricted information/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Share more widely/ })).toBeNull();
    expect(screen.getByRole('textbox')).toHaveAttribute('aria-readonly', 'true');
  });
});
