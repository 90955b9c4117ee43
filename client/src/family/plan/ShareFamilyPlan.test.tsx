import type { FamilyFgdmState } from '@roundtable/shared/fgdm';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { uuid } from '../../../test/factories';
import { routeFetch } from '../../../test/fetchRoutes';
import { jsonResponse } from '../../../test/pathway-factories';
import { buildPresentation } from '../../fgdm/fgdmTestState';
import { ShareFamilyPlan } from './ShareFamilyPlan';

const shared: FamilyFgdmState = {
  meetingId: uuid(),
  stage: 'private-family-time',
  stages: [],
  privateFamilyTime: [],
  bottomLines: [],
  presentations: [buildPresentation({ version: 1 })],
  responses: [],
  supportItems: [],
  canEditPlan: true,
  canPresent: true,
  planDocument: 'meetings/x/family-plan',
};

describe('sharing the family’s plan', () => {
  it('shares only after the family confirms, then says so and takes focus', async () => {
    const sent = routeFetch(({ method }) => (method === 'POST' ? jsonResponse(shared) : undefined));
    const user = userEvent.setup();
    render(<ShareFamilyPlan saved onShared={() => undefined} />);

    await user.click(screen.getByRole('button', { name: 'Share our plan with the professionals' }));
    expect(screen.getByText(/The professionals will read your plan as it is now/)).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(sent).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Share our plan with the professionals' }));
    await user.click(screen.getByRole('button', { name: 'Yes, share our plan' }));
    expect(sent).toEqual([{ method: 'POST', path: '/api/family/fgdm/plan/presentations', body: {} }]);
    expect(await screen.findByTestId('share-plan-done')).toHaveFocus();
    expect(screen.getByTestId('share-plan-done')).toHaveTextContent('The professionals can now read version 1.');
  });

  it('waits until every change is saved', () => {
    routeFetch(() => undefined);
    render(<ShareFamilyPlan saved={false} onShared={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Share our plan with the professionals' })).toBeDisabled();
    expect(screen.getByText('You can share the plan once all changes are saved.')).toBeInTheDocument();
  });
});
