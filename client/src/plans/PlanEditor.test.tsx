import type { ChildProtectionPlan } from '@roundtable/shared/pathway';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { routeFetch } from '../../test/fetchRoutes';
import { uuid } from '../../test/factories';
import {
  buildPlan,
  buildPlanContent,
  buildPlanOutcome,
  buildPlanVersion,
  errorResponse,
  jsonResponse,
} from '../../test/pathway-factories';
import { ChildPlanSection } from './ChildPlanSection';

const meetingId = uuid();

function renderSection(plan: ChildProtectionPlan) {
  render(<ChildPlanSection childId={plan.childId} plan={plan} meetingId={meetingId} />);
  return userEvent.setup();
}

const planPath = (plan: ChildProtectionPlan) => `/api/children/${plan.childId}/plan`;

describe('changing a child protection plan', () => {
  it('keeps the draft and shows the newer version when someone else saved one first', async () => {
    const plan = buildPlan({ current: buildPlanVersion({ version: 2 }) });
    const theirs: ChildProtectionPlan = {
      ...plan,
      current: buildPlanVersion({
        version: 3,
        changedBy: { ...plan.current.changedBy, displayName: 'Hana Health', agency: 'health' },
        content: buildPlanContent({ outcomes: [buildPlanOutcome({ text: 'Ruby sees the dentist' })] }),
      }),
    };
    let conflicted = false;
    const sent = routeFetch(({ method, path }) => {
      if (path !== planPath(plan)) return undefined;
      if (method === 'GET') return jsonResponse(theirs);
      if (conflicted) return jsonResponse({ ...theirs, current: { ...theirs.current, version: 4 } });
      conflicted = true;
      return errorResponse(409, 'Conflict', 'The plan was changed by someone else.');
    });
    const user = renderSection(plan);

    await user.click(screen.getByRole('button', { name: /Change the plan/ }));
    const outcome = screen.getByLabelText('What must change');
    await user.clear(outcome);
    await user.type(outcome, 'Ruby is at school by 9am every day');
    await user.click(screen.getByRole('button', { name: 'Save the plan' }));

    const conflict = await screen.findByTestId('plan-conflict');
    expect(conflict).toHaveTextContent('Someone else changed the plan while you were editing: here is their version');
    expect(conflict).toHaveTextContent('Version 3, changed by Hana Health (Health)');
    expect(within(screen.getByTestId('plan-conflict-theirs')).getByText('Ruby sees the dentist')).toBeInTheDocument();
    expect(conflict).toHaveFocus();
    // The draft is as the user left it, and the page now says which version is current.
    expect(screen.getByLabelText('What must change')).toHaveValue('Ruby is at school by 9am every day');
    expect(screen.getByTestId('plan-current-version')).toHaveTextContent('Version 3');

    await user.click(screen.getByRole('button', { name: 'Save my version' }));
    const puts = sent.filter((request) => request.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts[0]?.body).toMatchObject({ baseVersion: 2, meetingId });
    expect(puts[1]?.body).toMatchObject({
      baseVersion: 3,
      meetingId,
      content: { outcomes: [{ text: 'Ruby is at school by 9am every day' }] },
    });
    expect(await screen.findByTestId('plan-saved')).toHaveTextContent('The plan was saved as version 4.');
  });

  it("shows the server's field errors in the error summary, linked to their inputs", async () => {
    const plan = buildPlan();
    routeFetch(({ method, path }) =>
      method === 'PUT' && path === planPath(plan)
        ? errorResponse(400, 'ValidationFailed', 'Check the plan', [
            { path: 'content.outcomes.0.actions.0.owner', message: 'Enter who will do it' },
          ])
        : undefined,
    );
    const user = renderSection(plan);
    await user.click(screen.getByRole('button', { name: /Change the plan/ }));
    await user.click(screen.getByRole('button', { name: 'Save the plan' }));

    const link = await within(await screen.findByTestId('error-summary')).findByRole('link', {
      name: 'Outcome 1, action 1: Enter who will do it',
    });
    expect(link).toHaveAttribute('href', `#plan-${plan.childId}-outcome-0-action-0-owner`);
    expect(screen.getByLabelText('Who will do it')).toHaveAccessibleDescription(
      expect.stringContaining('Enter who will do it'),
    );
  });

  it('adds an outcome with new ids, and checks it before sending', async () => {
    const plan = buildPlan();
    const sent = routeFetch(({ method }) => (method === 'PUT' ? jsonResponse(plan) : undefined));
    const user = renderSection(plan);
    await user.click(screen.getByRole('button', { name: /Change the plan/ }));
    await user.click(screen.getByRole('button', { name: 'Add an outcome' }));
    expect(screen.getAllByLabelText('What must change')[1]).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Save the plan' }));

    const summary = await screen.findByTestId('error-summary');
    expect(within(summary).getByRole('link', { name: 'Outcome 2: Enter what must change' })).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: 'Outcome 2, action 1: Enter the due date' })).toBeInTheDocument();
    expect(sent.filter((request) => request.method === 'PUT')).toHaveLength(0);

    await user.click(screen.getAllByLabelText('What must change')[1]!);
    await user.paste('Ruby’s home is warm and clean');
    await user.click(screen.getAllByLabelText('What will be done')[1]!);
    await user.paste('Help with heating costs');
    await user.click(screen.getAllByLabelText('Who will do it')[1]!);
    await user.paste('Family support worker');
    await user.selectOptions(screen.getAllByLabelText('Their agency')[1]!, 'Family');
    await user.type(screen.getAllByLabelText('Day')[1]!, '1');
    await user.type(screen.getAllByLabelText('Month')[1]!, '5');
    // An action is due ahead: a date in the future is what a plan sets.
    await user.type(screen.getAllByLabelText('Year')[1]!, '2099');
    await user.click(screen.getByRole('button', { name: 'Save the plan' }));

    const put = sent.find((request) => request.method === 'PUT');
    const outcomes = (put?.body as { content: { outcomes: { id: string; actions: { id: string }[] }[] } }).content
      .outcomes;
    expect(outcomes[1]).toMatchObject({
      text: 'Ruby’s home is warm and clean',
      actions: [{ owner: 'Family support worker', agency: 'family', dueDate: '2099-05-01' }],
    });
    expect(outcomes[1]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcomes[1]?.actions[0]?.id).not.toBe(outcomes[1]?.id);
  });
});
