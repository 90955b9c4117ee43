import {
  SAFETY_PLAN_CHANGED,
  TYPED_NAME_MISMATCH,
  type FamilySafetyPlanResponse,
} from '@roundtable/shared/family-view';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { routeFetch } from '../../../test/fetchRoutes';
import { uuid } from '../../../test/factories';
import { errorResponse, jsonResponse } from '../../../test/pathway-factories';
import { FamilySafetyPlanPage } from './FamilySafetyPlanPage';

const you = { participantId: uuid(), displayName: 'Pat Parent' };
const plan = (hash: string, text: string): FamilySafetyPlanResponse => ({
  you,
  withoutFamily: false,
  continuing: null,
  sections: [
    {
      key: 'worries',
      title: 'What are we worried about?',
      paragraphs: [{ text, withheld: false, heading: false, listItem: false }],
    },
  ],
  versionHash: hash,
  signatures: [],
});

describe('the family signs the safety plan', () => {
  it('refuses a name that is not theirs without sending, then signs the version read; a changed plan is shown again', async () => {
    let current = plan('a'.repeat(64), 'Ruby sleeps at her grandmother’s house.');
    const sent = routeFetch(({ method, path }) => {
      if (method === 'GET' && path === '/api/family/safety-plan') return jsonResponse(current);
      if (method === 'POST') {
        const changed = current;
        current = plan('b'.repeat(64), 'Grandmother takes Ruby to nursery.');
        return changed.versionHash === 'a'.repeat(64)
          ? errorResponse(409, 'Conflict', SAFETY_PLAN_CHANGED)
          : jsonResponse({});
      }
      return undefined;
    });
    const user = userEvent.setup();
    render(
      <MemoryRouter>
        <FamilySafetyPlanPage />
      </MemoryRouter>,
    );
    expect(await screen.findByText('Ruby sleeps at her grandmother’s house.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Type your full name to sign'), 'Someone Else');
    await user.click(screen.getByRole('button', { name: 'Sign the safety plan' }));
    expect(within(screen.getByTestId('error-summary')).getByRole('link', { name: TYPED_NAME_MISMATCH })).toBeVisible();
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Type your full name to sign'));
    await user.type(screen.getByLabelText('Type your full name to sign'), 'pat parent');
    await user.click(screen.getByRole('button', { name: 'Sign the safety plan' }));
    expect(await screen.findByText(SAFETY_PLAN_CHANGED)).toBeInTheDocument();
    expect(sent.filter((r) => r.method === 'POST')[0]!.body).toEqual({
      typedName: 'pat parent',
      versionHash: 'a'.repeat(64),
    });
    expect(await screen.findByText('Grandmother takes Ruby to nursery.')).toBeInTheDocument();
  });
});
