import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { buildCaseloadEntry, buildChildRef, buildPathwayClock, buildPathwayMeeting } from '../../test/child-factories';
import { buildPerson } from '../../test/factories';
import { api } from '../api';
import { CaseloadPage } from './CaseloadPage';

function renderCaseload() {
  render(
    <MemoryRouter>
      <CaseloadPage />
    </MemoryRouter>,
  );
}

describe('the caseload', () => {
  it('shows overdue timescales as red tags saying what is overdue, those children first', async () => {
    const calm = buildCaseloadEntry({ child: buildChildRef({ name: 'Alex Testcase' }) });
    const late = buildCaseloadEntry({
      child: buildChildRef({ name: 'Ruby Testcase' }),
      stage: 's47-enquiry',
      categories: [],
      openActions: 3,
      overdueActions: 1,
      openDissent: 1,
      nextMeeting: buildPathwayMeeting({ type: 'icpc', reference: 'ICPC-2026-0002', status: 'scheduled' }),
      overdueClocks: [
        buildPathwayClock({ key: 'icpc', label: 'Initial child protection conference', status: 'overdue' }),
      ],
    });
    vi.spyOn(api.caseload, 'get').mockResolvedValue({ scope: 'lcpp', entries: [calm, late] });
    renderCaseload();

    expect(await screen.findByRole('heading', { level: 1, name: 'My caseload' })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Children you lead' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-child-id'))).toEqual([late.child.id, calm.child.id]);

    const first = rows[0] as HTMLElement;
    expect(within(first).getByRole('link', { name: 'Ruby Testcase' })).toHaveAttribute(
      'href',
      `/children/${late.child.id}`,
    );
    const overdue = first.querySelector('[data-overdue-clock=icpc]') as HTMLElement;
    expect(overdue).toHaveTextContent('Overdue Initial child protection conference, was due 23 March 2026');
    expect(within(overdue).getByText('Overdue')).toHaveClass('govuk-tag--red');
    expect(first).toHaveTextContent('3 open');
    expect(first).toHaveTextContent('1 overdue');
    expect(first).toHaveTextContent('1 open dissent');
    expect(within(first).getByRole('link', { name: 'ICPC-2026-0002' })).toBeInTheDocument();
    expect(screen.getByTestId('caseload-summary')).toHaveTextContent('2 children. 1 child has something overdue');
    expect(rows[1]).toHaveTextContent('Neglect');
  });

  it("names the team's caseload and each child's LCPP", async () => {
    vi.spyOn(api.caseload, 'get').mockResolvedValue({
      scope: 'team',
      entries: [buildCaseloadEntry({ lcpp: buildPerson({ displayName: 'Lee Practitioner' }) })],
    });
    renderCaseload();
    expect(await screen.findByRole('heading', { level: 1, name: 'My team’s caseload' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Children your team leads' })).toHaveTextContent('LCPP: Lee Practitioner');
  });

  it('says in words when there is no one on it', async () => {
    vi.spyOn(api.caseload, 'get').mockResolvedValue({ scope: 'lcpp', entries: [] });
    renderCaseload();
    expect(await screen.findByTestId('caseload-empty')).toHaveTextContent(
      'You are not the lead child protection practitioner for any child yet',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
