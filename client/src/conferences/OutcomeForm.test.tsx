import type { MeetingDetail } from '@roundtable/shared/schemas';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { routeFetch } from '../../test/fetchRoutes';
import { buildChild, buildMeeting, buildMember } from '../../test/factories';
import { buildOutcome, errorResponse, jsonResponse } from '../../test/pathway-factories';
import { OutcomeForm } from './OutcomeForm';

const child = buildChild({ name: 'Ruby Testcase' });
const sam = buildMember({ displayName: 'Sam Social', agency: 'childrens-social-care' });
const hana = buildMember({ displayName: 'Hana Health', agency: 'health' });
const pat = buildMember({ displayName: 'Pat Police', agency: 'police' });

function renderForm(type: MeetingDetail['type'], answer = jsonResponse(buildOutcome())) {
  const meeting = buildMeeting({ type, children: [child], members: [sam, hana, pat] });
  const sent = routeFetch(({ method }) => (method === 'POST' ? answer : undefined));
  let recorded = 0;
  render(<OutcomeForm meeting={meeting} child={child} onRecorded={() => (recorded += 1)} />);
  const user = userEvent.setup();
  const submit = () => user.click(screen.getByRole('button', { name: 'Record the decision for Ruby Testcase' }));
  const posted = () => sent.filter((request) => request.method === 'POST');
  return { meeting, user, submit, posted, recorded: () => recorded };
}

