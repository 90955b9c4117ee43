import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { buildMeeting } from '../../test/factories';
import { routeFetch } from '../../test/fetchRoutes';
import { jsonResponse } from '../../test/pathway-factories';
import { FgdmPanel, PRIVATE_FAMILY_TIME_WARNING } from './FgdmPanel';
import { buildFgdmState, buildPresentation } from './fgdmTestState';

const meeting = buildMeeting({ type: 'fgdm', status: 'live', myRole: 'chair' });
const base = `/api/meetings/${meeting.id}/fgdm`;

function renderPanel(state = buildFgdmState({ meetingId: meeting.id })) {
  const changes: unknown[] = [];
  const sent = routeFetch(({ method }) => (method === 'POST' ? jsonResponse(state) : undefined));
  render(<FgdmPanel meeting={meeting} state={state} onChanged={(next) => changes.push(next)} />);
  return { sent, changes, user: userEvent.setup() };
}

const errorLinks = () =>
  within(screen.getByTestId('error-summary'))
    .getAllByRole('link')
    .map((a) => a.textContent);

describe('the FGDM panel', () => {
  it('asks before private family time starts, and sends nothing when cancelled', async () => {
    const { sent, user } = renderPanel(buildFgdmState({ meetingId: meeting.id, stage: 'information-giving' }));
    await user.click(screen.getByRole('button', { name: 'Start private family time' }));
    expect(screen.getByText(PRIVATE_FAMILY_TIME_WARNING)).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(sent).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Start private family time' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Start private family time' }));
    await user.click(screen.getByRole('button', { name: 'Yes, start private family time' }));
    expect(sent).toEqual([{ method: 'POST', path: `${base}/stages`, body: { stage: 'private-family-time' } }]);
  });

  it('says the plan is private during private family time, and shows other members no controls', () => {
    render(
      <FgdmPanel
        meeting={{ ...meeting, myRole: 'participant' }}
        state={buildFgdmState({ stage: 'private-family-time', canCoordinate: false, canAddBottomLines: false })}
        onChanged={() => undefined}
      />,
    );
    expect(screen.getByTestId('private-family-time-notice')).toHaveTextContent('The family’s plan is private');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    expect(screen.getByTestId('no-presentations')).toHaveTextContent('The family has not shared a plan yet.');
  });

  it('requires the reasons when the plan does not keep the child safe, before sending', async () => {
    const presentation = buildPresentation();
    const { sent, user } = renderPanel(
      buildFgdmState({ meetingId: meeting.id, stage: 'response', presentations: [presentation] }),
    );
    await user.click(screen.getByRole('button', { name: 'Record the response' }));
    expect(errorLinks()).toEqual([
      'Say whether the family’s plan keeps the child safe',
      'Say whether the plan is agreed, to be amended or not agreed',
    ]);

    await user.click(screen.getByLabelText('No'));
    await user.click(screen.getByLabelText('Not agreed'));
    await user.click(screen.getByRole('button', { name: 'Record the response' }));
    expect(errorLinks()).toEqual(['Give the reasons the plan does not keep the child safe']);
    expect(screen.getByLabelText('Why does the plan not keep the child safe?')).toHaveAccessibleDescription(
      expect.stringContaining('Give the reasons the plan does not keep the child safe'),
    );
    expect(sent).toHaveLength(0);

    await user.type(screen.getByLabelText('Why does the plan not keep the child safe?'), 'No one checks at night.');
    await user.click(screen.getByRole('button', { name: 'Record the response' }));
    expect(sent).toEqual([
      {
        method: 'POST',
        path: `${base}/presentations/${presentation.id}/responses`,
        body: { keepsChildSafe: false, reasons: 'No one checks at night.', outcome: 'not-agreed' },
      },
    ]);
  });

  it('sends "keeps the child safe: yes, agreed" with no reasons', async () => {
    const presentation = buildPresentation();
    const { sent, user } = renderPanel(
      buildFgdmState({ meetingId: meeting.id, stage: 'response', presentations: [presentation] }),
    );
    await user.click(screen.getByLabelText('Yes'));
    await user.click(screen.getByLabelText('Agreed'));
    await user.click(screen.getByRole('button', { name: 'Record the response' }));
    expect(sent[0]?.body).toEqual({ keepsChildSafe: true, reasons: '', outcome: 'agreed' });
  });

  it('checks a support item (cost in pounds) before sending it in pence', async () => {
    const { sent, user } = renderPanel();
    const form = within(document.getElementById('add-support-form') as HTMLElement);
    await user.type(form.getByLabelText('Cost in pounds'), 'two hundred');
    await user.click(form.getByRole('button', { name: 'Add support' }));
    expect(errorLinks()).toEqual([
      'Enter who the support is for',
      'Enter the support',
      'Enter the cost in pounds, like 250 or 1200.50 (0 if it costs nothing)',
      'Enter how often and for how long',
      'Say whether the support is approved',
    ]);
    expect(sent).toHaveLength(0);

    await user.type(form.getByLabelText('Who the support is for'), 'Grandmother');
    await user.type(form.getByLabelText('What support'), 'A bed for the spare room');
    await user.clear(form.getByLabelText('Cost in pounds'));
    await user.type(form.getByLabelText('Cost in pounds'), '£1,250.5');
    await user.type(form.getByLabelText('How often and for how long'), 'Once');
    await user.click(form.getByLabelText('Yes, approved'));
    await user.click(form.getByRole('button', { name: 'Add support' }));
    expect(sent).toEqual([
      {
        method: 'POST',
        path: `${base}/support-items`,
        body: {
          who: 'Grandmother',
          support: 'A bed for the spare room',
          costPence: 125050,
          frequency: 'Once',
          approved: true,
        },
      },
    ]);
  });

  it('refuses an empty bottom line', async () => {
    const { sent, user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Add bottom line' }));
    expect(errorLinks()).toEqual(['Enter the bottom line']);
    expect(sent).toHaveLength(0);
  });
});
