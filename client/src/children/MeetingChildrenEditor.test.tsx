import type { MeetingDetail } from '@roundtable/shared/schemas';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { buildChildRef } from '../../test/child-factories';
import { buildChild, buildMeeting } from '../../test/factories';
import { api, ApiError } from '../api';
import { MeetingDetails } from '../room/MeetingDetails';

function renderDetails(meeting: MeetingDetail) {
  const onMeetingChange = vi.fn();
  render(
    <MemoryRouter>
      <MeetingDetails meeting={meeting} onMeetingChange={onMeetingChange} />
    </MemoryRouter>,
  );
  return { user: userEvent.setup(), onMeetingChange };
}

const ruby = buildChild({ name: 'Ruby Testcase' });
const sam = buildChild({ name: 'Sam Testcase' });

describe("a meeting's children in the room", () => {
  it('links each child to their page, and offers no changes to anyone but the chair', () => {
    renderDetails(buildMeeting({ children: [ruby], myRole: 'participant' }));
    expect(screen.getByRole('link', { name: 'Ruby Testcase' })).toHaveAttribute('href', `/children/${ruby.childId}`);
    expect(screen.queryByRole('button', { name: 'Add or remove children' })).not.toBeInTheDocument();
  });

  it('offers no changes once the meeting has concluded', () => {
    renderDetails(buildMeeting({ children: [ruby], status: 'concluded' }));
    expect(screen.queryByRole('button', { name: 'Add or remove children' })).not.toBeInTheDocument();
  });

  it('removes a child after the chair confirms, then shows the meeting as the server holds it', async () => {
    const meeting = buildMeeting({ children: [ruby, sam] });
    const remove = vi.spyOn(api.children.meeting, 'remove').mockResolvedValue(undefined);
    const after = { ...meeting, children: [ruby] };
    vi.spyOn(api.meetings, 'get').mockResolvedValue(after);
    const { user, onMeetingChange } = renderDetails(meeting);

    await user.click(screen.getByRole('button', { name: 'Add or remove children' }));
    await user.click(screen.getByRole('button', { name: 'Remove Sam Testcase' }));
    expect(screen.getByText(/Remove Sam Testcase from this meeting\?/)).toBeInTheDocument();
    expect(remove).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Yes, remove Sam Testcase' }));

    expect(remove).toHaveBeenCalledWith(meeting.id, sam.childId);
    expect(onMeetingChange).toHaveBeenCalledWith(after);
    expect(await screen.findByText('Sam Testcase has been removed from this meeting')).toBeInTheDocument();
  });

  it('adds an existing child found by case-system ID', async () => {
    const meeting = buildMeeting({ children: [ruby] });
    const alex = buildChildRef({ name: 'Alex Testcase', caseSystemId: 'LA-3003' });
    const search = vi.spyOn(api.children, 'search').mockResolvedValue({ children: [alex] });
    const add = vi.spyOn(api.children.meeting, 'add').mockResolvedValue(undefined);
    vi.spyOn(api.meetings, 'get').mockResolvedValue(meeting);
    const { user } = renderDetails(meeting);

    await user.click(screen.getByRole('button', { name: 'Add or remove children' }));
    await user.click(screen.getByRole('button', { name: 'Add a child' }));
    const form = screen.getByTestId('add-meeting-child-form');
    await user.click(within(form).getByLabelText('Yes, find their record'));
    await user.type(within(form).getByLabelText(/Find by case-system ID or NHS number/), 'LA-3003');
    await user.click(within(form).getByRole('button', { name: 'Find child' }));
    expect(search).toHaveBeenCalledWith({ caseSystemId: 'LA-3003' });
    await user.click(await within(form).findByRole('button', { name: 'Select Alex Testcase' }));
    await user.click(within(form).getByRole('button', { name: 'Add child' }));

    expect(add).toHaveBeenCalledWith(meeting.id, { childId: alex.id });
    expect(await screen.findByText('Alex Testcase has been added to this meeting')).toBeInTheDocument();
  });

  it("shows the server's refusal in an error summary", async () => {
    vi.spyOn(api.children.meeting, 'add').mockRejectedValue(
      new ApiError(409, { code: 'Conflict', message: 'This meeting has concluded', correlationId: 'c' }),
    );
    const { user } = renderDetails(buildMeeting({ children: [ruby] }));
    await user.click(screen.getByRole('button', { name: 'Add or remove children' }));
    await user.click(screen.getByRole('button', { name: 'Add a child' }));
    await user.type(screen.getByLabelText(/Full name/), 'Alex Testcase');
    await user.click(screen.getByRole('button', { name: 'Add child' }));
    expect(await screen.findByTestId('error-summary')).toHaveTextContent('This meeting has concluded');
  });
});
