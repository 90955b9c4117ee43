import { MEETING_TYPES, type MeetingType } from '@roundtable/shared/pathway';
import type { MeetingDetail } from '@roundtable/shared/schemas';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { routeFetch } from '../../test/fetchRoutes';
import { buildMeeting, buildUser } from '../../test/factories';
import { buildPart, jsonResponse } from '../../test/pathway-factories';
import { RoomTabs } from '../room/RoomTabs';
import { useConferenceRoom } from './useConferenceRoom';

/** The room's tabs as MeetingRoom composes them: the record first, then the meeting type's own. */
function Room({ meeting }: { meeting: MeetingDetail }) {
  const conference = useConferenceRoom(meeting, buildUser());
  return (
    <>
      {conference.banner}
      <RoomTabs label="Contents" tabs={[{ key: 'record', label: 'Record', content: null }, ...conference.tabs]} />
    </>
  );
}

function answerLists(openPart = false) {
  return routeFetch(({ method, path }) => {
    if (method !== 'GET') return undefined;
    if (path.endsWith('/reports')) return jsonResponse({ reports: [] });
    if (path.endsWith('/outcomes')) return jsonResponse({ outcomes: [] });
    if (path.endsWith('/parts')) return jsonResponse({ parts: openPart ? [buildPart()] : [] });
    return undefined; // a child's plan: 404, none
  });
}

const EXPECTED: Record<MeetingType, string[]> = {
  'strategy-discussion': ['Record'],
  icpc: ['Record', 'Reports', 'Decision for each child', 'Child protection plan', 'Held without the parents'],
  'core-group': ['Record', 'Child protection plan'],
  'review-conference': [
    'Record',
    'Reports',
    'Decision for each child',
    'Child protection plan',
    'Held without the parents',
  ],
  fgdm: ['Record'],
};

describe('the conference tabs of the meeting room', () => {
  it.each(MEETING_TYPES)('a %s has its own tabs only', async (type) => {
    const sent = answerLists();
    render(<Room meeting={buildMeeting({ type })} />);
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(EXPECTED[type]);
    // A strategy discussion asks the server for nothing of the pathway's.
    if (type === 'strategy-discussion') expect(sent).toHaveLength(0);
    else expect(await screen.findAllByRole('tabpanel', { hidden: true })).toHaveLength(EXPECTED[type].length);
  });

  it('shows the banner while a part of a live conference is held without the parents', async () => {
    answerLists(true);
    render(<Room meeting={buildMeeting({ type: 'icpc', status: 'live' })} />);
    expect(await screen.findByTestId('part-banner')).toHaveTextContent(
      'This part of the conference is being held without the parents',
    );
  });

  it('shows no banner when no part is open', async () => {
    const sent = answerLists(false);
    render(<Room meeting={buildMeeting({ type: 'review-conference', status: 'live' })} />);
    await screen.findByText('No part of this conference has been held without the parents.');
    expect(sent.some((request) => request.path.endsWith('/parts'))).toBe(true);
    expect(screen.queryByTestId('part-banner')).not.toBeInTheDocument();
  });
});
