import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { routeFetch } from '../../test/fetchRoutes';
import { buildPerson, uuid } from '../../test/factories';
import { buildPlan, buildPlanVersion, jsonResponse } from '../../test/pathway-factories';
import { ChildPlanSection } from './ChildPlanSection';

describe("a child's plan section", () => {
  it('shows the plan, who changed it last and where, and lists earlier versions with their fingerprints on request', async () => {
    const first = buildPlanVersion({ version: 1, hash: 'f00dfeedbeef'.padEnd(64, '1') });
    const plan = buildPlan({
      initialCategories: ['neglect'],
      latestCategories: ['neglect', 'emotional'],
      current: buildPlanVersion({
        version: 2,
        changedBy: buildPerson({ displayName: 'Sam Social' }),
        meeting: { id: uuid(), reference: 'CG-2026-0002', type: 'core-group' },
      }),
    });
    const sent = routeFetch(({ path }) =>
      path.endsWith('/plan/versions') ? jsonResponse({ versions: [first, plan.current] }) : undefined,
    );
    render(<ChildPlanSection childId={plan.childId} plan={plan} />);

    const section = screen.getByRole('region', { name: 'Child protection plan' });
    expect(section).toHaveAttribute('id', 'plan');
    expect(within(section).getByTestId('plan-status')).toHaveTextContent('Active');
    expect(section).toHaveTextContent('Neglect and Emotional abuse');
    expect(section).toHaveTextContent('Initial category: Neglect');
    expect(screen.getByTestId('plan-current-version')).toHaveTextContent(
      /^Version 2, changed by Sam Social \(Children's social care\) on .+, in meeting CG-2026-0002/,
    );
    expect(within(section).getByRole('button', { name: /Change the plan/ })).toBeInTheDocument();
    expect(sent).toHaveLength(0);

    await userEvent.setup().click(screen.getByText('Earlier versions (1)'));
    const earlier = await screen.findByText(/^Version 1, changed by/);
    expect(earlier.closest('li')).toHaveTextContent('Fingerprint f00dfeedbeef');
    expect(sent.map((request) => request.path)).toEqual([`/api/children/${plan.childId}/plan/versions`]);
  });

  it('offers no change to an ended plan, nor where the reader may only read it', () => {
    const ended = buildPlan({
      status: 'ended',
      endedAt: '2026-09-01T10:00:00.000Z',
      endedByMeeting: { id: buildPlan().id, reference: 'RCPC-2026-0003' },
      stepDown: 'child-in-need',
    });
    const { unmount } = render(<ChildPlanSection childId={ended.childId} plan={ended} />);
    expect(screen.getByTestId('plan-status')).toHaveTextContent('Ended');
    expect(screen.getByRole('region', { name: 'Child protection plan' })).toHaveTextContent(
      'at RCPC-2026-0003, stepping down to: Child in need plan.',
    );
    expect(screen.queryByRole('button', { name: /Change the plan/ })).not.toBeInTheDocument();
    unmount();

    const active = buildPlan();
    render(<ChildPlanSection childId={active.childId} plan={active} canEdit={false} />);
    expect(screen.queryByRole('button', { name: /Change the plan/ })).not.toBeInTheDocument();
  });

  it('says so when there is no plan', () => {
    render(<ChildPlanSection childId={buildPlan().childId} plan={null} />);
    expect(screen.getByRole('region', { name: 'Child protection plan' })).toHaveTextContent(
      'There is no child protection plan.',
    );
  });
});
