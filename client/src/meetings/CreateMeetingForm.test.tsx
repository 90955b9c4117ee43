import { MEETING_ROLES } from '@roundtable/shared/constants';
import { MEETING_TYPE_LABELS, MEETING_TYPES } from '@roundtable/shared/pathway';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildChildRef } from '../../test/child-factories';
import { buildChild, buildMeeting } from '../../test/factories';
import { api, ApiError } from '../api';
import { CreateMeetingForm } from './CreateMeetingForm';

const ruby = buildChild({ name: 'Ruby Testcase' });
const strategyDiscussion = buildMeeting({
  reference: 'SD-2026-0001',
  status: 'concluded',
  children: [ruby],
});
const stillScheduled = buildMeeting({ reference: 'SD-2026-0002', status: 'scheduled' });

function renderForm() {
  render(
    <MemoryRouter>
      <CreateMeetingForm />
    </MemoryRouter>,
  );
  return userEvent.setup();
}

async function fillDetails(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Reason for the discussion'), 'Plan the conference.');
  fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-03-20T10:00' } });
}

beforeEach(() => {
  vi.spyOn(api.meetingTypes, 'list').mockResolvedValue({
    meetingTypes: MEETING_TYPES.map((type) => ({
      type,
      label: MEETING_TYPE_LABELS[type],
      referencePrefix: 'X',
      recordSections: [],
      decisionTemplateKeys: [],
      roles: [...MEETING_ROLES],
      independentChair: type === 'icpc' || type === 'review-conference',
      convenedFrom:
        type === 'strategy-discussion' ? 'nothing' : type === 'icpc' ? 'strategy-discussion' : 'child-protection-plan',
    })),
  });
  vi.spyOn(api.meetings, 'list').mockResolvedValue({ meetings: [strategyDiscussion, stillScheduled] });
});

describe('convening a meeting', () => {
  it('convenes an ICPC from a concluded strategy discussion, naming picked children by their record', async () => {
    const sam = buildChildRef({ name: 'Sam Testcase', caseSystemId: 'LA-2002' });
    const search = vi.spyOn(api.children, 'search').mockResolvedValue({ children: [sam] });
    const create = vi.spyOn(api.meetings, 'create').mockResolvedValue(buildMeeting());
    const user = renderForm();

    await user.click(screen.getByLabelText('Initial child protection conference'));
    const follows = await screen.findByLabelText('The meeting it follows');
    // Only concluded strategy discussions qualify.
    expect(
      within(follows)
        .getAllByRole('option')
        .map((option) => option.getAttribute('value')),
    ).toEqual(['', strategyDiscussion.id]);
    await user.selectOptions(follows, strategyDiscussion.id);
    // Its children come in as existing children.
    expect(screen.getByTestId('child-picked')).toHaveTextContent('Ruby Testcase');
    expect(screen.getByText('The children of SD-2026-0001 are listed below: Ruby Testcase.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add another child' }));
    await user.click(screen.getAllByLabelText('Yes, find their record')[1] as HTMLElement);
    await user.type(screen.getByLabelText(/Find by case-system ID or NHS number/), '943 476 5919{Enter}');
    expect(search).toHaveBeenCalledWith({ nhsNumber: '9434765919' });
    await user.click(await screen.findByRole('button', { name: 'Select Sam Testcase' }));
    await fillDetails(user);
    await user.click(screen.getByRole('button', { name: 'Create initial child protection conference' }));

    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'icpc',
        precededByMeetingId: strategyDiscussion.id,
        children: [{ childId: ruby.childId }, { childId: sam.id }],
      }),
    );
  });

  it('asks for the strategy discussion an ICPC follows before sending', async () => {
    const create = vi.spyOn(api.meetings, 'create');
    const user = renderForm();
    await user.click(screen.getByLabelText('Initial child protection conference'));
    await screen.findByLabelText('The meeting it follows');
    await fillDetails(user);
    await user.type(screen.getByLabelText(/Full name/), 'Ruby Testcase');
    await user.click(screen.getByRole('button', { name: 'Create initial child protection conference' }));

    expect(
      await screen.findByRole('link', { name: 'Select the strategy discussion this conference follows' }),
    ).toHaveAttribute('href', '#precededByMeetingId');
    expect(create).not.toHaveBeenCalled();
  });

  it('sends a new child with a strategy discussion by default, the NHS number as ten digits', async () => {
    const create = vi.spyOn(api.meetings, 'create').mockResolvedValue(buildMeeting());
    const user = renderForm();
    await fillDetails(user);
    await user.type(screen.getByLabelText(/Full name/), 'Ruby Testcase');
    await user.type(screen.getByLabelText(/Case-system ID/), 'LA-1001');
    await user.type(screen.getByLabelText(/NHS number/), '943 476 5919');
    await user.click(screen.getByRole('button', { name: 'Create strategy discussion' }));

    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        type: 'strategy-discussion',
        children: [{ name: 'Ruby Testcase', caseSystemId: 'LA-1001', nhsNumber: '9434765919' }],
      }),
    );
    expect(create.mock.calls[0]?.[0]).not.toHaveProperty('precededByMeetingId');
  });

  it("links the server's refusal of a child's NHS number to that field", async () => {
    const message = 'That NHS number is on another child’s record: find that child instead';
    vi.spyOn(api.meetings, 'create').mockRejectedValue(
      new ApiError(400, {
        code: 'ValidationFailed',
        message: 'Check the details',
        correlationId: 'c',
        fields: [{ path: 'children.0.nhsNumber', message }],
      }),
    );
    const user = renderForm();
    await fillDetails(user);
    await user.type(screen.getByLabelText(/Full name/), 'Ruby Testcase');
    await user.type(screen.getByLabelText(/NHS number/), '9434765919');
    await user.click(screen.getByRole('button', { name: 'Create strategy discussion' }));

    const summary = await screen.findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: message })).toHaveAttribute('href', '#children-0-nhs-number');
    expect(screen.getByLabelText(/NHS number/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('checks an NHS number with the shared rule, and asks to pick a child not picked yet', async () => {
    const create = vi.spyOn(api.meetings, 'create');
    const user = renderForm();
    await fillDetails(user);
    await user.type(screen.getByLabelText(/Full name/), 'Ruby Testcase');
    await user.type(screen.getByLabelText(/NHS number/), '943 476 5910');
    await user.click(screen.getByRole('button', { name: 'Add another child' }));
    await user.click(screen.getAllByLabelText('Yes, find their record')[1] as HTMLElement);
    await user.click(screen.getByRole('button', { name: 'Create strategy discussion' }));

    const summary = await screen.findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: /not a valid NHS number/ })).toHaveAttribute(
      'href',
      '#children-0-nhs-number',
    );
    expect(within(summary).getByRole('link', { name: /Find the child by their case-system ID/ })).toHaveAttribute(
      'href',
      '#children-1-lookup',
    );
    expect(create).not.toHaveBeenCalled();
  });
});
