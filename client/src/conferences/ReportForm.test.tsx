import { NOT_SHARED_REASON_REQUIRED } from '@roundtable/shared/pathway';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { routeFetch } from '../../test/fetchRoutes';
import { uuid } from '../../test/factories';
import { buildReport, jsonResponse } from '../../test/pathway-factories';
import { ReportForm } from './ReportForm';

const meetingId = uuid();

function renderForm() {
  const sent = routeFetch(({ method }) => (method === 'POST' ? jsonResponse(buildReport({ meetingId })) : undefined));
  render(<ReportForm meetingId={meetingId} agency="health" onSaved={() => undefined} />);
  return { sent, user: userEvent.setup() };
}

describe("an agency's report for the conference", () => {
  it('asks for the safeguarding reason when the parents cannot see it, before sending', async () => {
    const { sent, user } = renderForm();
    await user.type(screen.getByLabelText('Your report for Health'), 'Ruby has missed two appointments.');
    expect(screen.queryByLabelText('Why the parents cannot see it')).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('No, not for now'));
    await user.click(screen.getByRole('button', { name: 'Send the report' }));

    const link = within(screen.getByTestId('error-summary')).getByRole('link', { name: NOT_SHARED_REASON_REQUIRED });
    expect(link).toHaveAttribute('href', '#report-not-shared-reason');
    expect(screen.getByLabelText('Why the parents cannot see it')).toHaveAccessibleDescription(
      expect.stringContaining(NOT_SHARED_REASON_REQUIRED),
    );
    expect(sent).toHaveLength(0);

    await user.type(screen.getByLabelText('Why the parents cannot see it'), 'Police investigation');
    await user.click(screen.getByRole('button', { name: 'Send the report' }));
    expect(sent).toEqual([
      {
        method: 'POST',
        path: `/api/meetings/${meetingId}/reports`,
        body: {
          text: 'Ruby has missed two appointments.',
          sharedWithParents: false,
          notSharedReason: 'Police investigation',
        },
      },
    ]);
    expect(await screen.findByRole('status')).toHaveTextContent('Your report has been sent.');
  });

  it('asks whether the parents can see it, and sends no reason when they can', async () => {
    const { sent, user } = renderForm();
    await user.type(screen.getByLabelText('Your report for Health'), 'Seen at home.');
    await user.click(screen.getByRole('button', { name: 'Send the report' }));
    expect(
      within(screen.getByTestId('error-summary')).getByRole('link', {
        name: 'Say whether the report is shared with the parents',
      }),
    ).toHaveAttribute('href', '#report-shared');

    await user.click(screen.getByLabelText('No, not for now'));
    await user.type(screen.getByLabelText('Why the parents cannot see it'), 'Typed, then changed my mind');
    await user.click(screen.getByLabelText('Yes, share it with the parents'));
    await user.click(screen.getByRole('button', { name: 'Send the report' }));
    expect(sent[0]?.body).toEqual({ text: 'Seen at home.', sharedWithParents: true, notSharedReason: '' });
  });
});
