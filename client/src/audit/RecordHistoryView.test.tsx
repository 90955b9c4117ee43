import type { RecordHistoryResponse } from '@roundtable/shared/audit';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RecordHistoryView } from './RecordHistoryView';

function record(setAside: RecordHistoryResponse['setAside']): RecordHistoryResponse {
  return {
    meetingId: '5f0c6a7e-2d4b-4c1a-9a51-0d3f2b7c8e91',
    at: '2026-03-02T14:00:00Z',
    updatesApplied: 2,
    setAside,
    sections: [{ key: 'reason', title: 'Reason for the discussion', blocks: [] }],
  };
}

describe('the record history', () => {
  it('says nothing about set-aside changes when there are none', () => {
    render(<RecordHistoryView record={record([])} />);
    expect(screen.queryByTestId('record-set-aside')).toBeNull();
  });

  it('warns the auditor of each stored change set aside, with when, who sent it and why', () => {
    render(
      <RecordHistoryView
        record={record([
          {
            updateId: '41',
            storedAt: '2026-03-02T12:30:00Z',
            sentBy: { userId: 'f1c4b0e2-1d2a-4b7e-8a3c-2f4e6a8b0c1d', displayName: 'Pat Police', agency: 'police' },
            problem: 'forward-reference',
          },
          { updateId: '42', storedAt: '2026-03-02T12:31:00Z', sentBy: null, problem: 'missing-dependency' },
        ])}
      />,
    );
    const warning = screen.getByTestId('record-set-aside');
    expect(warning).toHaveTextContent('2 stored changes could not be applied and were set aside');
    const [first, second] = within(warning).getAllByRole('listitem');
    expect(first).toHaveTextContent('Stored 2 March 2026 at 12:30:00pm GMT, sent by Pat Police');
    expect(first).toHaveTextContent('it refers to a change its sender had not made');
    expect(second).toHaveTextContent('sent by an unknown account: it depends on changes that were never stored');
  });

  it('shows the restricted compartments to the auditor, with their audience and each passage’s author', () => {
    const officer = {
      userId: 'f1c4b0e2-1d2a-4b7e-8a3c-2f4e6a8b0c1d',
      displayName: 'Pat Police',
      agency: 'police' as const,
    };
    render(
      <RecordHistoryView
        record={{
          ...record([]),
          compartments: [
            {
              id: '9b2e0c3a-2f4d-4c1e-8a7b-0d6f5e4c3b2a',
              documentKind: 'record',
              sectionKey: 'reason',
              ownerAgency: 'police',
              audience: 'Police only',
              createdAt: '2026-03-02T12:30:00Z',
              blocks: [{ type: 'paragraph', runs: [{ text: 'Dean is a suspect', author: officer }] }],
            },
          ],
        }}
      />,
    );
    const compartments = screen.getByTestId('history-compartments');
    expect(compartments).toHaveTextContent('Restricted: Police only');
    expect(compartments).toHaveTextContent('Beside “Reason for the discussion”; controlled by Police');
    expect(within(compartments).getByText('Dean is a suspect')).toHaveAttribute('data-author-id', officer.userId);
    // Their authors are among the record's contributors.
    expect(screen.getByText('Pat Police, Police')).toBeVisible();
  });
});
