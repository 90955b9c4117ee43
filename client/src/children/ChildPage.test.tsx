import type { ChildRecord } from '@roundtable/shared/pathway';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import {
  buildChildRecord,
  buildChildRef,
  buildChronologyEntry,
  buildPathwayClock,
  buildPathwayMeeting,
} from '../../test/child-factories';
import { api, ApiError } from '../api';
import { ChildPage } from './ChildPage';

function renderChildPage(record: ChildRecord) {
  vi.spyOn(api.children, 'get').mockResolvedValue(record);
  render(
    <MemoryRouter initialEntries={[`/children/${record.child.id}`]}>
      <Routes>
        <Route path="/children/:childId" element={<ChildPage />} />
      </Routes>
    </MemoryRouter>,
  );
  return userEvent.setup();
}

describe("the child's page", () => {
  it('says when the reader sees only their own meetings, and offers no changes', async () => {
    renderChildPage(buildChildRecord({ scope: 'own-meetings' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ruby Testcase' })).toBeInTheDocument();
    expect(screen.getByTestId('own-meetings-scope')).toHaveTextContent('You see only the meetings you are a member of');
    expect(screen.queryByRole('button', { name: /^Change/ })).not.toBeInTheDocument();
  });

  it('shows the whole record without the inset, the NHS number grouped as people read it', async () => {
    renderChildPage(buildChildRecord({ scope: 'all' }));
    await screen.findByRole('heading', { level: 1, name: 'Ruby Testcase' });
    expect(screen.queryByTestId('own-meetings-scope')).not.toBeInTheDocument();
    const identity = document.getElementById('child-identity') as HTMLElement;
    expect(within(identity).getByText('943 476 5919')).toBeInTheDocument();
    expect(within(identity).getByText('4 May 2017')).toBeInTheDocument();
    expect(within(identity).getByText('Section 47 enquiry')).toBeInTheDocument();
  });

  it('links each chronology entry to where it is recorded, the plan within the page', async () => {
    const convened = buildChronologyEntry({ title: 'Strategy discussion convened' });
    const record = buildChildRecord();
    const planEntry = buildChronologyEntry({
      at: '2026-03-20T10:00:00.000Z',
      kind: 'plan-started',
      title: 'Child protection plan started',
      detail: 'Neglect',
      meeting: null,
      href: `/children/${record.child.id}#plan`,
    });
    renderChildPage({ ...record, chronology: [planEntry, convened] });

    const table = await screen.findByRole('table', { name: 'Chronology' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-kind'))).toEqual(['meeting-convened', 'plan-started']);
    expect(within(rows[0] as HTMLElement).getByText('2 March 2026')).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'Strategy discussion convened' })).toHaveAttribute(
      'href',
      convened.href,
    );
    expect(within(table).getByRole('link', { name: 'Child protection plan started' })).toHaveAttribute('href', '#plan');
    expect(document.getElementById('plan')).toBeInTheDocument();
  });

  it('lists meetings, siblings and overdue timescales first', async () => {
    const meeting = buildPathwayMeeting({ type: 'icpc', reference: 'ICPC-2026-0001', status: 'scheduled' });
    const sibling = buildChildRef({ name: 'Sam Testcase' });
    renderChildPage(
      buildChildRecord({
        meetings: [meeting],
        siblings: [sibling],
        clocks: [
          buildPathwayClock({ key: 'first-core-group', label: 'First core group', status: 'running' }),
          buildPathwayClock({ key: 'icpc', label: 'Initial child protection conference', status: 'overdue' }),
        ],
      }),
    );
    const meetings = await screen.findByRole('table', { name: 'Meetings, most recent first' });
    expect(within(meetings).getByRole('link', { name: 'ICPC-2026-0001' })).toHaveAttribute(
      'href',
      `/meetings/${meeting.id}`,
    );
    expect(within(meetings).getByText('Initial child protection conference')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sam Testcase' })).toHaveAttribute('href', `/children/${sibling.id}`);
    const clocks = [...document.querySelectorAll('#pathway-clocks [data-clock]')];
    expect(clocks.map((clock) => clock.getAttribute('data-clock'))).toEqual(['icpc', 'first-core-group']);
    expect(clocks[0]).toHaveTextContent('Overdue');
  });

  it('says a child the reader may not see is not found', async () => {
    vi.spyOn(api.children, 'get').mockRejectedValue(
      new ApiError(404, { code: 'NotFound', message: 'Not found', correlationId: 'c' }),
    );
    render(
      <MemoryRouter initialEntries={['/children/x']}>
        <Routes>
          <Route path="/children/:childId" element={<ChildPage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Child not found' })).toBeInTheDocument();
  });
});

describe("changing the child's identity", () => {
  it('checks the NHS number with the shared rule before sending', async () => {
    const update = vi.spyOn(api.children, 'update');
    const user = renderChildPage(buildChildRecord({ child: { ...buildChildRef(), nhsNumber: null } }));
    await user.click(await screen.findByRole('button', { name: 'Change NHS number' }));
    expect(screen.getByLabelText('NHS number (optional)')).toHaveFocus();
    await user.type(screen.getByLabelText('NHS number (optional)'), '943 476 5910');
    await user.click(screen.getByRole('button', { name: 'Save identity details' }));

    const message =
      'That is not a valid NHS number: its last digit (the check digit) does not match. Check it and enter it again';
    expect(await screen.findByRole('link', { name: message })).toHaveAttribute('href', '#child-nhs-number');
    expect(update).not.toHaveBeenCalled();
  });

  it("shows the server's refusal of an NHS number against the field, and changes nothing", async () => {
    const message = 'That NHS number is already on another child’s record';
    vi.spyOn(api.children, 'update').mockRejectedValue(
      new ApiError(400, {
        code: 'ValidationFailed',
        message: 'Check the details',
        correlationId: 'c',
        fields: [{ path: 'nhsNumber', message }],
      }),
    );
    const record = buildChildRecord({ child: { ...buildChildRef(), nhsNumber: null } });
    const user = renderChildPage(record);
    await user.click(await screen.findByRole('button', { name: 'Change NHS number' }));
    await user.type(screen.getByLabelText('NHS number (optional)'), '943 476 5919');
    await user.click(screen.getByRole('button', { name: 'Save identity details' }));

    expect(api.children.update).toHaveBeenCalledWith(record.child.id, { nhsNumber: '9434765919' });
    const summary = await screen.findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: message })).toHaveAttribute('href', '#child-nhs-number');
    expect(screen.getByLabelText('NHS number (optional)')).toHaveAttribute('aria-invalid', 'true');
    expect(document.title).toBe('Error: Ruby Testcase – Roundtable');
  });

  it('sends only what changed, then shows the record as the server holds it', async () => {
    const record = buildChildRecord();
    const update = vi.spyOn(api.children, 'update').mockResolvedValue(undefined);
    const user = renderChildPage(record);
    await user.click(await screen.findByRole('button', { name: 'Change Case-system ID' }));
    await user.clear(screen.getByLabelText('Case-system ID (optional)'));
    await user.type(screen.getByLabelText('Case-system ID (optional)'), 'LA-2002');
    vi.mocked(api.children.get).mockResolvedValue({ ...record, child: { ...record.child, caseSystemId: 'LA-2002' } });
    await user.click(screen.getByRole('button', { name: 'Save identity details' }));

    expect(update).toHaveBeenCalledWith(record.child.id, { caseSystemId: 'LA-2002' });
    expect(await screen.findByText('LA-2002')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Change Case-system ID' })).toHaveFocus();
  });
});