describe('the conference decision for a child', () => {
  it('offers only the outcomes of the meeting type', () => {
    renderForm('icpc');
    const decision = screen.getByRole('group', { name: 'Decision for Ruby Testcase' });
    expect(
      within(decision)
        .getAllByRole('radio')
        .map((radio) => radio.getAttribute('value')),
    ).toEqual(['child-protection-plan', 'no-plan']);
  });

  it('sends a plan with its categories, lead professional, core group and reasons', async () => {
    const { meeting, user, submit, posted, recorded } = renderForm('icpc');
    await user.click(screen.getByLabelText('Child protection plan'));
    await user.click(screen.getByLabelText('Neglect'));
    await user.click(screen.getByLabelText('Emotional abuse'));
    await user.selectOptions(screen.getByLabelText('Lead professional'), "Sam Social (Children's social care)");
    const coreGroup = screen.getByRole('group', { name: 'Core group' });
    await user.click(within(coreGroup).getByLabelText("Sam Social (Children's social care)"));
    await user.click(within(coreGroup).getByLabelText('Hana Health (Health)'));
    await user.type(screen.getByLabelText('Reasons for the decision'), 'Likely to suffer significant harm');
    await submit();

    expect(posted()).toEqual([
      {
        method: 'POST',
        path: `/api/meetings/${meeting.id}/children/${child.childId}/outcome`,
        body: {
          outcome: 'child-protection-plan',
          categories: ['neglect', 'emotional'],
          leadProfessionalUserId: sam.userId,
          coreGroupUserIds: [sam.userId, hana.userId],
          reasons: 'Likely to suffer significant harm',
        },
      },
    ]);
    expect(recorded()).toBe(1);
  });

  it('sends only the step down with no plan, even after plan fields were filled in', async () => {
    const { user, submit, posted } = renderForm('icpc');
    await user.click(screen.getByLabelText('Child protection plan'));
    await user.click(screen.getByLabelText('Neglect'));
    await user.click(screen.getByLabelText('No child protection plan'));
    await user.click(screen.getByLabelText('Family Help plan'));
    await user.type(screen.getByLabelText('Reasons for the decision'), 'Support is enough');
    await submit();
    expect(posted()[0]?.body).toEqual({ outcome: 'no-plan', stepDown: 'family-help', reasons: 'Support is enough' });
  });

  it.each([
    ['Continue the child protection plan', ['Physical abuse'], { outcome: 'continue-plan', categories: ['physical'] }],
    ['End the child protection plan', ['Child in need plan'], { outcome: 'end-plan', stepDown: 'child-in-need' }],
    [
      'Escalate (the plan continues)',
      ['Pre-proceedings (Public Law Outline)'],
      { outcome: 'escalate', route: 'pre-proceedings' },
    ],
  ])('at a review, sends "%s" with its own fields', async (label, choices, expected) => {
    const { user, submit, posted } = renderForm('review-conference');
    await user.click(screen.getByLabelText(label));
    for (const choice of choices) await user.click(screen.getByLabelText(choice));
    await user.type(screen.getByLabelText('Reasons for the decision'), 'Reviewed');
    await submit();
    expect(posted()[0]?.body).toEqual({ ...expected, reasons: 'Reviewed' });
  });

  it('asks for what is missing before sending, in plain words', async () => {
    const { user, submit, posted } = renderForm('icpc');
    await submit();
    let summary = screen.getByTestId('error-summary');
    expect(
      within(summary).getByRole('link', { name: 'Select the conference’s decision for this child' }),
    ).toBeVisible();
    expect(within(summary).getByRole('link', { name: 'Enter the reasons for the decision' })).toBeVisible();

    await user.click(screen.getByLabelText('Child protection plan'));
    await submit();
    summary = screen.getByTestId('error-summary');
    for (const message of ['Select at least one category', 'Select the lead professional', 'Name the core group'])
      expect(within(summary).getByRole('link', { name: message })).toBeVisible();
    expect(posted()).toHaveLength(0);
  });

  it("shows the server's field errors in the error summary", async () => {
    const fieldError = renderForm(
      'icpc',
      errorResponse(400, 'ValidationFailed', 'Check the decision', [
        { path: 'leadProfessionalUserId', message: 'The lead professional must be a member of the conference' },
      ]),
    );
    await fieldError.user.click(screen.getByLabelText('No child protection plan'));
    await fieldError.user.click(screen.getByLabelText('No further action'));
    await fieldError.user.type(screen.getByLabelText('Reasons for the decision'), 'No concerns');
    await fieldError.submit();
    expect(
      await within(screen.getByTestId('error-summary')).findByRole('link', {
        name: 'The lead professional must be a member of the conference',
      }),
    ).toBeVisible();
    expect(fieldError.recorded()).toBe(0);
  });

  it('shows a refusal that is not about one field above the form', async () => {
    const message =
      'The conference decision in force is a child protection plan: record that, or change the decision first';
    const { user, submit, recorded } = renderForm('icpc', errorResponse(409, 'Conflict', message));
    await user.click(screen.getByLabelText('No child protection plan'));
    await user.click(screen.getByLabelText('No further action'));
    await user.type(screen.getByLabelText('Reasons for the decision'), 'No concerns');
    await submit();
    expect(await screen.findByTestId('error-summary')).toHaveTextContent(message);
    expect(recorded()).toBe(0);
  });
});

describe('continuing a plan at a review', () => {
  it('starts from the plan’s categories', async () => {
    const meeting = buildMeeting({ type: 'review-conference', children: [child], members: [sam] });
    const sent = routeFetch(({ method }) => (method === 'POST' ? jsonResponse(buildOutcome()) : undefined));
    render(
      <OutcomeForm meeting={meeting} child={child} currentCategories={['physical']} onRecorded={() => undefined} />,
    );
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Continue the child protection plan'));
    expect(screen.getByLabelText('Physical abuse')).toBeChecked();
    await user.click(screen.getByLabelText('Neglect'));
    await user.type(screen.getByLabelText('Reasons for the decision'), 'Neglect too');
    await user.click(screen.getByRole('button', { name: 'Record the decision for Ruby Testcase' }));
    expect(sent[0]?.body).toEqual({
      outcome: 'continue-plan',
      categories: ['neglect', 'physical'],
      reasons: 'Neglect too',
    });
  });
});
