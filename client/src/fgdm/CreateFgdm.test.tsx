import { MEETING_ROLES } from '@roundtable/shared/constants';
import { MEETING_TYPE_LABELS, MEETING_TYPES } from '@roundtable/shared/pathway';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { buildMeeting } from '../../test/factories';
import { api } from '../api';
import { CreateMeetingForm } from '../meetings/CreateMeetingForm';

describe('convening a family group decision-making meeting', () => {
  it('follows from the meeting type list: chosen by its type, convened from nothing, sent as fgdm', async () => {
    vi.spyOn(api.meetingTypes, 'list').mockResolvedValue({
      meetingTypes: MEETING_TYPES.map((type) => ({
        type,
        label: MEETING_TYPE_LABELS[type],
        referencePrefix: 'X',
        recordSections: [],
        decisionTemplateKeys: [],
        roles: [...MEETING_ROLES],
        independentChair: type !== 'strategy-discussion' && type !== 'core-group',
        convenedFrom: type === 'icpc' ? 'strategy-discussion' : type === 'fgdm' ? 'nothing' : 'child-protection-plan',
      })),
    });
    vi.spyOn(api.meetings, 'list').mockResolvedValue({ meetings: [] });
    const create = vi.spyOn(api.meetings, 'create').mockResolvedValue(buildMeeting({ type: 'fgdm' }));
    render(
      <MemoryRouter>
        <CreateMeetingForm />
      </MemoryRouter>,
    );
    const user = userEvent.setup();

    await user.click(await screen.findByLabelText('Family group decision-making meeting'));
    expect(screen.queryByLabelText('The meeting it follows')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Reason/), 'The family asked for a family group conference.');
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-03-20T10:00' } });
    await user.type(screen.getByLabelText(/Full name/), 'Ruby Testcase');
    await user.click(screen.getByRole('button', { name: /^Create family group decision-making meeting/i }));

    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'fgdm', children: [expect.objectContaining({ name: 'Ruby Testcase' })] }),
    );
    expect(create.mock.calls[0]?.[0]).not.toHaveProperty('precededByMeetingId');
  });
});
